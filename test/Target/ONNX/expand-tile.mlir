// Tile and Expand become tosa.tile (in NHWC for an NHWC value, after a
// reshape to the result's rank for a lower-rank one); Expand of a constant
// and ConstantOfShape are folded at import.

// RUN: %python -m cim.make_models expand_tile -o %t.onnx
// RUN: cim-translate --import-onnx %t.onnx --mlir-elide-resource-strings-if-larger=8 | FileCheck %s

// CHECK-LABEL: func.func @main(
// CHECK:         %[[C:.*]] = tosa.conv2d
// Tile repeats [1, 2, 1, 2] (N, C, H, W) are [1, 1, 2, 2] in NHWC.
// CHECK:         %[[R:.*]] = tosa.const_shape  {values = dense<[1, 1, 2, 2]> : tensor<4xindex>}
// CHECK:         %[[T:.*]] = tosa.tile %[[C]], %[[R]] : {{.*}} -> tensor<1x3x6x4xf32>
// Expand 3x1 to [2, 1, 4]: reshaped to 1x3x1, then tiled 2x1x4.
// CHECK:         %[[V:.*]] = tosa.reshape %arg1, {{.*}} -> tensor<1x3x1xf32>
// CHECK:         %[[M:.*]] = tosa.const_shape  {values = dense<[2, 1, 4]> : tensor<3xindex>}
// CHECK:         %[[E:.*]] = tosa.tile %[[V]], %[[M]] : {{.*}} -> tensor<2x3x4xf32>
// ConstantOfShape(Shape(ev)) with value 0.5: a splat constant.
// CHECK:         %[[H:.*]] = "tosa.const"() <{values = dense<5.000000e-01> : tensor<2x3x4xf32>}>
// CHECK:         %[[A:.*]] = tosa.add %[[E]], %[[H]]
// Expand of the constant row to 3x4: folded, still a resource blob.
// CHECK:         %[[ER:.*]] = "tosa.const"() <{values = dense_resource<er> : tensor<1x3x4xf32>}>
// CHECK:         %[[S:.*]] = tosa.add %[[A]], %[[ER]]
// CHECK:         %[[TT:.*]] = tosa.transpose %[[T]] {perms = array<i32: 0, 3, 1, 2>}
// CHECK:         return %[[TT]], %[[S]]
