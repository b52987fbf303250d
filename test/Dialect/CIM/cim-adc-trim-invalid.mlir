// RUN: not cim-opt %s --cim-set-arch=arch=%S/Inputs/tiny.json --cim-quantize --cim-map-crossbars --cim-adc-trim 2>&1 | FileCheck %s --check-prefix=NOMODES
// RUN: not cim-opt %s --cim-set-arch=arch=%S/Inputs/tiny.json --cim-quantize --cim-map-crossbars --cim-build-modes=modes=w8a8 --cim-adc-trim=base=w2a2 2>&1 | FileCheck %s --check-prefix=BASE
// RUN: not cim-opt %s --cim-set-arch=arch=%S/Inputs/tiny.json --cim-quantize --cim-map-crossbars --cim-build-modes=modes=w8a8,w4a4 --cim-adc-trim=name=w4a4 2>&1 | FileCheck %s --check-prefix=TAKEN
// RUN: not cim-opt %s --cim-set-arch=arch=%S/Inputs/tiny.json --cim-quantize --cim-map-crossbars --cim-build-modes=modes=w8a8 --cim-adc-trim=calibration-samples=0 2>&1 | FileCheck %s --check-prefix=EMPTY
// RUN: not cim-opt %s --cim-set-arch=arch=%S/Inputs/tiny.json --cim-quantize --cim-map-crossbars --cim-build-modes=modes=w8a8 --cim-adc-trim=calibration=%t.missing 2>&1 | FileCheck %s --check-prefix=FILES

// NOMODES: error: cim-adc-trim: the module has no modes; run cim-build-modes first
// BASE: error: cim-adc-trim: unknown base mode 'w2a2' (modes: w8a8)
// TAKEN: error: cim-adc-trim: the name 'w4a4' is already taken
// EMPTY: error: cim-adc-trim: no calibration samples
// FILES: error: calibration: {{.*}}x.npy
func.func @main(%x: tensor<1x1x4xf32> {cim.name = "x"}) -> tensor<1x1x3xf32> {
  %w = "tosa.const"() <{values = dense<1.0> : tensor<4x3xf32>}> : () -> tensor<4x3xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<3xf32>}> : () -> tensor<3xf32>
  %y = cim.matmul %x, %w, %b {layer = "fc"} : (tensor<1x1x4xf32>, tensor<4x3xf32>, tensor<3xf32>) -> tensor<1x1x3xf32>
  return %y : tensor<1x1x3xf32>
}
