// RUN: cim-opt %s --split-input-file --cim-set-arch=arch=%S/Inputs/tiny.json --cim-width-modes | FileCheck %s
// RUN: cim-opt %s --split-input-file --cim-set-arch=arch=%S/Inputs/tiny.json --cim-width-modes=widths=50,100 | FileCheck %s --check-prefix=HALF
// RUN: cim-opt %s --split-input-file --cim-set-arch=arch=%S/Inputs/tiny.json --cim-width-modes="widths=50 base=w4a4" | FileCheck %s --check-prefix=BASE

// conv1 (4 channels) reaches conv2 through a ReLU and a max pool, conv2
// (8 channels) reaches fc through the flatten; fc is the classifier. A width
// w runs ceil(w% * C) channels of conv1 and conv2, conv2 drives the im2col
// rows of conv1's active channels (period 4: rows are (kh, kw, c)) and fc
// the K rows of conv2's (period 8: K is (h*W + w)*8 + c). fc keeps all 3
// outputs. 75% of 4 channels is 3, 25% of 4 is 1, 25% of 8 is 2.
// CHECK-LABEL: module
// CHECK-NEXT: cim.precision_mode @w8a8 #cim.precision<weight_bits = 8, input_bits = 8>
// CHECK-NEXT: cim.precision_mode @w4a4 #cim.precision<weight_bits = 4, input_bits = 4>
// CHECK-NEXT: cim.precision_mode @"w8a8-c75" #cim.precision<weight_bits = 8, input_bits = 8> layers {
// CHECK-SAME: conv1 = #cim.precision<weight_bits = 8, input_bits = 8, channels = 3>,
// CHECK-SAME: conv2 = #cim.precision<weight_bits = 8, input_bits = 8, channels = 6, input_channels = 3, input_period = 4>,
// CHECK-SAME: fc = #cim.precision<weight_bits = 8, input_bits = 8, input_channels = 6, input_period = 8>}
// CHECK-NEXT: cim.precision_mode @"w8a8-c50" #cim.precision<weight_bits = 8, input_bits = 8> layers {
// CHECK-SAME: conv1 = #cim.precision<weight_bits = 8, input_bits = 8, channels = 2>,
// CHECK-SAME: conv2 = #cim.precision<weight_bits = 8, input_bits = 8, channels = 4, input_channels = 2, input_period = 4>,
// CHECK-SAME: fc = #cim.precision<weight_bits = 8, input_bits = 8, input_channels = 4, input_period = 8>}
// CHECK-NEXT: cim.precision_mode @"w8a8-c25" #cim.precision<weight_bits = 8, input_bits = 8> layers {
// CHECK-SAME: conv1 = #cim.precision<weight_bits = 8, input_bits = 8, channels = 1>,
// CHECK-SAME: conv2 = #cim.precision<weight_bits = 8, input_bits = 8, channels = 2, input_channels = 1, input_period = 4>,
// CHECK-SAME: fc = #cim.precision<weight_bits = 8, input_bits = 8, input_channels = 2, input_period = 8>}
// CHECK-NEXT: func.func @main

// A width of 100 is the base mode itself: only @w8a8-c50 is added.
// HALF-LABEL: module
// HALF: cim.precision_mode @w4a4
// HALF-NEXT: cim.precision_mode @"w8a8-c50"
// HALF-NEXT: func.func @main

