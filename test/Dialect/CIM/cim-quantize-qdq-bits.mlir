// RUN: cim-opt %s --cim-quantize="weight-bits=4 input-bits=4" 2>&1 | FileCheck %s --check-prefix=BITS
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python -c "import numpy as np; np.save('%t/x.npy', np.full((1, 1, 4), 100.0, dtype=np.float32))"
// RUN: cim-opt %s --cim-quantize=calibration=%t 2>&1 | FileCheck %s --check-prefix=CALIB

// The `cim.qdq` scales of an 8-bit QDQ model with cim-quantize at 4 bits:
// neither scale applies. The input scale comes from the model's range
// [0, 255 * 0.25] as calibration would derive it (63.75 / 15), the weights
// are min-max; a warning says so for each.
// BITS-LABEL: warning: the model quantizes this layer's input to 8 bits, cim-quantize to input-bits=4; the input scale is derived from the model's range [0, 63.75]
// BITS: warning: the model quantizes this layer's weights to 8 bits, cim-quantize to weight-bits=4; min-max weight scales are used instead
// BITS: func.func @main
// BITS: quant = #cim.quant<input_scale = 4.250000e+00 : f64, input_signed = false, input_bits = 4, weight_bits = 4, weight_scales = [9.071428571428571, 3.5714285714285716, 18.142857142857142]>

// The model's scales win over calibration data (which would give a scale of
// 100 / 255), with a remark.
// CALIB-LABEL: remark: cim-quantize: 1 of 1 crossbar layers take their scales from the model's QuantizeLinear/DequantizeLinear nodes; the calibration data only sets the input ranges the model does not give
// CALIB: func.func @main
// CALIB: quant = #cim.quant<input_scale = 2.500000e-01 : f64, input_signed = false, input_bits = 8, weight_bits = 8, weight_scales = [0.5, 0.25, 1.0]>
func.func @main(%x: tensor<1x1x4xf32> {cim.name = "x"}) -> tensor<1x1x3xf32> {
  %w = "tosa.const"() <{values = dense<[[63.5, -25.0, 100.0], [1.0, 2.0, 3.0], [-1.5, 0.0, 0.0], [0.0, 0.0, -127.0]]> : tensor<4x3xf32>}> : () -> tensor<4x3xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<3xf32>}> : () -> tensor<3xf32>
  %y = cim.matmul %x, %w, %b {layer = "fc", cim.qdq = {input_scale = 0.25 : f64, input_zero_point = 0 : i64, input_qmin = 0 : i64, input_qmax = 255 : i64, weight_bits = 8 : i64, weight_scales = array<f64: 0.5, 0.25, 1.0>}} : (tensor<1x1x4xf32>, tensor<4x3xf32>, tensor<3xf32>) -> tensor<1x1x3xf32>
  return %y : tensor<1x1x3xf32>
}
