// RUN: cim-opt %s --split-input-file --cim-set-arch=arch=%S/Inputs/tiny.json --cim-map-crossbars | FileCheck %s
// RUN: cim-opt %s --split-input-file --cim-set-arch=arch=%S/Inputs/tiny-differential.json --cim-map-crossbars | FileCheck %s --check-prefix=DIFF

// The tiny target has 8x8 arrays of 2-bit cells, 2 arrays per core, 4 cores.

// 4-bit weights w = 1 stored with offset 2^3: u = 9 = 0b10|01, two slices,
// most significant first, packed side by side in one array. The ADC range is
// the largest column sum: 4 rows x level 2.
// CHECK-LABEL: func.func @offset_slices
// CHECK: cim.matmul
// CHECK-NEXT: cim.adc_config #cim.adc<bits = 8, range = 8>
// CHECK-NEXT: cim.crossbar_tile {array = 0 : i64, array_col = 0 : i64, array_row = 0 : i64, cols = array<i64: 0, 3>, core = 0 : i64, dup = 0 : i64, levels = dense<2> : tensor<4x3xi8>, polarity = #cim<polarity offset>, row_block = 0 : i64, rows = array<i64: 0, 4>, slice = 1 : i64}
// CHECK-NEXT: cim.crossbar_tile {array = 0 : i64, array_col = 3 : i64, array_row = 0 : i64, cols = array<i64: 0, 3>, core = 0 : i64, dup = 0 : i64, levels = dense<1> : tensor<4x3xi8>, polarity = #cim<polarity offset>, row_block = 0 : i64, rows = array<i64: 0, 4>, slice = 0 : i64}
// CHECK-NOT: cim.crossbar_tile
// Differential: |w| = 1 in 3 bits (two slices) on the positive tiles, zeros
// on the negative ones.
// DIFF-LABEL: func.func @offset_slices
// DIFF: cim.crossbar_tile {{.*}}levels = dense<0> : tensor<4x3xi8>, polarity = #cim<polarity positive>{{.*}}slice = 1
// DIFF: cim.crossbar_tile {{.*}}levels = dense<0> : tensor<4x3xi8>, polarity = #cim<polarity negative>{{.*}}slice = 1
// DIFF: cim.crossbar_tile {{.*}}levels = dense<1> : tensor<4x3xi8>, polarity = #cim<polarity positive>{{.*}}slice = 0
// DIFF: cim.crossbar_tile {{.*}}levels = dense<0> : tensor<4x3xi8>, polarity = #cim<polarity negative>{{.*}}slice = 0
func.func @offset_slices(%x: tensor<1x1x4xf32>) -> tensor<1x1x3xf32> {
  %w = "tosa.const"() <{values = dense<1.0> : tensor<4x3xf32>}> : () -> tensor<4x3xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<3xf32>}> : () -> tensor<3xf32>
  %y = cim.matmul %x, %w, %b {layer = "fc", quant = #cim.quant<input_scale = 1.0 : f64, input_signed = false, input_bits = 8, weight_bits = 4, weight_scales = [1.0, 1.0, 1.0]>} : (tensor<1x1x4xf32>, tensor<4x3xf32>, tensor<3xf32>) -> tensor<1x1x3xf32>
  return %y : tensor<1x1x3xf32>
}

// -----

