// RUN: not cim-opt %s --cim-set-arch=arch=%S/Inputs/tiny.json --cim-build-modes=modes=w8a8,x4 2>&1 | FileCheck %s --check-prefix=PARSE
// RUN: not cim-opt %s --cim-set-arch=arch=%S/Inputs/tiny.json --cim-build-modes=modes=w8a8,w8a8 2>&1 | FileCheck %s --check-prefix=TWICE
// RUN: not cim-opt %s --cim-set-arch=arch=%S/Inputs/tiny.json --cim-build-modes=modes=w5a8 2>&1 | FileCheck %s --check-prefix=SLICE
// RUN: not cim-opt %s --cim-set-arch=arch=%S/Inputs/tiny.json --cim-build-modes=modes=w8a9 2>&1 | FileCheck %s --check-prefix=WIDER
// RUN: not cim-opt %s --cim-set-arch=arch=%S/Inputs/tiny.json --cim-build-modes --cim-build-modes 2>&1 | FileCheck %s --check-prefix=AGAIN

// PARSE: error: cim-build-modes: cannot parse mode 'x4'; expected wNaM, e.g. w4a4
// TWICE: error: cim-build-modes: mode 'w8a8' is listed twice
// A mode switches whole cells off: with 2-bit cells, 8 -> 5 bits cannot be.
// SLICE: error: 'cim.matmul' op cannot run mode 'w5a8': dropping 3 weight bits would cut a 2-bit cell slice
// WIDER: error: 'cim.matmul' op cannot run mode 'w8a9': layer 'fc' has 8-bit weights and 8-bit inputs
// AGAIN: error: cim-build-modes: the module already declares modes
func.func @main(%x: tensor<1x1x4xf32>) -> tensor<1x1x3xf32> {
  %w = "tosa.const"() <{values = dense<1.0> : tensor<4x3xf32>}> : () -> tensor<4x3xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<3xf32>}> : () -> tensor<3xf32>
  %y = cim.matmul %x, %w, %b {layer = "fc", quant = #cim.quant<input_scale = 1.0 : f64, input_signed = false, input_bits = 8, weight_bits = 8, weight_scales = [1.0, 1.0, 1.0]>} : (tensor<1x1x4xf32>, tensor<4x3xf32>, tensor<3xf32>) -> tensor<1x1x3xf32>
  return %y : tensor<1x1x3xf32>
}
