// What the passes that add a mode share (ModeContext in
// lib/Dialect/CIM/Transforms/ModeUtils.cpp), checked through cim-adc-trim
// and cim-hybrid-boundary: the new mode follows the existing ones, keeps
// the base mode's default precision, takes `<base><suffix>` or `name`, and
// every error names the pass.
// RUN: cim-opt %s --cim-set-arch=arch=osa-hcim --cim-quantize --cim-map-crossbars --cim-build-modes=modes=w8a8,w4a4 --cim-adc-trim=base=w4a4 --cim-hybrid-boundary="planes=2 name=hyb" 2>&1 | FileCheck %s
// RUN: not cim-opt %s --cim-set-arch=arch=osa-hcim --cim-quantize --cim-map-crossbars --cim-build-modes=modes=w8a8 --cim-hybrid-boundary="planes=2 name=w8a8" 2>&1 | FileCheck %s --check-prefix=TAKEN
// RUN: not cim-opt %s --cim-set-arch=arch=osa-hcim --cim-quantize --cim-map-crossbars --cim-build-modes=modes=w8a8 --cim-adc-trim=base=w2a2 2>&1 | FileCheck %s --check-prefix=BASE

// CHECK-LABEL: module
// CHECK-NEXT: cim.precision_mode @w8a8 #cim.precision<weight_bits = 8, input_bits = 8>
// CHECK-NEXT: cim.precision_mode @w4a4 #cim.precision<weight_bits = 4, input_bits = 4>
// CHECK-NEXT: cim.precision_mode @"w4a4-adc" #cim.precision<weight_bits = 4, input_bits = 4> layers {fc = #cim.precision<weight_bits = 4, input_bits = 4, {{.*}}tile_adc = [
// CHECK-NEXT: cim.precision_mode @hyb #cim.precision<weight_bits = 8, input_bits = 8> layers {fc = #cim.precision<weight_bits = 8, input_bits = 8, digital_planes = 2>}
// TAKEN: error: cim-hybrid-boundary: the name 'w8a8' is already taken
// BASE: error: cim-adc-trim: unknown base mode 'w2a2' (modes: w8a8)
func.func @main(%x: tensor<1x1x4xf32> {cim.name = "x"}) -> tensor<1x1x3xf32> {
  %w = "tosa.const"() <{values = dense<[[1.0, -1.0, 1.0], [-1.0, 1.0, 1.0], [1.0, 1.0, -1.0], [-1.0, -1.0, -1.0]]> : tensor<4x3xf32>}> : () -> tensor<4x3xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<3xf32>}> : () -> tensor<3xf32>
  %y = cim.matmul %x, %w, %b {layer = "fc"} : (tensor<1x1x4xf32>, tensor<4x3xf32>, tensor<3xf32>) -> tensor<1x1x3xf32>
  return %y : tensor<1x1x3xf32>
}

