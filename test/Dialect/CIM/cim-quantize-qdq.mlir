// RUN: cim-opt %s --split-input-file --verify-diagnostics --cim-quantize | FileCheck %s
// (Other bit widths and calibration data: cim-quantize-qdq-bits.mlir.)

// A layer of a QDQ model: the `cim.qdq` scales the ONNX importer attached are
// used as they are, not calibrated (the random calibration inputs would give
// a signed input scale), and the attribute is dropped. uint8 with zero point 0
// is an unsigned 8-bit input.
// CHECK-LABEL: func.func @main
// CHECK: cim.matmul
// CHECK-SAME: quant = #cim.quant<input_scale = 2.500000e-01 : f64, input_signed = false, input_bits = 8, weight_bits = 8, weight_scales = [0.5, 0.25, 1.0]>
// CHECK-NOT: cim.qdq
func.func @main(%x: tensor<1x1x4xf32> {cim.name = "x"}) -> tensor<1x1x3xf32> {
  %w = "tosa.const"() <{values = dense<[[63.5, -25.0, 100.0], [1.0, 2.0, 3.0], [-1.5, 0.0, 0.0], [0.0, 0.0, -127.0]]> : tensor<4x3xf32>}> : () -> tensor<4x3xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<3xf32>}> : () -> tensor<3xf32>
  %y = cim.matmul %x, %w, %b {layer = "fc", cim.qdq = {input_scale = 0.25 : f64, input_zero_point = 0 : i64, input_qmin = 0 : i64, input_qmax = 255 : i64, weight_bits = 8 : i64, weight_scales = array<f64: 0.5, 0.25, 1.0>}} : (tensor<1x1x4xf32>, tensor<4x3xf32>, tensor<3xf32>) -> tensor<1x1x3xf32>
  return %y : tensor<1x1x3xf32>
}

// -----

// int8 with zero point 0: a signed 8-bit input of the same scale. Weights
// only: the input is calibrated as usual.
// CHECK-LABEL: func.func @main
// CHECK: cim.matmul {{.*}}layer = "signed"{{.*}}input_scale = 1.250000e-01 : f64, input_signed = true, input_bits = 8, weight_bits = 8, weight_scales = [1.0]
// CHECK: cim.matmul {{.*}}layer = "weights_only"{{.*}}input_bits = 8, weight_bits = 8, weight_scales = [0.5]>
func.func @main(%x: tensor<1x1x4xf32> {cim.name = "x"}) -> tensor<1x1x1xf32> {
  %w = "tosa.const"() <{values = dense<[[3.0], [-4.0], [0.0], [1.0]]> : tensor<4x1xf32>}> : () -> tensor<4x1xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = cim.matmul %x, %w, %b {layer = "signed", cim.qdq = {input_scale = 0.125 : f64, input_zero_point = 0 : i64, input_qmin = -128 : i64, input_qmax = 127 : i64, weight_bits = 8 : i64, weight_scales = array<f64: 1.0>}} : (tensor<1x1x4xf32>, tensor<4x1xf32>, tensor<1xf32>) -> tensor<1x1x1xf32>
  %w2 = "tosa.const"() <{values = dense<[[1.5]]> : tensor<1x1xf32>}> : () -> tensor<1x1xf32>
  %z = cim.matmul %y, %w2, %b {layer = "weights_only", cim.qdq = {weight_bits = 8 : i64, weight_scales = array<f64: 0.5>}} : (tensor<1x1x1xf32>, tensor<1x1xf32>, tensor<1xf32>) -> tensor<1x1x1xf32>
  return %z : tensor<1x1x1xf32>
}

// -----

// A zero point other than 0 cannot be held by a crossbar input (symmetric):
// the scale comes from the model's range, (0 - 128) * 0.5 to (255 - 128) *
// 0.5, signed. Weights off the model's grid (a folded BatchNormalization)
// fall back to min-max.
// CHECK-LABEL: func.func @main
// CHECK: quant = #cim.quant<input_scale = 0.50393700787401574 : f64, input_signed = true, input_bits = 8, weight_bits = 8, weight_scales = [0.023622047244094488]>
func.func @main(%x: tensor<1x1x4xf32> {cim.name = "x"}) -> tensor<1x1x1xf32> {
  %w = "tosa.const"() <{values = dense<[[3.0], [-1.3], [0.0], [0.0]]> : tensor<4x1xf32>}> : () -> tensor<4x1xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  // expected-warning @+2 {{the model quantizes this layer's input with zero point 128, which a crossbar input (symmetric) cannot hold; the input scale is derived from the model's range [-64, 63.5]}}
  // expected-warning @+1 {{weight 1 (-1.3) is not an integer multiple of the model's scale (a BatchNormalization folded into the weights?); min-max weight scales are used instead}}
  %y = cim.matmul %x, %w, %b {layer = "asym", cim.qdq = {input_scale = 0.5 : f64, input_zero_point = 128 : i64, input_qmin = 0 : i64, input_qmax = 255 : i64, weight_bits = 8 : i64, weight_scales = array<f64: 1.0>}} : (tensor<1x1x4xf32>, tensor<4x1xf32>, tensor<1xf32>) -> tensor<1x1x1xf32>
  return %y : tensor<1x1x1xf32>
}
