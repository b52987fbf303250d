// `widths` in --cim-pipeline adds cim-order-channels before the mapping and
// cim-width-modes after the precision modes, nothing more.
// RUN: cim-opt %s --cim-pipeline="arch=%S/Inputs/tiny.json modes=w8a8,w4a4 widths=100,50" -o %t.pipeline.mlir
// RUN: cim-opt %s --cim-set-arch=arch=%S/Inputs/tiny.json --convert-tosa-to-cim --cim-quantize --cim-order-channels --cim-map-crossbars --cim-build-modes=modes=w8a8,w4a4 --cim-width-modes=widths=100,50 --convert-cim-to-isa --cim-estimate -o %t.passes.mlir
// RUN: diff %t.pipeline.mlir %t.passes.mlir
// RUN: FileCheck %s < %t.pipeline.mlir
// RUN: cim-opt %s --cim-pipeline="arch=%S/Inputs/tiny.json modes=w8a8 widths=100,50 lower=false" | FileCheck %s --check-prefix=MAPPED

// The width mode reaches the binary's mode table and the estimate.
// CHECK: cim.estimate = {w4a4 = {{.*}}, w8a8 = {{.*}}, "w8a8-c50" = {
// CHECK: cimisa.mode @"w8a8-c50"

// fc1's columns (L1 norms 1, 4, 2) are mapped in the order 1, 2, 0; at 50%
// fc1 computes its first 2 of 3 channels, fc2 reads those 2 rows.
// MAPPED: cim.precision_mode @w8a8
// MAPPED-NEXT: cim.precision_mode @"w8a8-c50" #cim.precision<weight_bits = 8, input_bits = 8> layers {
// MAPPED-SAME: fc1 = #cim.precision<weight_bits = 8, input_bits = 8, channels = 2>,
// MAPPED-SAME: fc2 = #cim.precision<weight_bits = 8, input_bits = 8, input_channels = 2, input_period = 3>}
// MAPPED: "tosa.const"() <{values = dense<{{\[\[}}4.000000e+00, 2.000000e+00, 1.000000e+00]]> : tensor<1x3xf32>}>
// MAPPED: cim.matmul {{.*}}layer = "fc1"
// MAPPED: cim.crossbar_tile
func.func @main(%x: tensor<1x1x1xf32> {cim.name = "x"}) -> (tensor<1x1x1xf32> {cim.name = "y"}) {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %w1 = "tosa.const"() <{values = dense<[[[1.0, 4.0, 2.0]]]> : tensor<1x1x3xf32>}> : () -> tensor<1x1x3xf32>
  %h = tosa.matmul %x, %w1, %zp, %zp : (tensor<1x1x1xf32>, tensor<1x1x3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x3xf32> loc("fc1")
  %r = tosa.clamp %h {min_val = 0.0 : f32, max_val = 3.4028235e38 : f32} : (tensor<1x1x3xf32>) -> tensor<1x1x3xf32>
  %w2 = "tosa.const"() <{values = dense<[[[1.0], [2.0], [3.0]]]> : tensor<1x3x1xf32>}> : () -> tensor<1x3x1xf32>
  %y = tosa.matmul %r, %w2, %zp, %zp : (tensor<1x1x3xf32>, tensor<1x3x1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x1xf32> loc("fc2")
  return %y : tensor<1x1x1xf32>
}
