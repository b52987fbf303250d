// RUN: cim-opt %s --split-input-file --cim-set-arch=arch=%S/Inputs/tiny.json --cim-build-modes | FileCheck %s
// RUN: cim-opt %s --split-input-file --cim-set-arch=arch=%S/Inputs/tiny.json --cim-build-modes=modes=w4a8,w6a2,w8a8 | FileCheck %s --check-prefix=LIST

// The default operating points: full precision first (the default mode),
// then the MSB half of the weight slices and of the input bits.
// CHECK-LABEL: module
// CHECK-NEXT: cim.precision_mode @w8a8 #cim.precision<weight_bits = 8, input_bits = 8>
// CHECK-NEXT: cim.precision_mode @w4a4 #cim.precision<weight_bits = 4, input_bits = 4>
// CHECK: func.func @main
// LIST-LABEL: module
// LIST-NEXT: cim.precision_mode @w4a8 #cim.precision<weight_bits = 4, input_bits = 8>
// LIST-NEXT: cim.precision_mode @w6a2 #cim.precision<weight_bits = 6, input_bits = 2>
// LIST-NEXT: cim.precision_mode @w8a8 #cim.precision<weight_bits = 8, input_bits = 8>
func.func @main(%x: tensor<1x1x4xf32>) -> tensor<1x1x3xf32> {
  %w = "tosa.const"() <{values = dense<1.0> : tensor<4x3xf32>}> : () -> tensor<4x3xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<3xf32>}> : () -> tensor<3xf32>
  %y = cim.matmul %x, %w, %b {layer = "fc", quant = #cim.quant<input_scale = 1.0 : f64, input_signed = false, input_bits = 8, weight_bits = 8, weight_scales = [1.0, 1.0, 1.0]>} : (tensor<1x1x4xf32>, tensor<4x3xf32>, tensor<3xf32>) -> tensor<1x1x3xf32>
  return %y : tensor<1x1x3xf32>
}
