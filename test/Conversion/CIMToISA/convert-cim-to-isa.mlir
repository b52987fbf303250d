// RUN: cim-opt %s --cim-set-arch=arch=%S/../../Dialect/CIM/Inputs/tiny.json --convert-tosa-to-cim --cim-quantize=weight-bits=4 --cim-map-crossbars --cim-build-modes=modes=w4a8,w2a4 --convert-cim-to-isa --mlir-elide-resource-strings-if-larger=1 | FileCheck %s

// conv (3x3, 2 -> 4 channels, relu) -> maxpool -> reshape -> matmul (16 -> 3)
// with 4-bit weights on the tiny target (8x8 arrays of 2-bit cells, 2 arrays
// per core, 4 cores).
// CHECK-LABEL: module attributes
// CHECK-SAME: cimisa.arch = "{
// CHECK-SAME: cimisa.buffer_elements =
// Inputs and outputs keep their ONNX names; each tensor has a buffer offset,
// and dead tensors' space is reused (the flattened tensor takes the conv
// output's place).
// CHECK: cimisa.tensor @[[IN:t[0-9]+]] input [1, 4, 4, 2] offset 0 {name = "x"}
// CHECK-NEXT: cimisa.tensor @[[CONVOUT:t[0-9]+]] intermediate [1, 4, 4, 4] offset 32 {name = "conv"}
// CHECK-NEXT: cimisa.tensor @[[POOLED:t[0-9]+]] intermediate [1, 2, 2, 4] offset 96 {name = "pool"}
// CHECK-NEXT: cimisa.tensor @[[FLAT:t[0-9]+]] intermediate [1, 1, 16] offset 32 {name = "flatten"}
// CHECK-NEXT: cimisa.tensor @[[OUT:t[0-9]+]] output [1, 1, 3] offset 48 {name = "y"}
// CHECK: cimisa.layer @[[CONV:l0]] conv2d offset
// CHECK-SAME: name = "conv"
// CHECK-SAME: relu
// CHECK: cimisa.layer @[[FC:l1]] matmul offset
// CHECK-SAME: name = "fc"
// The conv's 18 im2col rows make 3 row blocks; two slices share an array.
// CHECK: cimisa.tile @[[CONV]] block 0 rows 0 to 8 cols 0 to 4 slice 1 offset core 0 array 0 at 0, 0
// CHECK-NEXT: cimisa.tile @[[CONV]] block 0 rows 0 to 8 cols 0 to 4 slice 0 offset core 0 array 0 at 0, 4
// CHECK: cimisa.tile @[[CONV]] block 2 rows 16 to 18 cols 0 to 4 slice 1 offset core 1 array 0 at 0, 0
// CHECK: cimisa.tile @[[FC]] block 0 rows 0 to 8 cols 0 to 3 slice 1 offset core 1 array 1 at 0, 0
// CHECK: cimisa.array core 0 array 0 levels
// Every mode is a row of the mode table over the same arrays.
// CHECK: cimisa.mode @w4a8 weight_bits [4, 4] input_bits [8, 8]
// CHECK-NEXT: cimisa.mode @w2a4 weight_bits [2, 2] input_bits [4, 4]
// A layer runs on the core of its first tile: ADC setup, input
// quantization, one MVM per row block, the epilogue.
// CHECK: cimisa.core 0 {
// CHECK-NEXT: cimisa.adc_set @[[CONV]] bits 8 range 24
// CHECK-NEXT: cimisa.quant @[[CONV]], @[[IN]]
// CHECK-NEXT: cimisa.mvm @[[CONV]] block 0
// CHECK-NEXT: cimisa.mvm @[[CONV]] block 1
// CHECK-NEXT: cimisa.mvm @[[CONV]] block 2
// CHECK-NEXT: cimisa.epilogue @[[CONV]], @[[CONVOUT]]
// CHECK-NEXT: cimisa.max_pool @[[CONVOUT]] -> @[[POOLED]] kernel [2, 2] strides [2, 2] pads [0, 0, 0, 0]
// CHECK-NEXT: cimisa.copy @[[POOLED]] -> @[[FLAT]]
// The product's arrays are on core 1: its input is sent there.
// CHECK-NEXT: cimisa.send @[[FLAT]] to 1 token 0
// CHECK-NEXT: cimisa.halt
// CHECK: cimisa.core 1 {
// CHECK-NEXT: cimisa.recv @[[FLAT]] from 0 token 0
// CHECK-NEXT: cimisa.adc_set @[[FC]] bits 8
// CHECK-NEXT: cimisa.quant @[[FC]], @[[FLAT]]
// CHECK-NEXT: cimisa.mvm @[[FC]] block 0
// CHECK-NEXT: cimisa.mvm @[[FC]] block 1
// CHECK-NEXT: cimisa.epilogue @[[FC]], @[[OUT]]
// CHECK-NEXT: cimisa.halt
func.func @main(%x: tensor<1x4x4x2xf32> {cim.name = "x"}) -> (tensor<1x1x3xf32> {cim.name = "y"}) {
  %w = "tosa.const"() <{values = dense<[[[[0.5, -0.25]]]]> : tensor<1x1x1x2xf32>}> : () -> tensor<1x1x1x2xf32>
  %w3 = "tosa.const"() <{values = dense<0.125> : tensor<4x3x3x2xf32>}> : () -> tensor<4x3x3x2xf32>
  %b = "tosa.const"() <{values = dense<0.1> : tensor<4xf32>}> : () -> tensor<4xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %c = tosa.conv2d %x, %w3, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<4x3x3x2xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x4xf32> loc("conv")
  %r = tosa.clamp %c {max_val = 0x7F800000 : f32, min_val = 0.000000e+00 : f32} : (tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32> loc("relu")
  %p = tosa.max_pool2d %r {kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x4x4x4xf32>) -> tensor<1x2x2x4xf32> loc("pool")
  %s = tosa.const_shape {values = dense<[1, 1, 16]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %f = tosa.reshape %p, %s : (tensor<1x2x2x4xf32>, !tosa.shape<3>) -> tensor<1x1x16xf32> loc("flatten")
  %m = "tosa.const"() <{values = dense<0.25> : tensor<1x16x3xf32>}> : () -> tensor<1x16x3xf32>
  %y = tosa.matmul %f, %m, %zp, %zp : (tensor<1x1x16xf32>, tensor<1x16x3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x3xf32> loc("fc")
  return %y : tensor<1x1x3xf32>
}
