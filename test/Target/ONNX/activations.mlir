// Activations keep the NHWC layout of a conv result: constants (PRelu's slope)
// are permuted at import and no transpose appears until the graph output.

// RUN: %python -m cim.make_models activations -o %t.onnx
// RUN: cim-translate --import-onnx %t.onnx --mlir-elide-resource-strings-if-larger=8 | FileCheck %s
// RUN: %python -m cim.make_models clip_v6 -o %t.clip.onnx
// RUN: cim-translate --import-onnx %t.clip.onnx | FileCheck %s --check-prefix=CLIP6

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
