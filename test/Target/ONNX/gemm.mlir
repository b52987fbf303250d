// Gemm and MatMul with constant B: reshape to [1, N, K], tosa.matmul with a
// constant [1, K, M], reshape to [N, M], tosa.add of a [1, M] bias. Later
// conversions match exactly this form.

// RUN: %python -m cim.make_models gemm -o %t.gemm.onnx
// RUN: cim-translate --import-onnx %t.gemm.onnx --mlir-elide-resource-strings-if-larger=64 | FileCheck %s --check-prefix=GEMM
// RUN: %python -m cim.make_models gemm_typed -o %t.typed.onnx
// RUN: cim-translate --import-onnx %t.typed.onnx | FileCheck %s --check-prefix=TYPED
// RUN: %python -m cim.make_models matmul -o %t.matmul.onnx
// RUN: cim-translate --import-onnx %t.matmul.onnx --mlir-elide-resource-strings-if-larger=64 | FileCheck %s --check-prefix=MATMUL

// transB=1, alpha=0.5 and beta=2 are folded into the constants at import.
// GEMM-LABEL: func.func @main(
// GEMM-SAME:      %[[ARG:.*]]: tensor<2x32xf32> {cim.name = "input"}) -> (tensor<2x10xf32> {cim.name = "output"})
// GEMM:         %[[S3:.*]] = tosa.const_shape {values = dense<[1, 2, 32]> : tensor<3xindex>}
// GEMM:         %[[A:.*]] = tosa.reshape %[[ARG]], %[[S3]] : (tensor<2x32xf32>, !tosa.shape<3>) -> tensor<1x2x32xf32>
// GEMM:         %[[W:.*]] = "tosa.const"() <{values = dense_resource<fc.weight.kxm> : tensor<1x32x10xf32>}>
// GEMM:         %[[MM:.*]] = tosa.matmul %[[A]], %[[W]], %{{.*}}, %{{.*}} : ({{.*}}) -> tensor<1x2x10xf32>
// GEMM:         %[[R:.*]] = tosa.reshape %[[MM]], %{{.*}} : (tensor<1x2x10xf32>, !tosa.shape<2>) -> tensor<2x10xf32>
// GEMM:         %[[B:.*]] = "tosa.const"() <{values = dense_resource<fc.bias> : tensor<1x10xf32>}>
// GEMM:         %[[Y:.*]] = tosa.add %[[R]], %[[B]] : (tensor<2x10xf32>, tensor<1x10xf32>) -> tensor<2x10xf32>
// GEMM:         return %[[Y]]

// Weights in typed fields (float_data) become dense attributes, not resources.
// TYPED-LABEL: func.func @main(
// TYPED:         "tosa.const"() <{values = dense<{{.*}}> : tensor<1x6x4xf32>}>
// TYPED:         tosa.matmul
// TYPED:         "tosa.const"() <{values = dense<{{.*}}> : tensor<1x4xf32>}>
// TYPED:         %[[ADD:.*]] = tosa.add
// TYPED:         tosa.clamp %[[ADD]] {max_val = 0x7F800000 : f32, min_val = 0.000000e+00 : f32}
// TYPED-NOT:   dense_resource

// Rank-3 A: the leading dimensions fold into the rows of one matmul.
// MATMUL-LABEL: func.func @main(
// MATMUL-SAME:      %[[ARG:.*]]: tensor<2x4x16xf32>
// MATMUL:         %[[A:.*]] = tosa.reshape %[[ARG]], %{{.*}} : (tensor<2x4x16xf32>, !tosa.shape<3>) -> tensor<1x8x16xf32>
// MATMUL:         %[[W:.*]] = "tosa.const"() <{values = dense_resource<w> : tensor<1x16x8xf32>}>
// MATMUL:         %[[MM:.*]] = tosa.matmul %[[A]], %[[W]], {{.*}} -> tensor<1x8x8xf32>
// MATMUL:         %[[R2:.*]] = tosa.reshape %[[MM]], {{.*}} -> tensor<8x8xf32>
// MATMUL:         %[[R3:.*]] = tosa.reshape %[[R2]], {{.*}} -> tensor<2x4x8xf32>
// MATMUL:         %[[B:.*]] = "tosa.const"() <{values = dense_resource<b> : tensor<1x1x8xf32>}>
// MATMUL:         tosa.add %[[R3]], %[[B]] : (tensor<2x4x8xf32>, tensor<1x1x8xf32>) -> tensor<2x4x8xf32>
