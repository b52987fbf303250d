// RUN: cim-opt %s --cim-set-arch=arch=%S/Inputs/tiny.json --cim-quantize --cim-map-crossbars --cim-build-modes=modes=w8a8 --cim-adc-trim=calibration-samples=2 | FileCheck %s
// RUN: cim-opt %s --cim-set-arch=arch=%S/Inputs/tiny.json --cim-quantize --cim-map-crossbars --cim-build-modes=modes=w8a8 --cim-adc-trim="calibration-samples=2 lsb-bits=2 skip-zero-planes=false name=coarse" | FileCheck %s --check-prefix=COARSE
// RUN: cim-opt %s --cim-set-arch=arch=%S/Inputs/tiny.json --cim-quantize --cim-map-crossbars --cim-build-modes=modes=w8a8 --cim-adc-trim="calibration-samples=8 interval=true name=iv" | FileCheck %s --check-prefix=INTERVAL
// RUN: cim-opt %s --cim-set-arch=arch=%S/Inputs/tiny.json --cim-quantize --cim-map-crossbars --cim-build-modes=modes=w8a8 --cim-adc-trim="calibration-samples=8 lsb-budget-db=100 name=budget" | FileCheck %s --check-prefix=BUDGET

// A one-layer matmul with weights of +-1: the offset encoding stores 127 or
// 129 in four 2-bit slices. cim-map-crossbars gives the layer the full-scale
// range its stored levels can reach (8) at 8 bits, a step of 1. On the
// calibration inputs no tile's column sum exceeds 7, so every tile keeps
// the step and converts with 3 bits up to its own largest sum; one plane
// in eight has no non-zero input digit.
// CHECK-LABEL: module
// CHECK: cim.precision_mode @w8a8 #cim.precision<weight_bits = 8, input_bits = 8>
// CHECK-NEXT: cim.precision_mode @"w8a8-adc" #cim.precision<weight_bits = 8, input_bits = 8> layers {fc = #cim.precision<weight_bits = 8, input_bits = 8, skip_zero_planes = true, nonzero_planes_ppm = 875000, tile_adc = [#cim.adc<bits = 3, range = 6>, #cim.adc<bits = 3, range = 6>, #cim.adc<bits = 3, range = 6>, #cim.adc<bits = 3, range = 7>]>}
// CHECK: cim.adc_config #cim.adc<bits = 8, range = 8>
// Two LSB trials fewer (a step of about 4), no zero-plane skipping.
// COARSE: cim.precision_mode @coarse #cim.precision<weight_bits = 8, input_bits = 8> layers {fc = #cim.precision<weight_bits = 8, input_bits = 8, tile_adc = [#cim.adc<bits = 1, range = 6>, #cim.adc<bits = 1, range = 6>, #cim.adc<bits = 1, range = 6>, #cim.adc<bits = 1, range = 7>]>}
// Interval coding where the sums make it pay: a fine interval of f bits
// (f + 1 trials) below 3-bit conversions (4 trials).
// INTERVAL: cim.precision_mode @iv {{.*}}tile_adc = [#cim.adc<bits = 3, range = {{[0-9]+}}{{(, fine_bits = 1, fine_ppm = [0-9]+)?}}>
// A budget too large to run out: every slice drops to 1-bit conversions.
// BUDGET: cim.precision_mode @budget {{.*}}tile_adc = [#cim.adc<bits = 1, range = 6>, #cim.adc<bits = 1, range = 6>, #cim.adc<bits = 1, range = 6>, #cim.adc<bits = 1, range = {{[0-9]+}}>]>}
func.func @main(%x: tensor<1x1x4xf32> {cim.name = "x"}) -> tensor<1x1x3xf32> {
  %w = "tosa.const"() <{values = dense<[[1.0, -1.0, 1.0], [-1.0, 1.0, 1.0], [1.0, 1.0, -1.0], [-1.0, -1.0, -1.0]]> : tensor<4x3xf32>}> : () -> tensor<4x3xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<3xf32>}> : () -> tensor<3xf32>
  %y = cim.matmul %x, %w, %b {layer = "fc"} : (tensor<1x1x4xf32>, tensor<4x3xf32>, tensor<3xf32>) -> tensor<1x1x3xf32>
  return %y : tensor<1x1x3xf32>
}
