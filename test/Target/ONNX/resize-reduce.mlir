// Resize maps ONNX's coordinate transforms onto TOSA's integer scale, offset
// and border (scale = 2n / 2d for n/d); reductions run per axis on NHWC values;
// LayerNormalization is decomposed.

// RUN: %python -m cim.make_models resize -o %t.resize.onnx
// RUN: cim-translate --import-onnx %t.resize.onnx | FileCheck %s
// RUN: %python -m cim.make_models reductions -o %t.reduce.onnx
// RUN: cim-translate --import-onnx %t.reduce.onnx --mlir-elide-resource-strings-if-larger=8 | FileCheck %s --check-prefix=REDUCE
// RUN: %python -m cim.make_models reductions_more -o %t.more.onnx
// RUN: cim-translate --import-onnx %t.more.onnx --mlir-elide-resource-strings-if-larger=8 | FileCheck %s --check-prefix=MORE

// Nearest, asymmetric, floor, x2: input = out * 2 / 4 - 1/2 rounded half up.
// CHECK-LABEL: func.func @main(
// CHECK-DAG:     %[[B0:.*]] = tosa.const_shape  {values = dense<0> : tensor<2xindex>}
// CHECK-DAG:     %[[O0:.*]] = tosa.const_shape  {values = dense<-2> : tensor<2xindex>}
// CHECK-DAG:     %[[S0:.*]] = tosa.const_shape  {values = dense<[4, 2, 4, 2]> : tensor<4xindex>}
// CHECK:         %[[X:.*]] = tosa.transpose %arg0 {perms = array<i32: 0, 2, 3, 1>}
// CHECK:         tosa.resize %[[X]], %[[S0]], %[[O0]], %[[B0]] {mode = NEAREST_NEIGHBOR} : {{.*}} -> tensor<1x8x6x2xf32>
// Linear, half_pixel, sizes 7x5 from 4x3: scales 14/8 and 10/6, offset d - n.
// CHECK-DAG:     %[[B1:.*]] = tosa.const_shape  {values = dense<[3, 2]> : tensor<2xindex>}
// CHECK-DAG:     %[[O1:.*]] = tosa.const_shape  {values = dense<[-3, -2]> : tensor<2xindex>}
// CHECK-DAG:     %[[S1:.*]] = tosa.const_shape  {values = dense<[14, 8, 10, 6]> : tensor<4xindex>}
// CHECK:         tosa.resize %[[X]], %[[S1]], %[[O1]], %[[B1]] {mode = BILINEAR} : {{.*}} -> tensor<1x7x5x2xf32>
// align_corners: scale (out - 1) / (in - 1).
// CHECK:         tosa.resize %[[X]], {{.*}} {mode = BILINEAR} : {{.*}} -> tensor<1x7x5x2xf32>
// CHECK:         tosa.resize %[[X]], {{.*}} {mode = NEAREST_NEIGHBOR} : {{.*}} -> tensor<1x2x1x2xf32>

// REDUCE-LABEL: func.func @main(
// REDUCE:         %[[C:.*]] = tosa.conv2d
// ReduceMean over H and W (NHWC axes 1 and 2), kept, times 1/20.
// REDUCE:         %[[H:.*]] = tosa.reduce_sum %[[C]] {axis = 1 : i32}
// REDUCE:         %[[W:.*]] = tosa.reduce_sum %[[H]] {axis = 2 : i32} : {{.*}} -> tensor<1x1x1x3xf32>
// REDUCE:         %[[N:.*]] = "tosa.const"() <{values = dense<5.000000e-02> : tensor<1x1x1x1xf32>}>
// REDUCE:         %[[MEAN:.*]] = tosa.mul %[[W]], %[[N]]
// ReduceSum with axes [1, -1] as an input, keepdims=0: C and W.
// REDUCE:         %[[SC:.*]] = tosa.reduce_sum %[[C]] {axis = 3 : i32}
// REDUCE:         %[[SW:.*]] = tosa.reduce_sum %[[SC]] {axis = 2 : i32} : {{.*}} -> tensor<1x4x1x1xf32>
// REDUCE:         %[[SUM:.*]] = tosa.reshape %[[SW]], {{.*}} -> tensor<1x4xf32>
// ReduceMax over every axis (the batch of 1 needs no reduction) to a scalar.
// REDUCE-COUNT-3: tosa.reduce_max
// REDUCE:         %[[MAX:.*]] = tosa.reshape {{.*}} -> tensor<f32>
// LayerNormalization over the last axis: mean, centered, variance, rsqrt.
// REDUCE:         tosa.reduce_sum %arg1 {axis = 2 : i32}
// REDUCE:         %[[CEN:.*]] = tosa.sub %arg1
// REDUCE:         tosa.mul %[[CEN]], %[[CEN]]
// REDUCE:         tosa.rsqrt
// REDUCE:         "tosa.const"() <{values = dense_resource<ln.scale> : tensor<1x1x5xf32>}>
// REDUCE:         "tosa.const"() <{values = dense_resource<ln.bias> : tensor<1x1x5xf32>}>
// REDUCE:         %[[LN:.*]] = tosa.add
// REDUCE:         %[[MT:.*]] = tosa.transpose %[[MEAN]]
// REDUCE:         return %[[MT]], %[[SUM]], %[[MAX]], %[[LN]]

