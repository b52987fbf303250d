// RUN: cim-opt %s --split-input-file --cim-set-arch=arch=%S/Inputs/tiny.json --cim-map-crossbars --cim-order-channels --verify-diagnostics

// The crossbar tiles hold the weights as they were placed: reordering the
// channels after the mapping would leave the cells out of step with the
// weights, so the pass refuses a mapped layer it would rewrite.
func.func @mapped(%x: tensor<1x1x1xf32>) -> tensor<1x1x1xf32> {
  %w1 = "tosa.const"() <{values = dense<[[1.0, 3.0]]> : tensor<1x2xf32>}> : () -> tensor<1x2xf32>
  %b1 = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  // expected-error @+1 {{'cim.matmul' op is already mapped; cim-order-channels reorders its channels and must run before cim-map-crossbars}}
  %h = cim.matmul %x, %w1, %b1 {layer = "fc1", relu, quant = #cim.quant<input_scale = 1.0 : f64, input_signed = true, input_bits = 8, weight_bits = 8, weight_scales = [1.0, 1.0]>} : (tensor<1x1x1xf32>, tensor<1x2xf32>, tensor<2xf32>) -> tensor<1x1x2xf32>
  %w2 = "tosa.const"() <{values = dense<1.0> : tensor<2x1xf32>}> : () -> tensor<2x1xf32>
  %b2 = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = cim.matmul %h, %w2, %b2 {layer = "fc2", quant = #cim.quant<input_scale = 1.0 : f64, input_signed = false, input_bits = 8, weight_bits = 8, weight_scales = [1.0]>} : (tensor<1x1x2xf32>, tensor<2x1xf32>, tensor<1xf32>) -> tensor<1x1x1xf32>
  return %y : tensor<1x1x1xf32>
}
