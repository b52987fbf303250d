// RUN: cim-opt %s --verify-diagnostics --cim-quantize

// Crossbars hold constants: a weight computed at run time cannot be
// quantized ahead of time.
func.func @main(%x: tensor<1x1x4xf32>, %w: tensor<4x3xf32>) -> tensor<1x1x3xf32> {
  %b = "tosa.const"() <{values = dense<0.0> : tensor<3xf32>}> : () -> tensor<3xf32>
  // expected-error @+1 {{expects f32 constant weights to quantize}}
  %y = cim.matmul %x, %w, %b {layer = "fc"} : (tensor<1x1x4xf32>, tensor<4x3xf32>, tensor<3xf32>) -> tensor<1x1x3xf32>
  return %y : tensor<1x1x3xf32>
}