// The other reductions: TOSA's reduce_min and reduce_product, and sums with
// elementwise ops before and after.
// MORE-LABEL: func.func @main(
// MORE:         %[[C:.*]] = tosa.conv2d
// ReduceMin over C of an NHWC value: NHWC axis 3.
// MORE:         %[[MIN:.*]] = tosa.reduce_min %[[C]] {axis = 3 : i32} : {{.*}} -> tensor<1x4x5x1xf32>
// ReduceProd over the last axis, dropped.
// MORE:         %[[P:.*]] = tosa.reduce_product %arg1 {axis = 2 : i32}
// MORE:         %[[PROD:.*]] = tosa.reshape %[[P]], {{.*}} -> tensor<2x3xf32>
// ReduceL1 over H and W: sum of |x|.
// MORE:         %[[ABS:.*]] = tosa.abs %[[C]]
// MORE:         tosa.reduce_sum %[[ABS]] {axis = 1 : i32}
// MORE:         %[[L1:.*]] = tosa.reduce_sum {{.*}} {axis = 2 : i32} : {{.*}} -> tensor<1x1x1x3xf32>
// ReduceL2: square root of the sum of squares.
// MORE:         %[[SQ:.*]] = tosa.mul %arg1, %arg1
// MORE:         tosa.reduce_sum %[[SQ]] {axis = 0 : i32}
// MORE:         %[[S2:.*]] = tosa.reduce_sum {{.*}} {axis = 2 : i32}
// MORE:         %[[HALF:.*]] = "tosa.const"() <{values = dense<5.000000e-01> : tensor<1x1x1xf32>}>
// MORE:         %[[L2:.*]] = tosa.pow %[[S2]], %[[HALF]]
// MORE:         tosa.reshape %[[L2]], {{.*}} -> tensor<3xf32>
// ReduceSumSquare over every axis (N is 1 already).
// MORE:         %[[CSQ:.*]] = tosa.mul %[[C]], %[[C]]
// MORE-COUNT-3: tosa.reduce_sum
// ReduceLogSum: log of the sum.
// MORE:         %[[LS:.*]] = tosa.reduce_sum {{.*}} {axis = 1 : i32} : (tensor<2x3x4xf32>) -> tensor<2x1x4xf32>
// MORE:         tosa.log %[[LS]]
// ReduceLogSumExp: max + log(sum(exp(x - max))), so exp cannot overflow.
// MORE:         %[[MAX:.*]] = tosa.reduce_max %[[C]] {axis = 3 : i32}
// MORE:         %[[SH:.*]] = tosa.sub %[[C]], %[[MAX]]
// MORE:         %[[EX:.*]] = tosa.exp %[[SH]]
// MORE:         %[[SE:.*]] = tosa.reduce_sum %[[EX]] {axis = 3 : i32}
// MORE:         %[[LG:.*]] = tosa.log %[[SE]]
// MORE:         tosa.add %[[LG]], %[[MAX]]
// MORE:         tosa.transpose %[[MIN]]
// MORE:         tosa.transpose %[[L1]]