// From another base, its precision carries over.
// BASE-LABEL: module
// BASE: cim.precision_mode @w4a4
// BASE-NEXT: cim.precision_mode @"w4a4-c50" #cim.precision<weight_bits = 4, input_bits = 4> layers {
// BASE-SAME: conv1 = #cim.precision<weight_bits = 4, input_bits = 4, channels = 2>,
// BASE-SAME: conv2 = #cim.precision<weight_bits = 4, input_bits = 4, channels = 4, input_channels = 2, input_period = 4>,
// BASE-SAME: fc = #cim.precision<weight_bits = 4, input_bits = 4, input_channels = 4, input_period = 8>}
// BASE-NEXT: func.func @main
module {
  cim.precision_mode @w8a8 #cim.precision<weight_bits = 8, input_bits = 8>
  cim.precision_mode @w4a4 #cim.precision<weight_bits = 4, input_bits = 4>
  func.func @main(%x: tensor<1x4x4x1xf32>) -> tensor<1x1x3xf32> {
    %w1 = "tosa.const"() <{values = dense<1.0> : tensor<4x3x3x1xf32>}> : () -> tensor<4x3x3x1xf32>
    %b1 = "tosa.const"() <{values = dense<0.0> : tensor<4xf32>}> : () -> tensor<4xf32>
    %c1 = cim.conv2d %x, %w1, %b1 {layer = "conv1", stride = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, dilation = array<i64: 1, 1>, relu, quant = #cim.quant<input_scale = 1.0 : f64, input_signed = true, input_bits = 8, weight_bits = 8, weight_scales = [1.0, 1.0, 1.0, 1.0]>} : (tensor<1x4x4x1xf32>, tensor<4x3x3x1xf32>, tensor<4xf32>) -> tensor<1x4x4x4xf32>
    %p = tosa.max_pool2d %c1 {kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x4x4x4xf32>) -> tensor<1x2x2x4xf32>
    %w2 = "tosa.const"() <{values = dense<1.0> : tensor<8x3x3x4xf32>}> : () -> tensor<8x3x3x4xf32>
    %b2 = "tosa.const"() <{values = dense<0.0> : tensor<8xf32>}> : () -> tensor<8xf32>
    %c2 = cim.conv2d %p, %w2, %b2 {layer = "conv2", stride = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, dilation = array<i64: 1, 1>, relu, quant = #cim.quant<input_scale = 1.0 : f64, input_signed = false, input_bits = 8, weight_bits = 8, weight_scales = [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0]>} : (tensor<1x2x2x4xf32>, tensor<8x3x3x4xf32>, tensor<8xf32>) -> tensor<1x2x2x8xf32>
    %s = tosa.const_shape {values = dense<[1, 1, 32]> : tensor<3xindex>} : () -> !tosa.shape<3>
    %f = tosa.reshape %c2, %s : (tensor<1x2x2x8xf32>, !tosa.shape<3>) -> tensor<1x1x32xf32>
    %w3 = "tosa.const"() <{values = dense<1.0> : tensor<32x3xf32>}> : () -> tensor<32x3xf32>
    %b3 = "tosa.const"() <{values = dense<0.0> : tensor<3xf32>}> : () -> tensor<3xf32>
    %y = cim.matmul %f, %w3, %b3 {layer = "fc", quant = #cim.quant<input_scale = 1.0 : f64, input_signed = false, input_bits = 8, weight_bits = 8, weight_scales = [1.0, 1.0, 1.0]>} : (tensor<1x1x32xf32>, tensor<32x3xf32>, tensor<3xf32>) -> tensor<1x1x3xf32>
    return %y : tensor<1x1x3xf32>
  }
}

// -----

// The base mode's per-layer entries carry over: conv1 keeps its 4-bit
// weights and narrows; side, which feeds a result, keeps its entry and its
// width. 75% of two channels rounds up to both: that mode is the base mode
// again. One channel of two at 50%: the period-2 row gating of fc.
// CHECK-LABEL: module
// CHECK: cim.precision_mode @w8a8 #cim.precision<weight_bits = 8, input_bits = 8> layers {conv1 = #cim.precision<weight_bits = 4, input_bits = 8>, side = #cim.precision<weight_bits = 6, input_bits = 8>}
// CHECK: cim.precision_mode @"w8a8-c75" #cim.precision<weight_bits = 8, input_bits = 8> layers {conv1 = #cim.precision<weight_bits = 4, input_bits = 8>, side = #cim.precision<weight_bits = 6, input_bits = 8>}
// CHECK: cim.precision_mode @"w8a8-c50" #cim.precision<weight_bits = 8, input_bits = 8> layers {
// CHECK-SAME: conv1 = #cim.precision<weight_bits = 4, input_bits = 8, channels = 1>,
// CHECK-SAME: fc = #cim.precision<weight_bits = 8, input_bits = 8, input_channels = 1, input_period = 2>,
// CHECK-SAME: side = #cim.precision<weight_bits = 6, input_bits = 8>}
// HALF-LABEL: module
// HALF: cim.precision_mode @"w8a8-c50"
module {
  cim.precision_mode @w8a8 #cim.precision<weight_bits = 8, input_bits = 8> layers {conv1 = #cim.precision<weight_bits = 4, input_bits = 8>, side = #cim.precision<weight_bits = 6, input_bits = 8>}
  cim.precision_mode @w4a4 #cim.precision<weight_bits = 4, input_bits = 4>
  func.func @main(%x: tensor<1x2x1x1xf32>) -> (tensor<1x1x1xf32>, tensor<1x1x2xf32>) {
    %w1 = "tosa.const"() <{values = dense<1.0> : tensor<2x1x1x1xf32>}> : () -> tensor<2x1x1x1xf32>
    %b1 = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
    %c1 = cim.conv2d %x, %w1, %b1 {layer = "conv1", stride = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, dilation = array<i64: 1, 1>, relu, quant = #cim.quant<input_scale = 1.0 : f64, input_signed = true, input_bits = 8, weight_bits = 8, weight_scales = [1.0, 1.0]>} : (tensor<1x2x1x1xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x1x2xf32>
    %s = tosa.const_shape {values = dense<[1, 1, 4]> : tensor<3xindex>} : () -> !tosa.shape<3>
    %f = tosa.reshape %c1, %s : (tensor<1x2x1x2xf32>, !tosa.shape<3>) -> tensor<1x1x4xf32>
    %w2 = "tosa.const"() <{values = dense<1.0> : tensor<4x1xf32>}> : () -> tensor<4x1xf32>
    %b2 = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
    %y = cim.matmul %f, %w2, %b2 {layer = "fc", quant = #cim.quant<input_scale = 1.0 : f64, input_signed = false, input_bits = 8, weight_bits = 8, weight_scales = [1.0]>} : (tensor<1x1x4xf32>, tensor<4x1xf32>, tensor<1xf32>) -> tensor<1x1x1xf32>
    %s2 = tosa.const_shape {values = dense<[1, 1, 2]> : tensor<3xindex>} : () -> !tosa.shape<3>
    %x3 = tosa.reshape %x, %s2 : (tensor<1x2x1x1xf32>, !tosa.shape<3>) -> tensor<1x1x2xf32>
    %w3 = "tosa.const"() <{values = dense<1.0> : tensor<2x2xf32>}> : () -> tensor<2x2xf32>
    %z = cim.matmul %x3, %w3, %b1 {layer = "side", quant = #cim.quant<input_scale = 1.0 : f64, input_signed = true, input_bits = 8, weight_bits = 8, weight_scales = [1.0, 1.0]>} : (tensor<1x1x2xf32>, tensor<2x2xf32>, tensor<2xf32>) -> tensor<1x1x2xf32>
    return %y, %z : tensor<1x1x1xf32>, tensor<1x1x2xf32>
  }
}
