// Grouped, depthwise, dilated and SAME-padded convolutions, BatchNormalization
// folded into a conv or kept as an affine mul/add, and ConvTranspose.

// RUN: %python -m cim.make_models conv_groups -o %t.groups.onnx
// RUN: cim-translate --import-onnx %t.groups.onnx --mlir-elide-resource-strings-if-larger=8 | FileCheck %s
// RUN: %python -m cim.make_models conv_transpose -o %t.transpose.onnx
// RUN: cim-translate --import-onnx %t.transpose.onnx --mlir-elide-resource-strings-if-larger=8 | FileCheck %s --check-prefix=TRANSPOSE
// RUN: %python -m cim.make_models conv_data_weights -o %t.data.onnx
// RUN: cim-translate --import-onnx %t.data.onnx | FileCheck %s --check-prefix=DATA
// RUN: %python -m cim.make_models conv1d -o %t.conv1d.onnx
// RUN: cim-translate --import-onnx %t.conv1d.onnx --mlir-elide-resource-strings-if-larger=8 | FileCheck %s --check-prefix=ONED
// RUN: %python -m cim.make_models convtranspose_output_shape -o %t.outshape.onnx
// RUN: cim-translate --import-onnx %t.outshape.onnx | FileCheck %s --check-prefix=OUTSHAPE

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

// output_shape 10x8 from 3x3 with strides 3x2 and a 3x3 kernel (9x7 without
// pads): ONNX's pads are -1 at the end, a positive out_pad for TOSA.
// OUTSHAPE-LABEL: func.func @main(
// OUTSHAPE:         tosa.transpose_conv2d {{.*}} {acc_type = f32, out_pad = array<i64: 0, 1, 0, 1>, stride = array<i64: 3, 2>}
// OUTSHAPE-SAME:      -> tensor<1x10x8x2xf32>

// Weights that are graph inputs: OIHW -> OHWI (depthwise: [C*M, 1, KH, KW]
// -> [KH, KW, C, M]) with tosa.transpose at run time.
// DATA-LABEL: func.func @main(
// DATA-SAME:      %[[X:[^:]*]]: tensor<1x3x6x6xf32> {cim.name = "input"}, %[[W:[^:]*]]: tensor<4x3x3x3xf32> {cim.name = "w"}, %[[B:[^:]*]]: tensor<4xf32> {cim.name = "b"}, %[[DW:[^:]*]]: tensor<8x1x2x2xf32> {cim.name = "dw_w"})
// DATA:         %[[WT:.*]] = tosa.transpose %[[W]] {perms = array<i32: 0, 2, 3, 1>}
// DATA:         %[[C:.*]] = tosa.conv2d %{{.*}}, %[[WT]], %[[B]]
// DATA:         %[[DWR:.*]] = tosa.reshape %[[DW]], {{.*}} -> tensor<4x2x2x2xf32>
// DATA:         %[[DWT:.*]] = tosa.transpose %[[DWR]] {perms = array<i32: 2, 3, 0, 1>}
// DATA:         tosa.depthwise_conv2d %[[C]], %[[DWT]], {{.*}} -> tensor<1x3x3x8xf32>

// 1-D Conv, pools and ConvTranspose run as their 2-D forms on [N, C, 1, L]:
// kernels, strides, dilations and pads get a leading 1 (or 0), weights a
// dimension of 1.
// ONED-LABEL: func.func @main(
// ONED:         tosa.reshape %arg0, {{.*}} -> tensor<1x2x1x12xf32>
// ONED:         "tosa.const"() <{values = dense_resource<conv.weight.2d.ohwi> : tensor<4x1x3x2xf32>}>
// ONED:         tosa.conv2d {{.*}} {acc_type = f32, dilation = array<i64: 1, 2>, pad = array<i64: 0, 0, 1, 1>, stride = array<i64: 1, 1>}
// ONED-SAME:      -> tensor<1x1x10x4xf32>
// ONED:         tosa.reshape {{.*}} -> tensor<1x4x10xf32>
// ONED:         tosa.max_pool2d {{.*}} {kernel = array<i64: 1, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 2>}
// ONED:         tosa.avg_pool2d {{.*}} kernel = array<i64: 1, 3>
// ONED:         tosa.transpose_conv2d {{.*}} stride = array<i64: 1, 2>}
// ONED-SAME:      -> tensor<1x1x10x2xf32>
// ONED:         tosa.reshape {{.*}} -> tensor<1x2x10xf32>
