// Grouped, depthwise, dilated and SAME-padded convolutions, BatchNormalization
// folded into a conv or kept as an affine mul/add, and ConvTranspose.

// RUN: %python -m cim.make_models conv_groups -o %t.groups.onnx
// RUN: cim-translate --import-onnx %t.groups.onnx --mlir-elide-resource-strings-if-larger=8 | FileCheck %s
// RUN: %python -m cim.make_models conv_transpose -o %t.transpose.onnx
// RUN: cim-translate --import-onnx %t.transpose.onnx --mlir-elide-resource-strings-if-larger=8 | FileCheck %s --check-prefix=TRANSPOSE

// group == C_in: one depthwise conv, weight [KH, KW, C, M]; the following
// BatchNormalization is folded into its weight and bias (".bn").
// CHECK-LABEL: func.func @main(
// CHECK-DAG:     %[[DB:.*]] = "tosa.const"() <{values = dense_resource<dw.bias.bn> : tensor<8xf32>}>
// CHECK-DAG:     %[[DW:.*]] = "tosa.const"() <{values = dense_resource<dw.weight.hwcm.bn> : tensor<3x3x4x2xf32>}>
// CHECK:         %[[X:.*]] = tosa.transpose
// CHECK:         %[[D:.*]] = tosa.depthwise_conv2d %[[X]], %[[DW]], %[[DB]], {{.*}} {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>}
// CHECK-SAME:      -> tensor<1x9x9x8xf32>
// CHECK-NOT:     BatchNormalization
// CHECK:         %[[R1:.*]] = tosa.clamp %[[D]]
// group 2: one conv per group on a channel slice, concatenated on C.
// CHECK:         %[[S0:.*]] = tosa.slice %[[R1]], {{.*}} -> tensor<1x9x9x4xf32>
// CHECK:         %[[G0:.*]] = tosa.conv2d %[[S0]], {{.*}} {acc_type = f32, dilation = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>}
// CHECK:         %[[S1:.*]] = tosa.slice %[[R1]], {{.*}} -> tensor<1x9x9x4xf32>
// CHECK:         %[[G1:.*]] = tosa.conv2d %[[S1]]
// CHECK:         %[[G:.*]] = tosa.concat %[[G0]], %[[G1]] {axis = 3 : i32} : (tensor<1x3x3x3xf32>, tensor<1x3x3x3xf32>) -> tensor<1x3x3x6xf32>
// SAME_UPPER with a 2x2 kernel: the odd padding row and column go to the end.
// CHECK:         %[[SU:.*]] = tosa.conv2d %[[G]], {{.*}} pad = array<i64: 0, 1, 0, 1>, stride = array<i64: 1, 1>}
// CHECK:         %[[R2:.*]] = tosa.clamp %[[SU]]
// A BatchNormalization after a Relu is x * scale + shift per channel (NHWC).
// CHECK:         %[[M:.*]] = tosa.mul %[[R2]], %{{.*}}, %{{.*}} : (tensor<1x3x3x4xf32>, tensor<1x1x1x4xf32>, tensor<1xi8>)
// CHECK:         %[[A:.*]] = tosa.add %[[M]], %{{.*}} : (tensor<1x3x3x4xf32>, tensor<1x1x1x4xf32>)
// SAME_LOWER: the odd padding goes to the beginning.
// CHECK:         tosa.conv2d %[[A]], {{.*}} pad = array<i64: 1, 0, 1, 0>, stride = array<i64: 2, 2>}
// CHECK-SAME:      -> tensor<1x2x2x4xf32>

// ConvTranspose: weight [C, O, KH, KW] -> [O, KH, KW, C]; ONNX pads are
// negative out_pad, output_padding adds to the end. Pads beyond what TOSA
// crops (out_pad > -KH) are sliced off afterwards.
// TRANSPOSE-LABEL: func.func @main(
// TRANSPOSE-DAG:     %[[W1:.*]] = "tosa.const"() <{values = dense_resource<up.weight.ohwi> : tensor<3x3x3x4xf32>}>
// TRANSPOSE:         %[[U:.*]] = tosa.transpose_conv2d %{{.*}}, %[[W1]], {{.*}} {acc_type = f32, out_pad = array<i64: -1, 0, -1, 0>, stride = array<i64: 2, 2>}
// TRANSPOSE-SAME:      -> tensor<1x10x10x3xf32>
// TRANSPOSE:         %[[U2:.*]] = tosa.transpose_conv2d %[[U]], {{.*}} {acc_type = f32, out_pad = array<i64: -1, -1, 0, -1>, stride = array<i64: 1, 1>}
// TRANSPOSE-SAME:      -> tensor<1x9x10x2xf32>
// TRANSPOSE:         %[[C:.*]] = tosa.slice %[[U2]], {{.*}} -> tensor<1x6x10x2xf32>
// TRANSPOSE:         tosa.transpose %[[C]] {perms = array<i32: 0, 3, 1, 2>}
