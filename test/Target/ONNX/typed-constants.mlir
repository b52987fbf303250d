// Constants of other types where the data is float32: Pow's integer exponent
// becomes a float32 constant, a float16 constant cast to float folds at
// import; MeanVarianceNormalization is decomposed into reductions.

// RUN: %python -m cim.make_models typed_constants -o %t.onnx
// RUN: cim-translate --import-onnx %t.onnx | FileCheck %s

// CHECK-LABEL: func.func @main(
// CHECK:         %[[THREE:.*]] = "tosa.const"() <{values = dense<3.000000e+00> : tensor<1x1x1x1xf32>}>
// CHECK:         %[[CUBE:.*]] = tosa.pow %arg0, %[[THREE]]
// CHECK:         %[[BIAS:.*]] = "tosa.const"() <{values = dense_resource<bias> : tensor<1x3x1x1xf32>}>
// CHECK:         %[[X:.*]] = tosa.add %arg0, %[[BIAS]]
// CHECK:         tosa.reduce_sum %[[X]] {axis = 0 : i32}
// CHECK:         %[[MEAN:.*]] = tosa.mul
// CHECK:         %[[CENTERED:.*]] = tosa.sub %[[X]], %[[MEAN]]
// CHECK:         %[[STD:.*]] = tosa.pow
// CHECK:         %[[DEN:.*]] = tosa.add %[[STD]]
// CHECK:         %[[INV:.*]] = tosa.reciprocal %[[DEN]]
// CHECK:         %[[MVN:.*]] = tosa.mul %[[CENTERED]], %[[INV]]
// CHECK:         return %[[CUBE]], %[[MVN]]
// float16 0.5, -1.25, 2.0 as float32 bits.
// CHECK:         bias: "0x040000000000003F0000A0BF00000040"
