// Conv: NCHW input transposed once to NHWC, OIHW weights materialized as OHWI,
// pads reordered to TOSA's [top, bottom, left, right], Relu as tosa.clamp.

// RUN: %python -m cim.make_models conv_relu -o %t.conv_relu.onnx
// RUN: cim-translate --import-onnx %t.conv_relu.onnx | FileCheck %s --check-prefix=RELU
// RUN: %python -m cim.make_models conv_variants -o %t.variants.onnx
// RUN: cim-translate --import-onnx %t.variants.onnx --mlir-elide-resource-strings-if-larger=64 | FileCheck %s --check-prefix=VARIANTS
// RUN: %python -m cim.make_models conv_auto_pad -o %t.auto_pad.onnx
// RUN: cim-translate --import-onnx %t.auto_pad.onnx | FileCheck %s --check-prefix=AUTOPAD
// RUN: %python -m cim.make_models convtranspose_dilations -o %t.ctdil.onnx
// RUN: cim-translate --import-onnx %t.ctdil.onnx --mlir-elide-resource-strings-if-larger=8 | FileCheck %s --check-prefix=CTDIL

// RELU-LABEL: func.func @main(
// RELU-SAME:      %[[ARG:.*]]: tensor<1x3x16x16xf32> {cim.name = "input"})
// RELU-SAME:      -> (tensor<1x8x16x16xf32> {cim.name = "output"})
// RELU-DAG:     %[[B:.*]] = "tosa.const"() <{values = dense_resource<conv1.bias> : tensor<8xf32>}>
// RELU-DAG:     %[[W:.*]] = "tosa.const"() <{values = dense_resource<conv1.weight.ohwi> : tensor<8x3x3x3xf32>}>
// RELU:         %[[X:.*]] = tosa.transpose %[[ARG]] {perms = array<i32: 0, 2, 3, 1>} : (tensor<1x3x16x16xf32>) -> tensor<1x16x16x3xf32>
// RELU:         %[[C:.*]] = tosa.conv2d %[[X]], %[[W]], %[[B]], %{{.*}}, %{{.*}} {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>}
// RELU-SAME:      -> tensor<1x16x16x8xf32>
// RELU:         %[[R:.*]] = tosa.clamp %[[C]] {max_val = 0x7F800000 : f32, min_val = 0.000000e+00 : f32}
// RELU:         %[[Y:.*]] = tosa.transpose %[[R]] {perms = array<i32: 0, 3, 1, 2>} : (tensor<1x16x16x8xf32>) -> tensor<1x8x16x16xf32>
// RELU:         return %[[Y]]
// Weights stored as raw_data become resource blobs (the 0x04 prefix is the
// blob's 4-byte alignment).
// RELU:       dialect_resources
// RELU:         conv1.bias: "0x04000000
// RELU:         conv1.weight.ohwi: "0x04000000

// Stride 2 with pads (top 0, left 1, bottom 1, right 0) on 9x9: ONNX floors the
// output to 4x4; TOSA needs whole strides, so the unread bottom pad row is
// dropped and the unread last input column is sliced off.
// VARIANTS-LABEL: func.func @main(
// VARIANTS:         %[[X:.*]] = tosa.transpose
// VARIANTS:         %[[S:.*]] = tosa.slice %[[X]], %{{.*}}, %{{.*}} : (tensor<1x9x9x2xf32>, !tosa.shape<4>, !tosa.shape<4>) -> tensor<1x9x8x2xf32>
// VARIANTS:         %[[C1:.*]] = tosa.conv2d %[[S]], {{.*}} {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 1, 0>, stride = array<i64: 2, 2>}
// VARIANTS-SAME:      -> tensor<1x4x4x4xf32>
// A conv without bias gets a zero bias.
// VARIANTS:         %[[ZB:.*]] = "tosa.const"() <{values = dense<0.000000e+00> : tensor<6xf32>}>
// VARIANTS:         tosa.conv2d %[[C1]], %{{.*}}, %[[ZB]], {{.*}} {acc_type = f32, dilation = array<i64: 2, 2>, pad = array<i64: 2, 2, 2, 2>, stride = array<i64: 1, 1>}
// VARIANTS-SAME:      -> tensor<1x4x4x6xf32>
// VARIANTS-NOT:     tosa.transpose %[[C1]]

// auto_pad=SAME_UPPER: output ceil(5 / 1) = 5, padding (3 - 1) split evenly.
// AUTOPAD-LABEL: func.func @main(
// AUTOPAD:         tosa.conv2d {{.*}} {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>}
// AUTOPAD-SAME:      -> tensor<1x5x5x2xf32>

// ConvTranspose with dilations: TOSA has none, so the kernel gets zeros
// between its taps. A constant 3x2 kernel with dilations 2x3 becomes a 5x4
// constant at import.
// CTDIL-LABEL: func.func @main(
// CTDIL:         %[[W:.*]] = "tosa.const"() <{values = dense_resource<w.dilated.ohwi> : tensor<3x5x4x2xf32>}>
// CTDIL:         %[[X:.*]] = tosa.transpose %arg0
// CTDIL:         tosa.transpose_conv2d %[[X]], %[[W]], {{.*}} {acc_type = f32, out_pad = array<i64: -1, 0, 0, -2>, stride = array<i64: 2, 1>} : {{.*}} -> tensor<1x10x4x3xf32>
// A weight given as an input, dilations 3x2: [C, O, KH, 1, KW, 1] padded
// with d - 1 zeros after each tap, reshaped and the trailing zeros sliced
// off (2x2 -> 4x3).
// CTDIL:         %[[W6:.*]] = tosa.reshape %arg1, {{.*}} -> tensor<2x1x2x1x2x1xf32>
// CTDIL:         %[[WP:.*]] = tosa.pad %[[W6]], {{.*}} -> tensor<2x1x2x3x2x2xf32>
// CTDIL:         %[[WR:.*]] = tosa.reshape %[[WP]], {{.*}} -> tensor<2x1x6x4xf32>
// CTDIL:         %[[WS:.*]] = tosa.slice %[[WR]], {{.*}} -> tensor<2x1x4x3xf32>
// CTDIL:         %[[WT:.*]] = tosa.transpose %[[WS]] {perms = array<i32: 1, 2, 3, 0>}
// CTDIL:         tosa.transpose_conv2d %[[X]], %[[WT]], {{.*}} -> tensor<1x7x5x1xf32>
