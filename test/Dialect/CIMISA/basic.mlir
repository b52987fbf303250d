// RUN: cim-opt %s | cim-opt | FileCheck %s
// RUN: cim-opt %s --mlir-print-op-generic | cim-opt | FileCheck %s

// Every cimisa op survives print -> parse -> print unchanged; doubles print
// with enough digits to parse back bit-exactly, and float32 clamp bounds that
// are infinities or NaN (with payload) print as their bit patterns.

// CHECK-LABEL: module attributes {cimisa.arch = "{}", cimisa.buffer_elements = 1024 : i64, cimisa.model = "tiny", cimisa.producer = "cim test"}
// CHECK: cimisa.tensor @t0 input [1, 4, 4, 2] offset 0 {name = "x"}
// CHECK-NEXT: cimisa.tensor @t1 intermediate [1, 4, 4, 4] offset 32 {name = "conv"}
// CHECK-NEXT: cimisa.tensor @t2 intermediate [1, 2, 2, 4] offset 96 {name = "pool"}
// CHECK-NEXT: cimisa.tensor @t3 constant [4] offset 112 value dense<[1.000000e-01, -2.500000e+00, 0.333333343, 1.401300e-45]> : tensor<4xf32> {name = "c"}
// CHECK-NEXT: cimisa.tensor @t4 intermediate [1, 2, 2, 4] offset 116 {name = "sum"}
// CHECK-NEXT: cimisa.tensor @t5 intermediate [1, 2, 2, 4] offset 132 {name = "act"}
// CHECK-NEXT: cimisa.tensor @t6 intermediate [1, 4, 2, 2] offset 148 {name = "nchw"}
// CHECK-NEXT: cimisa.tensor @t7 intermediate [16] offset 164 {name = "flat"}
// CHECK-NEXT: cimisa.tensor @t8 intermediate [16] offset 180 {name = "prod"}
// CHECK-NEXT: cimisa.tensor @t9 output [1, 2, 2, 4] offset 196 {name = "avg"}
// CHECK-NEXT: cimisa.tensor @t10 intermediate [1, 2, 2, 4] offset 212 {name = "sig"}
// CHECK: cimisa.tensor @t21 intermediate [1, 4, 4] offset 432 {name = "att"}
// CHECK: cimisa.layer @l0 conv2d offset {adc_bits = 8 : i64, adc_range = 384 : i64
// CHECK-SAME: bias = array<f64: -0.000000e+00, 1.000000e+300, -0.14285714285714285, 0.000000e+00>
// CHECK-SAME: input_scale = 1.000000e-01 : f64, input_signed
// CHECK-SAME: out_scale = array<f64: 1.000000e-01, 0.33333333333333331, 2.500000e-07, 7.000000e+00>
// CHECK-SAME: relu, rows_per_block = 16 : i64
// CHECK-NEXT: cimisa.tile @l0 block 0 rows 0 to 16 cols 0 to 4 slice 0 offset core 0 array 0 at 0, 0
// CHECK-NEXT: cimisa.tile @l0 block 1 rows 16 to 18 cols 0 to 4 slice 1 offset core 0 array 0 at 16, 4
// CHECK-NEXT: cimisa.array core 0 array 0 levels dense<{{\[\[}}0, 1], [2, 3]]> : tensor<2x2xui8>
// CHECK-NEXT: cimisa.mode @full weight_bits [4] input_bits [8]
// CHECK-NEXT: cimisa.mode @w2a4 weight_bits [2] input_bits [4]
// CHECK-NEXT: cimisa.core 0 {
// CHECK-NEXT: cimisa.set_mode @w2a4
// CHECK-NEXT: cimisa.adc_set @l0 bits 6 range 384
// CHECK-NEXT: cimisa.quant @l0, @t0
// CHECK-NEXT: cimisa.mvm @l0 block 0
// CHECK-NEXT: cimisa.mvm @l0 block 1
// CHECK-NEXT: cimisa.epilogue @l0, @t1
// CHECK-NEXT: cimisa.max_pool @t1 -> @t2 kernel [2, 2] strides [2, 2] pads [0, 0, 0, 0]
// CHECK-NEXT: cimisa.add @t2, @t3 -> @t4
// CHECK-NEXT: cimisa.binary greater_equal @t2, @t3 -> @t4
// CHECK-NEXT: cimisa.br_zero @t22 skip 2 region 0
// CHECK-NEXT: cimisa.binary greater @t2, @t3 -> @t4
// CHECK-NEXT: cimisa.jump skip 1 region 0
// CHECK-NEXT: cimisa.binary equal @t2, @t3 -> @t4
// CHECK-NEXT: cimisa.send @t4 to 1 token 7
// CHECK-NEXT: cimisa.barrier
// CHECK-NEXT: cimisa.halt
// CHECK-NEXT: }
// CHECK-NEXT: cimisa.core 1 {
// CHECK-NEXT: cimisa.recv @t4 from 0 token 7
// CHECK-NEXT: cimisa.relu @t4 -> @t5
// CHECK-NEXT: cimisa.transpose @t5 -> @t6 perm [0, 3, 1, 2]
// CHECK-NEXT: cimisa.copy @t6 -> @t7
// CHECK-NEXT: cimisa.mul @t7, @t7 -> @t8
// CHECK-NEXT: cimisa.avg_pool @t5 -> @t9 kernel [3, 3] strides [1, 1] pads [1, 1, 1, 1] count_include_pad
// CHECK-NEXT: cimisa.unary sigmoid @t5 -> @t10
// CHECK-NEXT: cimisa.binary sub @t10, @t5 -> @t11
// CHECK-NEXT: cimisa.clamp @t11 -> @t12 min 0.000000e+00 max 6.000000e+00
// CHECK-NEXT: cimisa.clamp @t11 -> @t12 min 0xFF800000 max 0x7FC00001
// CHECK-NEXT: cimisa.slice @t12 -> @t13 start [0, 1, 0, 0]
// CHECK-NEXT: cimisa.concat [@t12, @t13] -> @t14 axis 1
// CHECK-NEXT: cimisa.pad @t5 -> @t15 pads [0, 0, 1, 1, 1, 1, 0, 0] value -1.500000e+00
// CHECK-NEXT: cimisa.reduce sum @t5 -> @t16 axis 3
// CHECK-NEXT: cimisa.matmul_digital @t17, @t17 -> @t21
// CHECK-NEXT: cimisa.depthwise_conv @t5, @t18, @t19 -> @t20 strides [1, 1] pads [1, 1, 1, 1] dilations [1, 1]
// CHECK-NEXT: cimisa.barrier
// CHECK-NEXT: cimisa.halt

