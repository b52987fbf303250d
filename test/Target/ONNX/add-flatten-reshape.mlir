// Add follows its data operand's layout (constants are permuted to match),
// Flatten/Reshape of an NHWC value go back to ONNX order once.

// RUN: %python -m cim.make_models add_flatten_reshape -o %t.onnx
// RUN: cim-translate --import-onnx %t.onnx --mlir-elide-resource-strings-if-larger=64 | FileCheck %s

// CHECK-LABEL: func.func @main(
// CHECK-SAME:      %[[ARG:.*]]: tensor<1x4x4x4xf32> {cim.name = "input"}) -> (tensor<4x16xf32> {cim.name = "output"})
// CHECK:         %[[C:.*]] = tosa.conv2d
// The [4,1,1] per-channel constant becomes [1,1,1,4] for NHWC data.
// CHECK:         %[[CB:.*]] = "tosa.const"() <{values = dense_resource<channel_bias.nhwc> : tensor<1x1x1x4xf32>}>
// CHECK:         %[[A1:.*]] = tosa.add %[[C]], %[[CB]] : (tensor<1x4x4x4xf32>, tensor<1x1x1x4xf32>) -> tensor<1x4x4x4xf32>
// CHECK:         %[[R:.*]] = tosa.clamp %[[A1]]
// CHECK:         %[[A2:.*]] = tosa.add %[[R]], %[[C]]
// Flatten feeds a Reshape (not a Gemm), so the data returns to NCHW order.
// CHECK:         %[[T:.*]] = tosa.transpose %[[A2]] {perms = array<i32: 0, 3, 1, 2>}
// CHECK:         %[[F:.*]] = tosa.reshape %[[T]], %{{.*}} -> tensor<1x64xf32>
// Reshape [0, 2, -1]: 0 copies the input dimension, -1 is inferred.
// CHECK:         %[[R1:.*]] = tosa.reshape %[[F]], %{{.*}} -> tensor<1x2x32xf32>
// CHECK:         %[[R2:.*]] = tosa.reshape %[[R1]], %{{.*}} -> tensor<4x16xf32>
// CHECK:         return %[[R2]]
