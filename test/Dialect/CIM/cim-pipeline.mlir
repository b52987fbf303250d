// The pipeline is the passes in order, nothing more.
// RUN: cim-opt %s --cim-pipeline="arch=%S/Inputs/tiny.json modes=w8a8,w4a4" -o %t.pipeline.mlir
// RUN: cim-opt %s --cim-set-arch=arch=%S/Inputs/tiny.json --convert-tosa-to-cim --cim-quantize --cim-map-crossbars --cim-build-modes=modes=w8a8,w4a4 --convert-cim-to-isa --cim-estimate -o %t.passes.mlir
// RUN: diff %t.pipeline.mlir %t.passes.mlir
// The same input gives the same output, byte for byte.
// RUN: cim-opt %s --cim-pipeline="arch=%S/Inputs/tiny.json modes=w8a8,w4a4" | cmp - %t.pipeline.mlir
// RUN: FileCheck %s < %t.pipeline.mlir
// `lower=false` stops at the mapped cim level.
// RUN: cim-opt %s --cim-pipeline="arch=isaac lower=false" | FileCheck %s --check-prefix=MAPPED
// A bad target is reported once, naming it.
// RUN: not cim-opt %s --cim-pipeline="arch=nosuch" 2>&1 | FileCheck %s --check-prefix=BAD

// CHECK: cim.estimate = {w4a4 = {
// CHECK: cimisa.layer @l0 matmul
// CHECK: cimisa.core 0 {
// MAPPED: cim.precision_mode @w8a8
// MAPPED: cim.matmul
// MAPPED-SAME: quant = #cim.quant<
// MAPPED: cim.adc_config
// MAPPED: cim.crossbar_tile
// BAD: error: nosuch: cannot read arch file (No such file or directory); presets are: isaac
// BAD-NOT: error
func.func @main(%x: tensor<1x1x16xf32> {cim.name = "x"}) -> (tensor<1x1x3xf32> {cim.name = "y"}) {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %m = "tosa.const"() <{values = dense<0.25> : tensor<1x16x3xf32>}> : () -> tensor<1x16x3xf32>
  %y = tosa.matmul %x, %m, %zp, %zp : (tensor<1x1x16xf32>, tensor<1x16x3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x3xf32> loc("fc")
  return %y : tensor<1x1x3xf32>
}
