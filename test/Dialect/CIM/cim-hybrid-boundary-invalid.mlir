// RUN: not cim-opt %s --cim-set-arch=arch=isaac --cim-quantize --cim-map-crossbars --cim-build-modes=modes=w8a8 --cim-hybrid-boundary=planes=3 2>&1 | FileCheck %s --check-prefix=NODCIM
// RUN: not cim-opt %s --cim-set-arch=arch=osa-hcim --cim-quantize --cim-map-crossbars --cim-build-modes=modes=w8a8 --cim-hybrid-boundary="planes=3 salient-planes=2 salient-share=0.5" 2>&1 | FileCheck %s --check-prefix=FEWER
// RUN: not cim-opt %s --cim-set-arch=arch=osa-hcim --cim-quantize --cim-map-crossbars --cim-build-modes=modes=w8a8 --cim-hybrid-boundary="salient-planes=4 salient-share=1.5" 2>&1 | FileCheck %s --check-prefix=SHARE
// RUN: not cim-opt %s --cim-set-arch=arch=osa-hcim --cim-quantize --cim-map-crossbars --cim-hybrid-boundary=planes=3 2>&1 | FileCheck %s --check-prefix=NOMODES

// RUN: not cim-opt %s --cim-set-arch=arch=osa-hcim --cim-quantize --cim-map-crossbars --cim-build-modes=modes=w8a8 --cim-hybrid-boundary=points=d3,x7 2>&1 | FileCheck %s --check-prefix=POINTS

// POINTS: error: cim-hybrid-boundary: cannot parse point 'x7'; expected dN, all or sN:M:SHARE (e.g. d3,all,s2:6:0.25)
// NODCIM: error: cim-hybrid-boundary: the target 'isaac' has no digital CIM (arch section 'digital_cim'); presets with one: osa-hcim
// FEWER: error: cim-hybrid-boundary: salient-planes (2) must exceed planes (3) for salient inputs to get more digital planes
// SHARE: error: cim-hybrid-boundary: salient-share must be in [0, 1], got 1.5
// NOMODES: error: cim-hybrid-boundary: the module has no modes; run cim-build-modes first
func.func @main(%x: tensor<1x1x4xf32> {cim.name = "x"}) -> tensor<1x1x3xf32> {
  %w = "tosa.const"() <{values = dense<1.0> : tensor<4x3xf32>}> : () -> tensor<4x3xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<3xf32>}> : () -> tensor<3xf32>
  %y = cim.matmul %x, %w, %b {layer = "fc"} : (tensor<1x1x4xf32>, tensor<4x3xf32>, tensor<3xf32>) -> tensor<1x1x3xf32>
  return %y : tensor<1x1x3xf32>
}
