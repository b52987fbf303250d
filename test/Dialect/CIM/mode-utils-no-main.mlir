// A pass that adds a mode lowers @main for calibration; without it, it says
// so (ModeContext, lib/Dialect/CIM/Transforms/ModeUtils.cpp).
// RUN: not cim-opt %s --cim-set-arch=arch=osa-hcim --cim-build-modes=modes=w8a8 --cim-adc-trim 2>&1 | FileCheck %s
// CHECK: error: cim-adc-trim expects a function @main
func.func @other(%x: tensor<1x1x4xf32>) -> tensor<1x1x4xf32> {
  return %x : tensor<1x1x4xf32>
}
