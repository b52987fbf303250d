// RUN: cim-opt %s --cim-set-arch=arch=osa-hcim --cim-quantize --cim-map-crossbars --cim-build-modes=modes=w8a8 --cim-hybrid-boundary=planes=3 | FileCheck %s
// RUN: cim-opt %s --cim-set-arch=arch=osa-hcim --cim-quantize --cim-map-crossbars --cim-build-modes=modes=w8a8 --cim-hybrid-boundary="planes=99 name=digital" | FileCheck %s --check-prefix=ALL
// RUN: cim-opt %s --cim-set-arch=arch=osa-hcim --cim-quantize --cim-map-crossbars --cim-build-modes=modes=w8a8 --cim-hybrid-boundary="planes=2 salient-planes=6 salient-share=0.5 calibration-samples=4 name=osa" | FileCheck %s --check-prefix=SALIENT
// RUN: cim-opt %s --cim-set-arch=arch=osa-hcim --cim-quantize --cim-map-crossbars --cim-build-modes=modes=w8a8 --cim-hybrid-boundary="points=d1,all,s1:4:0.5 calibration-samples=4" | FileCheck %s --check-prefix=POINTS

// On osa-hcim (1-bit cells, 1-bit DAC, offset) an 8-bit layer has 8 input
// cycles x 8 slices: significances 0..14, 15 planes. The static boundary
// puts the 3 most significant in digital CIM.
// CHECK: cim.precision_mode @"w8a8-hybrid" #cim.precision<weight_bits = 8, input_bits = 8> layers {fc = #cim.precision<weight_bits = 8, input_bits = 8, digital_planes = 3>}
// More planes than the layer has: all digital.
// ALL: cim.precision_mode @digital #cim.precision<weight_bits = 8, input_bits = 8> layers {fc = #cim.precision<weight_bits = 8, input_bits = 8, digital_planes = 15>}
// Saliency: half of the calibration pixels (4 samples x 1 pixel) reach the
// threshold and run 6 digital planes, the others 2.
// SALIENT: cim.precision_mode @osa #cim.precision<weight_bits = 8, input_bits = 8> layers {fc = #cim.precision<weight_bits = 8, input_bits = 8, digital_planes = 2, salient_planes = 6, saliency_threshold = {{[1-9][0-9]*}}, salient_ppm = 500000>}
// Several points at once, named after the base mode and the point.
// POINTS: cim.precision_mode @"w8a8-d1" {{.*}}digital_planes = 1>}
// POINTS-NEXT: cim.precision_mode @"w8a8-digital" {{.*}}digital_planes = 15>}
// POINTS-NEXT: cim.precision_mode @"w8a8-s1-4-50" {{.*}}digital_planes = 1, salient_planes = 4, saliency_threshold = {{[0-9]+}}, salient_ppm = 500000>}
func.func @main(%x: tensor<1x1x4xf32> {cim.name = "x"}) -> tensor<1x1x3xf32> {
  %w = "tosa.const"() <{values = dense<[[1.0, -1.0, 1.0], [-1.0, 1.0, 1.0], [1.0, 1.0, -1.0], [-1.0, -1.0, -1.0]]> : tensor<4x3xf32>}> : () -> tensor<4x3xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<3xf32>}> : () -> tensor<3xf32>
  %y = cim.matmul %x, %w, %b {layer = "fc"} : (tensor<1x1x4xf32>, tensor<4x3xf32>, tensor<3xf32>) -> tensor<1x1x3xf32>
  return %y : tensor<1x1x3xf32>
}