module attributes {cimisa.arch = "{}", cimisa.model = "tiny", cimisa.producer = "cim test", cimisa.buffer_elements = 1024 : i64} {
  cimisa.tensor @t0 input [1, 4, 4, 2] offset 0 {name = "x"}
  cimisa.tensor @t1 intermediate [1, 4, 4, 4] offset 32 {name = "conv"}
  cimisa.tensor @t2 intermediate [1, 2, 2, 4] offset 96 {name = "pool"}
  cimisa.tensor @t3 constant [4] offset 112 value dense<[1.000000e-01, -2.500000e+00, 0.333333343, 1.401300e-45]> : tensor<4xf32> {name = "c"}
  cimisa.tensor @t4 intermediate [1, 2, 2, 4] offset 116 {name = "sum"}
  cimisa.tensor @t5 intermediate [1, 2, 2, 4] offset 132 {name = "act"}
  cimisa.tensor @t6 intermediate [1, 4, 2, 2] offset 148 {name = "nchw"}
  cimisa.tensor @t7 intermediate [16] offset 164 {name = "flat"}
  cimisa.tensor @t8 intermediate [16] offset 180 {name = "prod"}
  cimisa.tensor @t9 output [1, 2, 2, 4] offset 196 {name = "avg"}
  cimisa.tensor @t10 intermediate [1, 2, 2, 4] offset 212 {name = "sig"}
  cimisa.tensor @t11 intermediate [1, 2, 2, 4] offset 228 {name = "diff"}
  cimisa.tensor @t12 intermediate [1, 2, 2, 4] offset 244 {name = "relu6"}
  cimisa.tensor @t13 intermediate [1, 1, 2, 4] offset 260 {name = "half"}
  cimisa.tensor @t14 intermediate [1, 3, 2, 4] offset 268 {name = "joined"}
  cimisa.tensor @t15 intermediate [1, 4, 4, 4] offset 292 {name = "padded"}
  cimisa.tensor @t16 intermediate [1, 2, 2, 1] offset 356 {name = "rsum"}
  cimisa.tensor @t17 intermediate [1, 4, 4] offset 360 {name = "scores"}
  cimisa.tensor @t18 constant [3, 3, 4, 1] offset 376 value dense<5.000000e-01> : tensor<36xf32> {name = "dw_w"}
  cimisa.tensor @t19 constant [4] offset 412 value dense<0.000000e+00> : tensor<4xf32> {name = "dw_b"}
  cimisa.tensor @t20 intermediate [1, 2, 2, 4] offset 416 {name = "dw"}
  cimisa.tensor @t21 intermediate [1, 4, 4] offset 432 {name = "att"}
  cimisa.tensor @t22 intermediate [1, 1] offset 448 {name = "cond"}
  cimisa.layer @l0 conv2d offset {name = "conv1", input = array<i64: 1, 4, 4, 2>, output = array<i64: 4, 4, 4>, kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, input_scale = 1.000000e-01 : f64, input_signed, input_bits = 8 : i64, weight_bits = 4 : i64, cell_bits = 2 : i64, dac_bits = 1 : i64, rows_per_block = 16 : i64, out_scale = array<f64: 1.000000e-01, 0.33333333333333331, 2.500000e-07, 7.000000e+00>, bias = array<f64: -0.000000e+00, 1.000000e+300, -0.14285714285714285, 0.000000e+00>, relu, adc_bits = 8 : i64, adc_range = 384 : i64}
  cimisa.tile @l0 block 0 rows 0 to 16 cols 0 to 4 slice 0 offset core 0 array 0 at 0, 0
  cimisa.tile @l0 block 1 rows 16 to 18 cols 0 to 4 slice 1 offset core 0 array 0 at 16, 4
  cimisa.array core 0 array 0 levels dense<[[0, 1], [2, 3]]> : tensor<2x2xui8>
  cimisa.mode @full weight_bits [4] input_bits [8]
  cimisa.mode @w2a4 weight_bits [2] input_bits [4]
  cimisa.core 0 {
    cimisa.set_mode @w2a4
    cimisa.adc_set @l0 bits 6 range 384
    cimisa.quant @l0, @t0
    cimisa.mvm @l0 block 0
    cimisa.mvm @l0 block 1
    cimisa.epilogue @l0, @t1
    cimisa.max_pool @t1 -> @t2 kernel [2, 2] strides [2, 2] pads [0, 0, 0, 0]
    cimisa.add @t2, @t3 -> @t4
    cimisa.binary greater_equal @t2, @t3 -> @t4
    cimisa.br_zero @t22 skip 2 region 0
    cimisa.binary greater @t2, @t3 -> @t4
    cimisa.jump skip 1 region 0
    cimisa.binary equal @t2, @t3 -> @t4
    cimisa.send @t4 to 1 token 7
    cimisa.barrier
    cimisa.halt
  }
  cimisa.core 1 {
    cimisa.recv @t4 from 0 token 7
    cimisa.relu @t4 -> @t5
    cimisa.transpose @t5 -> @t6 perm [0, 3, 1, 2]
    cimisa.copy @t6 -> @t7
    cimisa.mul @t7, @t7 -> @t8
    cimisa.avg_pool @t5 -> @t9 kernel [3, 3] strides [1, 1] pads [1, 1, 1, 1] count_include_pad
    cimisa.unary sigmoid @t5 -> @t10
    cimisa.binary sub @t10, @t5 -> @t11
    cimisa.clamp @t11 -> @t12 min 0.000000e+00 max 6.000000e+00
    cimisa.clamp @t11 -> @t12 min 0xFF800000 max 0x7FC00001
    cimisa.slice @t12 -> @t13 start [0, 1, 0, 0]
    cimisa.concat [@t12, @t13] -> @t14 axis 1
    cimisa.pad @t5 -> @t15 pads [0, 0, 1, 1, 1, 1, 0, 0] value -1.500000e+00
    cimisa.reduce sum @t5 -> @t16 axis 3
    cimisa.matmul_digital @t17, @t17 -> @t21
    cimisa.depthwise_conv @t5, @t18, @t19 -> @t20 strides [1, 1] pads [1, 1, 1, 1] dilations [1, 1]
    cimisa.barrier
    cimisa.halt
  }
}
