// RUN: cim-opt %s --cim-set-arch=arch=%S/../../Dialect/CIM/Inputs/tiny.json --convert-tosa-to-cim --convert-cim-to-isa -o %t.mlir
// RUN: FileCheck %s --input-file=%t.mlir
// The new instructions survive the binary: emit -> import -> emit is exact.
// RUN: cim-translate --emit-cimbin %t.mlir -o %t.cimb
// RUN: cim-translate --import-cimbin %t.cimb -o %t2.mlir
// RUN: cim-translate --emit-cimbin %t2.mlir -o %t2.cimb
// RUN: cmp %t.cimb %t2.cimb
// RUN: FileCheck %s --input-file=%t2.mlir

// The TOSA ops the digital unit runs, each as its instruction: the
// lookup-table activations (unary), binary functions, clamp, slice, concat,
// pad, reductions, the activation x activation matmul and the depthwise
// convolution (whose weight and bias become constant tensors).
func.func @main(%x: tensor<1x4x4x2xf32> {cim.name = "x"}, %q: tensor<2x3x4xf32> {cim.name = "q"}) -> (tensor<1x4x4x2xf32> {cim.name = "y"}, tensor<2x3x3xf32> {cim.name = "att"}) {
  %w = "tosa.const"() <{values = dense<0.5> : tensor<3x3x2x1xf32>}> {} : () -> tensor<3x3x2x1xf32> loc("dw_w")
  %b = "tosa.const"() <{values = dense<[0.25, -0.25]> : tensor<2xf32>}> : () -> tensor<2xf32> loc("dw_b")
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %dw = tosa.depthwise_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<3x3x2x1xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32> loc("dw")
  %r6 = tosa.clamp %dw {max_val = 6.0 : f32, min_val = 0.0 : f32} : (tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32> loc("relu6")
  %start = tosa.const_shape {values = dense<[0, 1, 1, 0]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %size = tosa.const_shape {values = dense<[1, 3, 3, 2]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %sl = tosa.slice %r6, %start, %size : (tensor<1x4x4x2xf32>, !tosa.shape<4>, !tosa.shape<4>) -> tensor<1x3x3x2xf32> loc("slice")
  %padding = tosa.const_shape {values = dense<[0, 0, 1, 0, 0, 1, 0, 0]> : tensor<8xindex>} : () -> !tosa.shape<8>
  %pv = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %pd = tosa.pad %sl, %padding, %pv : (tensor<1x3x3x2xf32>, !tosa.shape<8>, tensor<1xf32>) -> tensor<1x4x4x2xf32> loc("pad")
  %sg = tosa.sigmoid %pd : (tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32> loc("sigmoid")
  %sub = tosa.sub %sg, %x : (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32> loc("sub")
  %cat = tosa.concat %sub, %x {axis = 3 : i32} : (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) -> tensor<1x4x4x4xf32> loc("concat")
  %mx = tosa.reduce_max %cat {axis = 3 : i32} : (tensor<1x4x4x4xf32>) -> tensor<1x4x4x1xf32> loc("rmax")
  %y = tosa.maximum %mx, %x : (tensor<1x4x4x1xf32>, tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32> loc("max")
  %qt = tosa.transpose %q {perms = array<i32: 0, 2, 1>} : (tensor<2x3x4xf32>) -> tensor<2x4x3xf32> loc("qt")
  %s = tosa.matmul %q, %qt, %zp, %zp : (tensor<2x3x4xf32>, tensor<2x4x3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<2x3x3xf32> loc("scores")
  %e = tosa.exp %s : (tensor<2x3x3xf32>) -> tensor<2x3x3xf32> loc("exp")
  %sum = tosa.reduce_sum %e {axis = 2 : i32} : (tensor<2x3x3xf32>) -> tensor<2x3x1xf32> loc("rsum")
  %rc = tosa.reciprocal %sum : (tensor<2x3x1xf32>) -> tensor<2x3x1xf32> loc("recip")
  %sh = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %att = tosa.mul %e, %rc, %sh : (tensor<2x3x3xf32>, tensor<2x3x1xf32>, tensor<1xi8>) -> tensor<2x3x3xf32> loc("softmax")
  return %y, %att : tensor<1x4x4x2xf32>, tensor<2x3x3xf32>
}

// CHECK: cimisa.tensor @[[X:t[0-9]+]] input [1, 4, 4, 2] offset 0 {name = "x"}
// CHECK-NEXT: cimisa.tensor @[[Q:t[0-9]+]] input [2, 3, 4]
// CHECK-NEXT: cimisa.tensor @[[W:t[0-9]+]] constant [3, 3, 2, 1] {{.*}}value dense<5.000000e-01>
// CHECK-NEXT: cimisa.tensor @[[B:t[0-9]+]] constant [2] {{.*}}value dense<[2.500000e-01, -2.500000e-01]>
// CHECK: cimisa.core 0 {
// TOSA's pads (top, bottom, left, right) become (top, left, bottom, right).
// CHECK-NEXT: cimisa.depthwise_conv @[[X]], @[[W]], @[[B]] -> @[[DW:t[0-9]+]] strides [1, 1] pads [1, 1, 1, 1] dilations [1, 1]
// ReLU6 is a clamp; the bounds travel as float32 bit patterns.
// CHECK-NEXT: cimisa.clamp @[[DW]] -> @[[R6:t[0-9]+]] min 0.000000e+00 max 6.000000e+00
// CHECK-NEXT: cimisa.slice @[[R6]] -> @[[SL:t[0-9]+]] start [0, 1, 1, 0]
// CHECK-NEXT: cimisa.pad @[[SL]] -> @[[PD:t[0-9]+]] pads [0, 0, 1, 0, 0, 1, 0, 0] value 0.000000e+00
// CHECK-NEXT: cimisa.unary sigmoid @[[PD]] -> @[[SG:t[0-9]+]]
// CHECK-NEXT: cimisa.binary sub @[[SG]], @[[X]] -> @[[SUB:t[0-9]+]]
// CHECK-NEXT: cimisa.concat [@[[SUB]], @[[X]]] -> @[[CAT:t[0-9]+]] axis 3
// CHECK-NEXT: cimisa.reduce max @[[CAT]] -> @[[MX:t[0-9]+]] axis 3
// CHECK-NEXT: cimisa.binary maximum @[[MX]], @[[X]] -> @{{t[0-9]+}}
// CHECK-NEXT: cimisa.transpose @[[Q]] -> @[[QT:t[0-9]+]] perm [0, 2, 1]
// Both operands are computed at run time: the digital unit multiplies them.
// CHECK-NEXT: cimisa.matmul_digital @[[Q]], @[[QT]] -> @[[S:t[0-9]+]]
// CHECK-NEXT: cimisa.unary exp @[[S]] -> @[[E:t[0-9]+]]
// CHECK-NEXT: cimisa.reduce sum @[[E]] -> @[[SUM:t[0-9]+]] axis 2
// CHECK-NEXT: cimisa.unary reciprocal @[[SUM]] -> @[[RC:t[0-9]+]]
// CHECK-NEXT: cimisa.mul @[[E]], @[[RC]] -> @{{t[0-9]+}}
// CHECK-NEXT: cimisa.halt
