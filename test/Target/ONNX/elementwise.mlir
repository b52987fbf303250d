// Binary ops broadcast like numpy: a lower-rank operand is reshaped to the
// result's rank (TOSA needs equal ranks); float Div multiplies by the
// reciprocal (of a constant divisor, computed at import); Pow(x, 2) is x * x.
// Softmax and LogSoftmax reduce over their axis in the value's layout.

// RUN: %python -m cim.make_models arithmetic -o %t.arith.onnx
// RUN: cim-translate --import-onnx %t.arith.onnx | FileCheck %s
// RUN: %python -m cim.make_models softmax -o %t.softmax.onnx
// RUN: cim-translate --import-onnx %t.softmax.onnx | FileCheck %s --check-prefix=SOFTMAX
// RUN: %python -m cim.make_models softmax_v11 -o %t.softmax11.onnx
// RUN: cim-translate --import-onnx %t.softmax11.onnx | FileCheck %s --check-prefix=SOFTMAX11

// CHECK-LABEL: func.func @main(
// CHECK-SAME:      %[[A:.*]]: tensor<2x3x5xf32> {cim.name = "a"}, %[[B:.*]]: tensor<5xf32> {cim.name = "b"})
// CHECK:         %[[ABS:.*]] = tosa.abs %[[A]]
// CHECK:         %[[POS:.*]] = tosa.add %[[ABS]], %{{.*}} : (tensor<2x3x5xf32>, tensor<1x1x5xf32>)
// A constant on the left-hand side keeps its place.
// CHECK:         %[[SUB:.*]] = tosa.sub %{{.*}}, %[[A]] : (tensor<1x3x1xf32>, tensor<2x3x5xf32>)
// CHECK:         %[[B3:.*]] = tosa.reshape %[[B]], %{{.*}} -> tensor<1x1x5xf32>
// CHECK:         %[[MUL:.*]] = tosa.mul %[[SUB]], %[[B3]], %{{.*}} : (tensor<2x3x5xf32>, tensor<1x1x5xf32>, tensor<1xi8>)
// CHECK:         %[[REC:.*]] = tosa.reciprocal %[[POS]]
// CHECK:         %[[DIV:.*]] = tosa.mul %[[MUL]], %[[REC]]
// CHECK:         %[[HALF:.*]] = "tosa.const"() <{values = dense_resource<two.reciprocal> : tensor<1x1x1xf32>}>
// CHECK:         %[[DIV2:.*]] = tosa.mul %[[DIV]], %[[HALF]]
// Max of three operands: two maximum ops.
// CHECK:         %[[M1:.*]] = tosa.maximum %[[DIV2]], %{{.*}} : (tensor<2x3x5xf32>, tensor<1x1x5xf32>)
// CHECK:         %[[M2:.*]] = tosa.maximum %[[M1]], %{{.*}} : (tensor<2x3x5xf32>, tensor<1x3x1xf32>)
// CHECK:         %[[MIN:.*]] = tosa.minimum %[[M2]]
// CHECK:         tosa.pow %[[POS]], %{{.*}} : (tensor<2x3x5xf32>, tensor<1x1x1xf32>)
// CHECK:         tosa.mul %[[MIN]], %[[MIN]]
// Sqrt is pow(x, 0.5).
// CHECK:         %[[SQ:.*]] = "tosa.const"() <{values = dense<5.000000e-01> : tensor<1x1x1xf32>}>
// CHECK:         tosa.pow %[[POS]], %[[SQ]]
// CHECK:         tosa.log %[[POS]]
// CHECK:         %[[EXP:.*]] = tosa.exp %[[MIN]]
// CHECK:         tosa.negate %[[EXP]]
// CHECK:         tosa.reciprocal %[[POS]]
// CHECK-COUNT-5: tosa.add

// Softmax(axis=1) of an NHWC value reduces over NHWC axis 3; LogSoftmax's
// default axis -1 (W) is NHWC axis 2.
// SOFTMAX-LABEL: func.func @main(
// SOFTMAX:         %[[C:.*]] = tosa.conv2d
// SOFTMAX:         %[[MX:.*]] = tosa.reduce_max %[[C]] {axis = 3 : i32} : (tensor<1x3x3x4xf32>) -> tensor<1x3x3x1xf32>
// SOFTMAX:         %[[SH:.*]] = tosa.sub %[[C]], %[[MX]]
// SOFTMAX:         %[[E:.*]] = tosa.exp %[[SH]]
// SOFTMAX:         %[[S:.*]] = tosa.reduce_sum %[[E]] {axis = 3 : i32}
// SOFTMAX:         %[[R:.*]] = tosa.reciprocal %[[S]]
// SOFTMAX:         %[[SM:.*]] = tosa.mul %[[E]], %[[R]]
// SOFTMAX:         %[[LMX:.*]] = tosa.reduce_max %[[C]] {axis = 2 : i32}
// SOFTMAX:         %[[LSH:.*]] = tosa.sub %[[C]], %[[LMX]]
// SOFTMAX:         %[[LE:.*]] = tosa.exp %[[LSH]]
// SOFTMAX:         %[[LS:.*]] = tosa.reduce_sum %[[LE]] {axis = 2 : i32}
// SOFTMAX:         %[[LOG:.*]] = tosa.log %[[LS]]
// SOFTMAX:         %[[LSM:.*]] = tosa.sub %[[LSH]], %[[LOG]]
// SOFTMAX:         %[[Y1:.*]] = tosa.transpose %[[SM]] {perms = array<i32: 0, 3, 1, 2>}
// SOFTMAX:         %[[Y2:.*]] = tosa.transpose %[[LSM]] {perms = array<i32: 0, 3, 1, 2>}
// SOFTMAX:         return %[[Y1]], %[[Y2]]

// Before opset 13, Softmax(axis=1) of [2, 3, 4] normalizes each [3 * 4] row.
// SOFTMAX11-LABEL: func.func @main(
// SOFTMAX11:         %[[F:.*]] = tosa.reshape %arg0, {{.*}} -> tensor<2x12xf32>
// SOFTMAX11:         tosa.reduce_max %[[F]] {axis = 1 : i32} : (tensor<2x12xf32>) -> tensor<2x1xf32>
// SOFTMAX11:         tosa.reshape {{.*}} -> tensor<2x3x4xf32>
// The default axis 1 is the same for LogSoftmax.
// SOFTMAX11:         tosa.reshape %arg0, {{.*}} -> tensor<2x12xf32>
// SOFTMAX11:         tosa.log
