// RUN: rm -rf %t && mkdir -p %t
// RUN: cim-opt %s --split-input-file --verify-diagnostics --cim-quantize=calibration=%t

// A calibration directory must hold one .npy per model input.
// expected-error @+1 {{calibration: }}
func.func @main(%x: tensor<1x1x4xf32> {cim.name = "x"}) -> tensor<1x1x3xf32> {
  %w = "tosa.const"() <{values = dense<1.0> : tensor<4x3xf32>}> : () -> tensor<4x3xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<3xf32>}> : () -> tensor<3xf32>
  %y = cim.matmul %x, %w, %b {layer = "fc"} : (tensor<1x1x4xf32>, tensor<4x3xf32>, tensor<3xf32>) -> tensor<1x1x3xf32>
  return %y : tensor<1x1x3xf32>
}

// -----

// The pass quantizes the model's entry point.
// expected-error @+1 {{cim-quantize expects a function @main}}
module {
  func.func @other() {
    return
  }
}
