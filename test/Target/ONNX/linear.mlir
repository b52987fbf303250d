// Gemm with transA, alpha, beta and a data B (a matmul of two activations);
// a BatchNormalization after a Gemm with constant B folded into its weights;
// batched MatMul with broadcast batch dimensions and a vector operand.

// RUN: %python -m cim.make_models linear -o %t.onnx
// RUN: cim-translate --import-onnx %t.onnx --mlir-elide-resource-strings-if-larger=8 | FileCheck %s

// CHECK-LABEL: func.func @main(
// CHECK-SAME:      %[[X:[^:]*]]: tensor<5x3xf32> {cim.name = "x"}, %[[Y:[^:]*]]: tensor<5x6xf32> {cim.name = "y"}, %[[C:[^:]*]]: tensor<6xf32> {cim.name = "c"}, %[[P:[^:]*]]: tensor<2x1x3x4xf32> {cim.name = "p"}, %[[Q:[^:]*]]: tensor<3x4x2xf32> {cim.name = "q"}, %[[V:[^:]*]]: tensor<4xf32> {cim.name = "v"})
// CHECK:         %[[XT:.*]] = tosa.transpose %[[X]] {perms = array<i32: 1, 0>}
// CHECK:         %[[A3:.*]] = tosa.reshape %[[XT]], {{.*}} -> tensor<1x3x5xf32>
// CHECK:         %[[B3:.*]] = tosa.reshape %[[Y]], {{.*}} -> tensor<1x5x6xf32>
// CHECK:         %[[MM:.*]] = tosa.matmul %[[A3]], %[[B3]], {{.*}} -> tensor<1x3x6xf32>
// CHECK:         %[[MM2:.*]] = tosa.reshape %[[MM]], {{.*}} -> tensor<3x6xf32>
// CHECK:         %[[AL:.*]] = tosa.mul %[[MM2]], %{{.*}}, %{{.*}} : (tensor<3x6xf32>, tensor<1x1xf32>, tensor<1xi8>)
// CHECK:         %[[CR:.*]] = tosa.reshape %[[C]], {{.*}} -> tensor<1x6xf32>
// CHECK:         %[[BE:.*]] = tosa.mul %[[CR]], %{{.*}}, %{{.*}} : (tensor<1x6xf32>, tensor<1x1xf32>, tensor<1xi8>)
// CHECK:         %[[G:.*]] = tosa.add %[[AL]], %[[BE]]
// The folded BatchNormalization: weights and bias renamed ".bn".
// CHECK:         %[[GR:.*]] = tosa.reshape %[[G]], {{.*}} -> tensor<1x3x6xf32>
// CHECK:         %[[W:.*]] = "tosa.const"() <{values = dense_resource<fc.weight.bn> : tensor<1x6x4xf32>}>
// CHECK:         %[[F:.*]] = tosa.matmul %[[GR]], %[[W]], {{.*}} -> tensor<1x3x4xf32>
// CHECK:         %[[FR:.*]] = tosa.reshape %[[F]], {{.*}} -> tensor<3x4xf32>
// CHECK:         %[[BB:.*]] = "tosa.const"() <{values = dense_resource<fc.bias.bn> : tensor<1x4xf32>}>
// CHECK:         %[[OUT1:.*]] = tosa.add %[[FR]], %[[BB]]
// [2, 1, 3, 4] x [3, 4, 2]: both tiled to the batch [2, 3], one matmul.
// CHECK:         %[[PT:.*]] = tosa.tile %[[P]], {{.*}} -> tensor<2x3x3x4xf32>
// CHECK:         %[[P3:.*]] = tosa.reshape %[[PT]], {{.*}} -> tensor<6x3x4xf32>
// CHECK:         %[[QT:.*]] = tosa.tile {{.*}} -> tensor<2x3x4x2xf32>
// CHECK:         %[[Q3:.*]] = tosa.reshape %[[QT]], {{.*}} -> tensor<6x4x2xf32>
// CHECK:         %[[BM:.*]] = tosa.matmul %[[P3]], %[[Q3]], {{.*}} -> tensor<6x3x2xf32>
// CHECK:         %[[OUT2:.*]] = tosa.reshape %[[BM]], {{.*}} -> tensor<2x3x3x2xf32>
// A vector A is a [1, K] matrix whose dimension disappears afterwards.
// CHECK:         %[[VT:.*]] = tosa.tile {{.*}} -> tensor<3x1x4xf32>
// CHECK:         %[[VM:.*]] = tosa.matmul %[[VT]], %[[Q]], {{.*}} -> tensor<3x1x2xf32>
// CHECK:         %[[OUT3:.*]] = tosa.reshape %[[VM]], {{.*}} -> tensor<3x2xf32>
// CHECK:         return %[[OUT1]], %[[OUT2]], %[[OUT3]]
// CHECK-NOT:     BatchNormalization
