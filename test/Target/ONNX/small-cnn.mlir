// Whole small CNNs: the only transposes are at the graph input (and output
// when it is 4-D); conv -> relu -> pool -> conv chains stay NHWC, and
// Flatten -> Gemm folds the NHWC flattening order into the Gemm weights.

// RUN: %python -m cim.make_models small_cnn -o %t.cnn.onnx
// RUN: cim-translate --import-onnx %t.cnn.onnx --mlir-elide-resource-strings-if-larger=64 | FileCheck %s --check-prefix=CNN
// RUN: %python -m cim.make_models small_cnn_residual -o %t.res.onnx
// RUN: cim-translate --import-onnx %t.res.onnx --mlir-elide-resource-strings-if-larger=64 | FileCheck %s --check-prefix=RES

// CNN-LABEL: func.func @main(
// CNN-SAME:      %[[ARG:.*]]: tensor<1x3x16x16xf32> {cim.name = "input"}) -> (tensor<1x10xf32> {cim.name = "output"})
// CNN:         %[[X:.*]] = tosa.transpose %[[ARG]] {perms = array<i32: 0, 2, 3, 1>}
// CNN-NOT:     tosa.transpose
// CNN:         %[[C1:.*]] = tosa.conv2d %[[X]], {{.*}} -> tensor<1x16x16x8xf32>
// CNN-NOT:     tosa.transpose
// CNN:         %[[R1:.*]] = tosa.clamp %[[C1]]
// CNN-NOT:     tosa.transpose
// CNN:         %[[P:.*]] = tosa.max_pool2d %[[R1]] {{.*}} -> tensor<1x8x8x8xf32>
// CNN-NOT:     tosa.transpose
// CNN:         %[[C2:.*]] = tosa.conv2d %[[P]], {{.*}} -> tensor<1x8x8x16xf32>
// CNN-NOT:     tosa.transpose
// CNN:         %[[R2:.*]] = tosa.clamp %[[C2]]
// CNN-NOT:     tosa.transpose
// CNN:         %[[F:.*]] = tosa.reshape %[[R2]], %{{.*}} : (tensor<1x8x8x16xf32>, !tosa.shape<2>) -> tensor<1x1024xf32>
// CNN:         %[[A:.*]] = tosa.reshape %[[F]], %{{.*}} -> tensor<1x1x1024xf32>
// CNN:         %[[W:.*]] = "tosa.const"() <{values = dense_resource<fc.weight.kxm> : tensor<1x1024x10xf32>}>
// CNN:         %[[MM:.*]] = tosa.matmul %[[A]], %[[W]], {{.*}} -> tensor<1x1x10xf32>
// CNN:         %[[MR:.*]] = tosa.reshape %[[MM]], {{.*}} -> tensor<1x10xf32>
// CNN:         %[[B:.*]] = "tosa.const"() <{values = dense_resource<fc.bias> : tensor<1x10xf32>}>
// CNN:         %[[Y:.*]] = tosa.add %[[MR]], %[[B]]
// CNN-NOT:     tosa.transpose
// CNN:         return %[[Y]]

// RES-LABEL: func.func @main(
// RES:         tosa.transpose %{{.*}} {perms = array<i32: 0, 2, 3, 1>}
// RES-NOT:     tosa.transpose
// RES:         %[[R1:.*]] = tosa.clamp
// RES:         %[[C2:.*]] = tosa.conv2d %[[R1]]
// RES:         %[[S:.*]] = tosa.add %[[C2]], %[[R1]] : (tensor<1x16x16x8xf32>, tensor<1x16x16x8xf32>) -> tensor<1x16x16x8xf32>
// RES:         %[[R2:.*]] = tosa.clamp %[[S]]
// RES:         %[[AP:.*]] = tosa.avg_pool2d %[[R2]], {{.*}} {acc_type = f32, kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>}
// RES:         %[[C3:.*]] = tosa.conv2d %[[AP]]
// RES:         %[[R3:.*]] = tosa.clamp %[[C3]]
// RES:         %[[G:.*]] = tosa.avg_pool2d %[[R3]], {{.*}} kernel = array<i64: 8, 8>{{.*}} -> tensor<1x1x1x16xf32>
// RES:         %[[F:.*]] = tosa.reshape %[[G]], {{.*}} -> tensor<1x16xf32>
// RES:         tosa.matmul
// RES-NOT:     tosa.transpose
// RES:         return
