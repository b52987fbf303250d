// Data movement keeps NHWC where the axis maps (Concat, Split, a unit-step
// Slice, Pad), folds shape computations (Shape -> Gather -> Concat feeding a
// Reshape) to constants, and handles the opset-9 attribute forms.

// RUN: %python -m cim.make_models shape_ops -o %t.shape.onnx
// RUN: cim-translate --import-onnx %t.shape.onnx --mlir-elide-resource-strings-if-larger=8 | FileCheck %s
// RUN: %python -m cim.make_models shape_ops_v9 -o %t.v9.onnx
// RUN: cim-translate --import-onnx %t.v9.onnx | FileCheck %s --check-prefix=V9
// RUN: %python -m cim.make_models pad_modes -o %t.pad.onnx
// RUN: cim-translate --import-onnx %t.pad.onnx --mlir-elide-resource-strings-if-larger=8 | FileCheck %s --check-prefix=PAD
// RUN: %python -m cim.make_models constants -o %t.constants.onnx
// RUN: cim-translate --import-onnx %t.constants.onnx | FileCheck %s --check-prefix=CONST
// RUN: %python -m cim.make_models pad_value_input -o %t.padv.onnx
// RUN: cim-translate --import-onnx %t.padv.onnx --mlir-elide-resource-strings-if-larger=8 | FileCheck %s --check-prefix=PADV

// Concat on the channel axis of NHWC values is a concat on NHWC axis 3 (the
// constant operand is permuted at import); Split on H slices NHWC axis 1.
// CHECK-LABEL: func.func @main(
// CHECK:         %[[X:.*]] = tosa.transpose %arg0 {perms = array<i32: 0, 2, 3, 1>}
// CHECK:         %[[C:.*]] = tosa.conv2d %[[X]]
// CHECK:         %[[E:.*]] = "tosa.const"() <{values = dense_resource<extra.nhwc> : tensor<1x4x4x2xf32>}>
// CHECK:         %[[CAT:.*]] = tosa.concat %[[C]], %[[E]], %[[X]] {axis = 3 : i32} : {{.*}} -> tensor<1x4x4x8xf32>
// CHECK:         %[[S1:.*]] = tosa.slice %[[CAT]], {{.*}} -> tensor<1x1x4x8xf32>
// CHECK:         %[[S2:.*]] = tosa.slice %[[CAT]], {{.*}} -> tensor<1x3x4x8xf32>
// Slice with steps 2 and -1 gathers rows and (reversed) columns.
// CHECK:         tosa.gather {{.*}} -> tensor<8x2x4xf32>
// CHECK:         tosa.gather {{.*}} -> tensor<16x4x1xf32>
// Transpose(0, 2, 3, 1) and a Gather with constant indices on the last axis.
// CHECK:         tosa.transpose %{{.*}} {perms = array<i32: 0, 2, 3, 1>} : (tensor<1x8x2x4xf32>) -> tensor<1x2x4x8xf32>
// CHECK:         tosa.gather {{.*}} : (tensor<8x8x1xf32>, tensor<8x2xi32>) -> tensor<8x2x1xf32>
// The Reshape's target [1, -1] came from Shape, Gather and Concat: no trace.
// CHECK-NOT:     Shape
// CHECK:         tosa.reshape {{.*}} -> tensor<1x16xf32>
// CHECK:         %[[OUT:.*]] = tosa.reshape {{.*}} -> tensor<1x1x16xf32>
// Squeeze (axes input) then Flatten(axis=2) of the first split.
// CHECK:         %[[T:.*]] = tosa.transpose %[[S1]] {perms = array<i32: 0, 3, 1, 2>}
// CHECK:         tosa.reshape %[[T]], {{.*}} -> tensor<8x1x4xf32>
// CHECK:         %[[SQF:.*]] = tosa.reshape {{.*}} -> tensor<8x4xf32>
// CHECK:         return %[[OUT]], %[[SQF]]

// V9-LABEL: func.func @main(
// V9:         %[[SL:.*]] = tosa.slice %arg0, {{.*}} -> tensor<2x2x5xf32>
// V9:         %[[A:.*]] = tosa.slice %[[SL]], {{.*}} -> tensor<2x2x2xf32>
// V9:         %[[B:.*]] = tosa.slice %[[SL]], {{.*}} -> tensor<2x2x3xf32>
// V9:         %[[U:.*]] = tosa.reshape %[[A]], {{.*}} -> tensor<1x2x2x2xf32>
// V9:         %[[SQ:.*]] = tosa.reshape %[[U]], {{.*}} -> tensor<2x2x2xf32>
// V9:         %[[V:.*]] = "tosa.const"() <{values = dense<1.500000e+00> : tensor<1xf32>}>
// V9:         %[[P:.*]] = tosa.pad %[[B]], %{{.*}}, %[[V]] : {{.*}} -> tensor<2x3x5xf32>
// V9:         return %[[SQ]], %[[P]]

// Constant padding is tosa.pad on the NHWC value; reflect and edge are
// concatenations of gathered rows/columns; a negative pad crops first.
// PAD-LABEL: func.func @main(
// PAD:         %[[C:.*]] = tosa.conv2d
// PAD:         %[[V:.*]] = "tosa.const"() <{values = dense<5.000000e-01> : tensor<1xf32>}>
// PAD:         tosa.pad %[[C]], %{{.*}}, %[[V]] : {{.*}} -> tensor<1x7x8x2xf32>
// PAD:         %[[TOP:.*]] = tosa.reshape {{.*}} -> tensor<1x2x5x2xf32>
// PAD:         %[[BOT:.*]] = tosa.slice %[[C]], {{.*}} -> tensor<1x1x5x2xf32>
// PAD:         tosa.concat %[[TOP]], %[[C]], %[[BOT]] {axis = 1 : i32} : {{.*}} -> tensor<1x7x5x2xf32>
// PAD:         tosa.concat {{.*}} {axis = 2 : i32} : {{.*}} -> tensor<1x7x9x2xf32>
// PAD:         %[[CROP:.*]] = tosa.slice %[[C]], {{.*}} -> tensor<1x3x3x2xf32>
// PAD:         tosa.concat {{.*}} {axis = 3 : i32} : {{.*}} -> tensor<1x4x5x3xf32>

// Constant's value_float, value_floats, value_ints and value_int forms.
// CONST-LABEL: func.func @main(
// CONST:         %[[K:.*]] = "tosa.const"() <{values = dense<3.000000e+00> : tensor<1x1xf32>}>
// CONST:         tosa.mul %arg0, %[[K]]
// CONST:         "tosa.const"() <{values = dense<{{\[\[}}1.000000e+00, -2.000000e+00, 5.000000e-01]]> : tensor<1x3xf32>}>
// CONST:         tosa.reshape {{.*}} -> tensor<3x2xf32>
// CONST:         tosa.reshape {{.*}} -> tensor<1x3x2xf32>

// Pad whose constant_value is a graph input: the scalar, reshaped to [1], is
// tosa.pad's pad_const operand.
// PADV-LABEL: func.func @main(
// PADV:         %[[C:.*]] = tosa.conv2d
// PADV:         %[[V:.*]] = tosa.reshape %arg1, {{.*}} : (tensor<f32>, !tosa.shape<1>) -> tensor<1xf32>
// PADV:         %[[P:.*]] = tosa.const_shape  {values = dense<[0, 0, 2, 1, 0, 3, 1, 0]> : tensor<8xindex>}
// PADV:         tosa.pad %[[C]], %[[P]], %[[V]] : {{.*}} -> tensor<1x6x7x3xf32>