// 20 im2col rows make three row blocks of at most 8 active rows; each row
// block gets its own arrays (its rows share word lines), and arrays fill
// cores in order.
// CHECK-LABEL: func.func @row_blocks
// CHECK: cim.crossbar_tile {array = 0 : i64, {{.*}}core = 0 : i64, {{.*}}row_block = 0 : i64, rows = array<i64: 0, 8>, slice = 1 : i64}
// CHECK: cim.crossbar_tile {array = 0 : i64, {{.*}}core = 0 : i64, {{.*}}row_block = 0 : i64, rows = array<i64: 0, 8>, slice = 0 : i64}
// CHECK: cim.crossbar_tile {array = 1 : i64, {{.*}}core = 0 : i64, {{.*}}row_block = 1 : i64, rows = array<i64: 8, 16>, slice = 1 : i64}
// CHECK: cim.crossbar_tile {array = 1 : i64, {{.*}}core = 0 : i64, {{.*}}row_block = 1 : i64, rows = array<i64: 8, 16>, slice = 0 : i64}
// CHECK: cim.crossbar_tile {array = 0 : i64, {{.*}}core = 1 : i64, {{.*}}row_block = 2 : i64, rows = array<i64: 16, 20>, slice = 1 : i64}
func.func @row_blocks(%x: tensor<1x1x20xf32>) -> tensor<1x1x2xf32> {
  %w = "tosa.const"() <{values = dense<1.0> : tensor<20x2xf32>}> : () -> tensor<20x2xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %y = cim.matmul %x, %w, %b {layer = "fc", quant = #cim.quant<input_scale = 1.0 : f64, input_signed = false, input_bits = 8, weight_bits = 4, weight_scales = [1.0, 1.0]>} : (tensor<1x1x20xf32>, tensor<20x2xf32>, tensor<2xf32>) -> tensor<1x1x2xf32>
  return %y : tensor<1x1x2xf32>
}

// -----

// More output channels than bit lines: channel blocks of 8 columns, packed
// first fit, so the last block of slice 0 joins slice 1's in array 1.
// CHECK-LABEL: func.func @channel_blocks
// CHECK: cim.crossbar_tile {array = 0 : i64, array_col = 0 : i64, {{.*}}cols = array<i64: 0, 8>, {{.*}}slice = 1 : i64}
// CHECK: cim.crossbar_tile {array = 1 : i64, array_col = 0 : i64, {{.*}}cols = array<i64: 8, 10>, {{.*}}slice = 1 : i64}
// CHECK: cim.crossbar_tile {array = 0 : i64, array_col = 0 : i64, {{.*}}cols = array<i64: 0, 8>, core = 1 : i64, {{.*}}slice = 0 : i64}
// CHECK: cim.crossbar_tile {array = 1 : i64, array_col = 2 : i64, {{.*}}cols = array<i64: 8, 10>, core = 0 : i64, {{.*}}slice = 0 : i64}
func.func @channel_blocks(%x: tensor<1x1x4xf32>) -> tensor<1x1x10xf32> {
  %w = "tosa.const"() <{values = dense<1.0> : tensor<4x10xf32>}> : () -> tensor<4x10xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<10xf32>}> : () -> tensor<10xf32>
  %y = cim.matmul %x, %w, %b {layer = "fc", quant = #cim.quant<input_scale = 1.0 : f64, input_signed = false, input_bits = 8, weight_bits = 4, weight_scales = [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0]>} : (tensor<1x1x4xf32>, tensor<4x10xf32>, tensor<10xf32>) -> tensor<1x1x10xf32>
  return %y : tensor<1x1x10xf32>
}

// -----

// Convolution weights OHWI become im2col rows in (kh, kw, c) order: the 1x2
// kernel [1, -1] is stored as u = [9, 7] = [0b10|01, 0b01|11].
// CHECK-LABEL: func.func @conv_rows
// CHECK: cim.crossbar_tile {{.*}}levels = dense<{{\[}}[2], [1]]> : tensor<2x1xi8>{{.*}}slice = 1
// CHECK: cim.crossbar_tile {{.*}}levels = dense<{{\[}}[1], [3]]> : tensor<2x1xi8>{{.*}}slice = 0
func.func @conv_rows(%x: tensor<1x2x2x1xf32>) -> tensor<1x2x1x1xf32> {
  %w = "tosa.const"() <{values = dense<[[[[1.0], [-1.0]]]]> : tensor<1x1x2x1xf32>}> : () -> tensor<1x1x2x1xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = cim.conv2d %x, %w, %b {layer = "conv", stride = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, dilation = array<i64: 1, 1>, quant = #cim.quant<input_scale = 1.0 : f64, input_signed = false, input_bits = 8, weight_bits = 4, weight_scales = [1.0]>} : (tensor<1x2x2x1xf32>, tensor<1x1x2x1xf32>, tensor<1xf32>) -> tensor<1x2x1x1xf32>
  return %y : tensor<1x2x1x1xf32>
}

// -----

// Weights round half to even on their per-channel grid and saturate.
// 2.5 -> 2, 3.5 -> 4, 9 -> 7 (4-bit symmetric: [-7, 7]); offset 8.
// CHECK-LABEL: func.func @rounding
// CHECK: cim.crossbar_tile {{.*}}levels = dense<{{\[}}[2], [3], [3]]>{{.*}}slice = 1
// CHECK: cim.crossbar_tile {{.*}}levels = dense<{{\[}}[2], [0], [3]]>{{.*}}slice = 0
func.func @rounding(%x: tensor<1x1x3xf32>) -> tensor<1x1x1xf32> {
  %w = "tosa.const"() <{values = dense<[[2.5], [3.5], [9.0]]> : tensor<3x1xf32>}> : () -> tensor<3x1xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = cim.matmul %x, %w, %b {layer = "fc", quant = #cim.quant<input_scale = 1.0 : f64, input_signed = false, input_bits = 8, weight_bits = 4, weight_scales = [1.0]>} : (tensor<1x1x3xf32>, tensor<3x1xf32>, tensor<1xf32>) -> tensor<1x1x1xf32>
  return %y : tensor<1x1x1xf32>
}
