// Activations keep the NHWC layout of a conv result: constants (PRelu's slope)
// are permuted at import and no transpose appears until the graph output.

// RUN: %python -m cim.make_models activations -o %t.onnx
// RUN: cim-translate --import-onnx %t.onnx --mlir-elide-resource-strings-if-larger=8 | FileCheck %s
// RUN: %python -m cim.make_models clip_v6 -o %t.clip.onnx
// RUN: cim-translate --import-onnx %t.clip.onnx | FileCheck %s --check-prefix=CLIP6
// RUN: %python -m cim.make_models activations_exp -o %t.exp.onnx
// RUN: cim-translate --import-onnx %t.exp.onnx --mlir-elide-resource-strings-if-larger=8 | FileCheck %s --check-prefix=EXP

// CHECK-LABEL: func.func @main(
// CHECK:         %[[C:.*]] = tosa.conv2d
// CHECK-NOT:     tosa.transpose
// LeakyRelu with 0 <= alpha <= 1 is max(x, alpha * x).
// CHECK:         %[[L:.*]] = tosa.mul %[[C]], %{{.*}}, %{{.*}} : (tensor<1x6x6x4xf32>, tensor<1x1x1x1xf32>, tensor<1xi8>)
// CHECK:         %[[LR:.*]] = tosa.maximum %[[C]], %[[L]]
// Any other alpha (and PRelu's slope) is max(x, 0) + alpha * min(x, 0).
// CHECK:         %[[NEG:.*]] = tosa.clamp %[[C]] {max_val = 0.000000e+00 : f32, min_val = 0xFF800000 : f32}
// CHECK:         tosa.mul %[[NEG]]
// CHECK:         %[[SLOPE:.*]] = "tosa.const"() <{values = dense_resource<slope.nhwc> : tensor<1x1x1x4xf32>}>
// CHECK:         tosa.mul %{{.*}}, %[[SLOPE]]
// Clip with constant bounds (opset 13 inputs; a missing one is unbounded).
// CHECK:         %[[CL:.*]] = tosa.clamp %[[C]] {max_val = 7.500000e-01 : f32, min_val = -5.000000e-01 : f32}
// CHECK:         %[[CM:.*]] = tosa.clamp %[[C]] {max_val = 7.500000e-01 : f32, min_val = 0xFF800000 : f32}
// CHECK:         tosa.sigmoid %[[LR]]
// HardSigmoid: clamp(alpha * x + beta, 0, 1).
// CHECK:         tosa.clamp %{{.*}} {max_val = 1.000000e+00 : f32, min_val = 0.000000e+00 : f32}
// HardSwish: x * hardsigmoid(x) with alpha 1/6, beta 1/2.
// CHECK:         "tosa.const"() <{values = dense<0.166666672> : tensor<1x1x1x1xf32>}>
// CHECK:         tosa.clamp %{{.*}} {max_val = 1.000000e+00 : f32, min_val = 0.000000e+00 : f32}
// CHECK:         tosa.mul
// CHECK:         tosa.tanh %[[CL]]
// CHECK:         tosa.erf %[[CM]]
// Sum of five inputs: a chain of adds.
// CHECK-COUNT-4: tosa.add
// CHECK:         %[[Y:.*]] = tosa.transpose %{{.*}} {perms = array<i32: 0, 3, 1, 2>}
// CHECK:         return %[[Y]]

// Opset 10 Clip: min and max are attributes.
// CLIP6-LABEL: func.func @main(
// CLIP6:         tosa.clamp %arg0 {max_val = 5.000000e-01 : f32, min_val = -2.500000e-01 : f32}

// The exponential activations keep the NHWC layout of the conv result. Elu:
// max(x, 0) + alpha * (exp(min(x, 0)) - 1).
// EXP-LABEL: func.func @main(
// EXP:         %[[C:.*]] = tosa.conv2d
// EXP:         %[[NEG:.*]] = tosa.clamp %[[C]] {max_val = 0.000000e+00 : f32, min_val = 0xFF800000 : f32}
// EXP:         %[[EXP:.*]] = tosa.exp %[[NEG]] : (tensor<1x4x4x3xf32>)
// EXP:         %[[EM1:.*]] = tosa.sub %[[EXP]]
// EXP:         %[[ALPHA:.*]] = "tosa.const"() <{values = dense<0.699999988> : tensor<1x1x1x1xf32>}>
// EXP:         %[[SCALED:.*]] = tosa.mul %[[EM1]], %[[ALPHA]]
// EXP:         %[[POS:.*]] = tosa.clamp %[[C]] {max_val = 0x7F800000 : f32, min_val = 0.000000e+00 : f32}
// EXP:         %[[ELU:.*]] = tosa.add %[[POS]], %[[SCALED]]
// Celu divides the negative part by alpha before the exponential.
// EXP:         %[[CNEG:.*]] = tosa.clamp %arg1 {max_val = 0.000000e+00 : f32
// EXP:         "tosa.const"() <{values = dense<0.666666686> : tensor<1x1x1xf32>}>
// EXP:         tosa.mul %[[CNEG]]
// EXP:         "tosa.const"() <{values = dense<1.500000e+00> : tensor<1x1x1xf32>}>
// Selu: Elu with the default alpha, times gamma.
// EXP:         "tosa.const"() <{values = dense<1.67326319> : tensor<1x1x1x1xf32>}>
// EXP:         "tosa.const"() <{values = dense<1.05070102> : tensor<1x1x1x1xf32>}>
// EXP:         %[[SELU:.*]] = tosa.mul
// Softplus: max(x, 0) + log(exp(-|x|) + 1).
// EXP:         %[[ABS:.*]] = tosa.abs %arg1
// EXP:         %[[NABS:.*]] = tosa.negate %[[ABS]]
// EXP:         %[[E:.*]] = tosa.exp %[[NABS]]
// EXP:         %[[E1:.*]] = tosa.add %[[E]]
// EXP:         %[[L:.*]] = tosa.log %[[E1]]
// EXP:         %[[SP:.*]] = tosa.add {{.*}}, %[[L]]
// Softsign: x * reciprocal(|x| + 1).
// EXP:         %[[SA:.*]] = tosa.abs %[[C]]
// EXP:         %[[SD:.*]] = tosa.add %[[SA]]
// EXP:         %[[SR:.*]] = tosa.reciprocal %[[SD]]
// EXP:         %[[SS:.*]] = tosa.mul %[[C]], %[[SR]]
// ThresholdedRelu: select(x > alpha, x, 0).
// EXP:         %[[TA:.*]] = "tosa.const"() <{values = dense<3.000000e-01> : tensor<1x1x1xf32>}>
// EXP:         %[[GT:.*]] = tosa.greater %arg1, %[[TA]] : {{.*}} -> tensor<2x3x5xi1>
// EXP:         %[[Z:.*]] = "tosa.const"() <{values = dense<0.000000e+00> : tensor<1x1x1xf32>}>
// EXP:         %[[TR:.*]] = tosa.select %[[GT]], %arg1, %[[Z]]
// EXP:         %[[ELUT:.*]] = tosa.transpose %[[ELU]]
// EXP:         %[[SELUT:.*]] = tosa.transpose %[[SELU]]
// EXP:         %[[SST:.*]] = tosa.transpose %[[SS]]
// EXP:         return %[[ELUT]], {{.*}}, %[[SELUT]], %[[SP]], %[[SST]], %[[TR]]
