// RUN: cim-opt %s --split-input-file --verify-diagnostics --cim-set-arch=arch=%S/../../Dialect/CIM/Inputs/tiny.json --convert-cim-to-isa

// Only layers placed by cim-map-crossbars have instructions.
func.func @main(%x: tensor<1x1x4xf32>) -> tensor<1x1x3xf32> {
  %w = "tosa.const"() <{values = dense<1.0> : tensor<4x3xf32>}> : () -> tensor<4x3xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<3xf32>}> : () -> tensor<3xf32>
  // expected-error @+1 {{is not mapped; run cim-map-crossbars first}}
  %y = cim.matmul %x, %w, %b {layer = "fc", quant = #cim.quant<input_scale = 1.0 : f64, input_signed = false, input_bits = 8, weight_bits = 4, weight_scales = [1.0, 1.0, 1.0]>} : (tensor<1x1x4xf32>, tensor<4x3xf32>, tensor<3xf32>) -> tensor<1x1x3xf32>
  return %y : tensor<1x1x3xf32>
}

// -----

// The digital unit has no instruction for every TOSA op.
func.func @main(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  // expected-error @+1 {{has no instruction on the target}}
  %y = tosa.sin %x : (tensor<1x4xf32>) -> tensor<1x4xf32>
  return %y : tensor<1x4xf32>
}

// -----

// The digital unit's clamp propagates NaN; a clamp that maps it to the
// lower bound has no instruction.
func.func @main(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  // expected-error @+1 {{ignores NaN}}
  %y = tosa.clamp %x {max_val = 6.0 : f32, min_val = 0.0 : f32, nan_mode = IGNORE} : (tensor<1x4xf32>) -> tensor<1x4xf32>
  return %y : tensor<1x4xf32>
}

// -----

// Bools live in the buffer as 1.0 / 0.0, so casting one is a copy; turning
// a float into a bool (x != 0) has no instruction.
func.func @main(%x: tensor<1x4xf32>) -> tensor<1x4xi1> {
  // expected-error @+1 {{casts 'f32' to 'i1'; the target casts bool to bool or float32 only}}
  %y = tosa.cast %x : (tensor<1x4xf32>) -> tensor<1x4xi1>
  return %y : tensor<1x4xi1>
}

// -----

// The program's inputs are the arguments of @main.
// expected-error @+1 {{convert-cim-to-isa expects a function @main}}
module {
  func.func @other() {
    return
  }
}
