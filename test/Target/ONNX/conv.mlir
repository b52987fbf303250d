// Conv: NCHW input transposed once to NHWC, OIHW weights materialized as OHWI,
// pads reordered to TOSA's [top, bottom, left, right], Relu as tosa.clamp.

// RUN: %python -m cim.make_models conv_relu -o %t.conv_relu.onnx
// RUN: cim-translate --import-onnx %t.conv_relu.onnx | FileCheck %s --check-prefix=RELU
// RUN: %python -m cim.make_models conv_variants -o %t.variants.onnx
// RUN: cim-translate --import-onnx %t.variants.onnx --mlir-elide-resource-strings-if-larger=64 | FileCheck %s --check-prefix=VARIANTS
// RUN: %python -m cim.make_models conv_auto_pad -o %t.auto_pad.onnx
// RUN: cim-translate --import-onnx %t.auto_pad.onnx | FileCheck %s --check-prefix=AUTOPAD

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
