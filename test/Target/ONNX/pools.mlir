// MaxPool, AveragePool (both count_include_pad settings) and GlobalAveragePool
// all run on NHWC with a single transpose in and out.

// RUN: %python -m cim.make_models pools -o %t.pools.onnx
// RUN: cim-translate --import-onnx %t.pools.onnx | FileCheck %s
// RUN: %python -m cim.make_models avgpool_ceil -o %t.ceil.onnx
// RUN: not cim-translate --import-onnx %t.ceil.onnx 2>&1 | FileCheck %s --check-prefix=CEIL

// CHECK-LABEL: func.func @main(
// CHECK-SAME:      %[[ARG:.*]]: tensor<1x4x8x8xf32> {cim.name = "input"}) -> (tensor<1x4x1x1xf32> {cim.name = "output"})
// CHECK:         %[[X:.*]] = tosa.transpose %[[ARG]] {perms = array<i32: 0, 2, 3, 1>}
// CHECK:         %[[MP:.*]] = tosa.max_pool2d %[[X]] {kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x8x8x4xf32>) -> tensor<1x4x4x4xf32>
// count_include_pad=0 is TOSA's own semantics.
// CHECK:         %[[AP1:.*]] = tosa.avg_pool2d %[[MP]], %{{.*}}, %{{.*}} {acc_type = f32, kernel = array<i64: 3, 3>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>}
// count_include_pad=1 pads explicitly with zeros so the padding is counted.
// CHECK:         %[[PADS:.*]] = tosa.const_shape {values = dense<[0, 0, 1, 1, 1, 1, 0, 0]> : tensor<8xindex>}
// CHECK:         %[[P:.*]] = tosa.pad %[[AP1]], %[[PADS]], %{{.*}} : {{.*}} -> tensor<1x6x6x4xf32>
// CHECK:         %[[AP2:.*]] = tosa.avg_pool2d %[[P]], {{.*}} {acc_type = f32, kernel = array<i64: 3, 3>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
// GlobalAveragePool is an average over the whole plane.
// CHECK:         %[[G:.*]] = tosa.avg_pool2d %[[AP2]], {{.*}} {acc_type = f32, kernel = array<i64: 4, 4>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : {{.*}} -> tensor<1x1x1x4xf32>
// CHECK:         %[[Y:.*]] = tosa.transpose %[[G]] {perms = array<i32: 0, 3, 1, 2>}
// CHECK:         return %[[Y]]

// CEIL: error: AveragePool node 'avg_ceil': ceil_mode=1 changes the output size here (2 -> 3); only ceil_mode=0 is supported
