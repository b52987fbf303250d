// The calibration inputs every calibrating pass shares
// (lib/Dialect/CIM/Transforms/Calibration.cpp), through cim-adc-trim.
// RUN: rm -rf %t && mkdir -p %t/two %t/bad
// RUN: %python -c "import numpy as np; np.save('%t/two/x.npy', np.array([[[[1, 2, 3, 4]]], [[[4, 3, 2, 1]]]], np.float32)); np.save('%t/bad/x.npy', np.zeros((1, 2, 4), np.float32))"
//
// A file with N samples along a new leading axis: both run through the
// simulator, the statistics cover both.
// RUN: cim-opt %s --cim-set-arch=arch=%S/Inputs/tiny.json --cim-quantize=calibration=%t/two --cim-map-crossbars --cim-build-modes=modes=w8a8 --cim-adc-trim=calibration=%t/two | FileCheck %s --check-prefix=FILES
// FILES: cim.precision_mode @"w8a8-adc" {{.*}}skip_zero_planes = true
//
// A file that is neither one sample nor N of them is named with the shapes
// it could have had.
// RUN: not cim-opt %s --cim-set-arch=arch=%S/Inputs/tiny.json --cim-quantize --cim-map-crossbars --cim-build-modes=modes=w8a8 --cim-adc-trim=calibration=%t/bad 2>&1 | FileCheck %s --check-prefix=SHAPE
// SHAPE: error: calibration: {{.*}}x.npy: input 'x' has shape 1x2x4, expected 1x1x4 (one sample)
//
// Seeded random samples: the same seed gives the same mode, byte for byte.
// RUN: cim-opt %s --cim-set-arch=arch=%S/Inputs/tiny.json --cim-quantize --cim-map-crossbars --cim-build-modes=modes=w8a8 --cim-adc-trim="calibration-samples=3 seed=7" -o %t/a.mlir
// RUN: cim-opt %s --cim-set-arch=arch=%S/Inputs/tiny.json --cim-quantize --cim-map-crossbars --cim-build-modes=modes=w8a8 --cim-adc-trim="calibration-samples=3 seed=7" -o %t/b.mlir
// RUN: cmp %t/a.mlir %t/b.mlir
func.func @main(%x: tensor<1x1x4xf32> {cim.name = "x"}) -> tensor<1x1x3xf32> {
  %w = "tosa.const"() <{values = dense<[[1.0, -1.0, 1.0], [-1.0, 1.0, 1.0], [1.0, 1.0, -1.0], [-1.0, -1.0, -1.0]]> : tensor<4x3xf32>}> : () -> tensor<4x3xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<3xf32>}> : () -> tensor<3xf32>
  %y = cim.matmul %x, %w, %b {layer = "fc"} : (tensor<1x1x4xf32>, tensor<4x3xf32>, tensor<3xf32>) -> tensor<1x1x3xf32>
  return %y : tensor<1x1x3xf32>
}
