// QDQ models: QuantizeLinear / DequantizeLinear. Values stay float32; a
// quantized value is a float32 tensor of its integers. A DequantizeLinear of
// an integer initializer (weights, int32 bias) is folded at import; Q on data
// is clamp(round_half_even(x / s) + zp) in TOSA ops, DQ is (q - zp) * s.
// The scales of a Conv/Gemm whose weight came from a DequantizeLinear and
// whose input from a Q -> DQ pair are attached as `cim.qdq` for cim-quantize.

// RUN: %python -m cim.make_models qdq_cnn -o %t.cnn.onnx
// RUN: cim-translate --import-onnx %t.cnn.onnx --mlir-elide-resource-strings-if-larger=16 | FileCheck %s
// RUN: %python -m cim.make_models qdq_per_axis -o %t.axis.onnx
// RUN: cim-translate --import-onnx %t.axis.onnx | FileCheck %s --check-prefix=AXIS

// Fake quantization of the input (int8, zero point 0, scale 4/127): times
// 1/s, clamped, rounded half to even by adding and subtracting 1.5 * 2^23,
// clamped to [-128, 127], times s.
// CHECK-LABEL: func.func @main(
// CHECK-SAME:      %[[IN:.*]]: tensor<1x3x16x16xf32> {cim.name = "input"})
// CHECK-NOT:     DequantizeLinear
// CHECK:         %[[INV:.*]] = "tosa.const"() <{values = dense<3.175000e+01> : tensor<1x1x1x1xf32>}>
// CHECK:         %[[X:.*]] = tosa.mul %[[IN]], %[[INV]]
// CHECK:         %[[C:.*]] = tosa.clamp %[[X]] {max_val = 6.553600e+04 : f32, min_val = -6.553600e+04 : f32}
// CHECK:         %[[MAGIC:.*]] = "tosa.const"() <{values = dense<0x4B400000> : tensor<1x1x1x1xf32>}>
// CHECK:         %[[UP:.*]] = tosa.add %[[C]], %[[MAGIC]]
// CHECK:         %[[R:.*]] = tosa.sub %[[UP]], %[[MAGIC]]
// CHECK:         %[[Q:.*]] = tosa.clamp %[[R]] {max_val = 1.270000e+02 : f32, min_val = -1.280000e+02 : f32}
// CHECK:         %[[S:.*]] = "tosa.const"() <{values = dense<0.0314960629> : tensor<1x1x1x1xf32>}>
// CHECK:         %[[DQ:.*]] = tosa.mul %[[Q]], %[[S]]
// The int8 weights, dequantized at import, are an ordinary float weight.
// CHECK:         %[[W1:.*]] = "tosa.const"() <{values = dense_resource<conv1.weight.ohwi> : tensor<8x3x3x3xf32>}>
// CHECK:         %[[T:.*]] = tosa.transpose %[[DQ]]
// conv1: per-channel weight scales, the input's int8 scale.
// CHECK:         tosa.conv2d %[[T]], %[[W1]], {{.*}}cim.qdq = {input_qmax = 127 : i64, input_qmin = -128 : i64, input_scale = 0.031496062874794006 : f64, input_zero_point = 0 : i64, weight_bits = 8 : i64, weight_scales = array<f64: 0.0041351756080985069, 0.0042268233373761177, {{.*}}>}
// After the ReLU: uint8, zero point 0.
// CHECK:         tosa.clamp %{{.*}} {max_val = 2.550000e+02 : f32, min_val = 0.000000e+00 : f32}
// conv2: one weight scale for all channels (per tensor), the pool's uint8
// scale (MaxPool keeps the grid of the pair before it; a pair after it too).
// CHECK:         tosa.max_pool2d
// CHECK:         tosa.conv2d {{.*}}cim.qdq = {input_qmax = 255 : i64, input_qmin = 0 : i64, input_scale = 0.023529412224888802 : f64, input_zero_point = 0 : i64, weight_bits = 8 : i64, weight_scales = array<f64: 0.0048275943845510483, 0.0048275943845510483,
// fc: the input's scale comes through the Flatten; the int32 bias is folded.
// CHECK:         tosa.matmul {{.*}}cim.qdq = {input_qmax = 255 : i64, input_qmin = 0 : i64, input_scale = 0.031372550874948502 : f64, input_zero_point = 0 : i64, weight_bits = 8 : i64, weight_scales = array<f64: 0.0010893786093220115,
// CHECK:         "tosa.const"() <{values = dense_resource<fc.bias> : tensor<1x10xf32>}>
// CHECK-NOT:     QuantizeLinear
// CHECK:         return

// Per-channel parameters on an NHWC value: constants in NHWC, zero points
// added after rounding and subtracted before the scale.
// AXIS-LABEL: func.func @main(
// AXIS:         %[[CONV:.*]] = tosa.conv2d {{.*}} -> tensor<1x4x4x2xf32>
// AXIS:         %[[INV:.*]] = "tosa.const"() <{values = dense<{{\[\[\[\[}}1.000000e+01, 5.000000e+00]]]]> : tensor<1x1x1x2xf32>}>
// AXIS:         tosa.mul %[[CONV]], %[[INV]]
// AXIS:         %[[ZP:.*]] = "tosa.const"() <{values = dense<{{\[\[\[\[}}0.000000e+00, 5.000000e+00]]]]> : tensor<1x1x1x2xf32>}>
// AXIS:         %[[QZ:.*]] = tosa.add %{{.*}}, %[[ZP]]
// AXIS:         %[[Q:.*]] = tosa.clamp %[[QZ]] {max_val = 2.550000e+02 : f32, min_val = 0.000000e+00 : f32}
// AXIS:         tosa.sub %[[Q]], %{{.*}} : (tensor<1x4x4x2xf32>, tensor<1x1x1x2xf32>)
// AXIS:         "tosa.const"() <{values = dense<{{\[\[\[\[}}1.000000e-01, 2.000000e-01]]]]> : tensor<1x1x1x2xf32>}>
// The per-tensor pair after the Flatten stays on the flattened NHWC data.
// AXIS:         tosa.reshape
// AXIS:         "tosa.const"() <{values = dense<2.000000e+01> : tensor<1x1xf32>}>
// AXIS:         return
