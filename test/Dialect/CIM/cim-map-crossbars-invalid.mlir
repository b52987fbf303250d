// RUN: cim-opt %s --split-input-file --verify-diagnostics --cim-set-arch=arch=%S/Inputs/tiny.json --cim-map-crossbars

// Mapping needs the bit widths and scales of cim-quantize.
func.func @not_quantized(%x: tensor<1x1x4xf32>) -> tensor<1x1x3xf32> {
  %w = "tosa.const"() <{values = dense<1.0> : tensor<4x3xf32>}> : () -> tensor<4x3xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<3xf32>}> : () -> tensor<3xf32>
  // expected-error @+1 {{is not quantized; run cim-quantize first}}
  %y = cim.matmul %x, %w, %b {layer = "fc"} : (tensor<1x1x4xf32>, tensor<4x3xf32>, tensor<3xf32>) -> tensor<1x1x3xf32>
  return %y : tensor<1x1x3xf32>
}

// -----

// The tiny chip has 4 cores x 2 arrays: 2 slices x 72 channels over 8
// columns need 18.
func.func @too_big(%x: tensor<1x1x4xf32>) -> tensor<1x1x72xf32> {
  %w = "tosa.const"() <{values = dense<1.0> : tensor<4x72xf32>}> : () -> tensor<4x72xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<72xf32>}> : () -> tensor<72xf32>
  // expected-error @+1 {{needs more than the target's 8 arrays (4 cores x 2)}}
  %y = cim.matmul %x, %w, %b {layer = "fc", quant = #cim.quant<input_scale = 1.0 : f64, input_signed = false, input_bits = 8, weight_bits = 4, weight_scales = [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0]>} : (tensor<1x1x4xf32>, tensor<4x72xf32>, tensor<72xf32>) -> tensor<1x1x72xf32>
  return %y : tensor<1x1x72xf32>
}

// -----

// A layer is mapped once.
func.func @mapped_twice(%x: tensor<1x1x4xf32>) -> tensor<1x1x3xf32> {
  %w = "tosa.const"() <{values = dense<1.0> : tensor<4x3xf32>}> : () -> tensor<4x3xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<3xf32>}> : () -> tensor<3xf32>
  // expected-error @+1 {{is already mapped}}
  %y = cim.matmul %x, %w, %b {layer = "fc", quant = #cim.quant<input_scale = 1.0 : f64, input_signed = false, input_bits = 8, weight_bits = 4, weight_scales = [1.0, 1.0, 1.0]>} : (tensor<1x1x4xf32>, tensor<4x3xf32>, tensor<3xf32>) -> tensor<1x1x3xf32> {
    cim.adc_config #cim.adc<bits = 8, range = 8>
  }
  return %y : tensor<1x1x3xf32>
}
