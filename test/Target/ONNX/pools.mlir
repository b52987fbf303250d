// MaxPool, AveragePool (both count_include_pad settings, ceil_mode),
// GlobalAveragePool and GlobalMaxPool all run on NHWC with a single transpose
// in and out.

// RUN: %python -m cim.make_models pools -o %t.pools.onnx
// RUN: cim-translate --import-onnx %t.pools.onnx | FileCheck %s
// RUN: %python -m cim.make_models avgpool_ceil -o %t.ceil.onnx
// RUN: cim-translate --import-onnx %t.ceil.onnx | FileCheck %s --check-prefix=CEIL
// RUN: %python -m cim.make_models pools_ceil -o %t.pools_ceil.onnx
// RUN: cim-translate --import-onnx %t.pools_ceil.onnx | FileCheck %s --check-prefix=CEILS

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

// ceil_mode=1 adds the extra window's end padding (1 row, 1 column), which
// TOSA's average does not count, like ONNX.
// CEIL-LABEL: func.func @main(
// CEIL:         tosa.avg_pool2d {{.*}} {acc_type = f32, kernel = array<i64: 2, 2>, pad = array<i64: 0, 1, 0, 1>, stride = array<i64: 2, 2>}
// CEIL-SAME:      -> tensor<1x3x3x1xf32>

// MaxPool with ceil_mode pads its extra window with TOSA padding; AveragePool
// with count_include_pad=1 pads the ONNX pads explicitly with zeros and leaves
// only ceil_mode's extra row and column to TOSA. GlobalMaxPool is a
// max_pool2d over the whole plane.
// CEILS-LABEL: func.func @main(
// CEILS:         tosa.max_pool2d %[[X:.*]] {kernel = array<i64: 3, 3>, pad = array<i64: 0, 1, 0, 1>, stride = array<i64: 2, 2>}
// CEILS-SAME:      -> tensor<1x3x3x2xf32>
// CEILS:         tosa.avg_pool2d %[[X]], {{.*}} {acc_type = f32, kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>}
// CEILS:         %[[P:.*]] = tosa.pad %[[X]], {{.*}} -> tensor<1x8x8x2xf32>
// CEILS:         %[[AI:.*]] = tosa.avg_pool2d %[[P]], {{.*}} {acc_type = f32, kernel = array<i64: 3, 3>, pad = array<i64: 0, 1, 0, 1>, stride = array<i64: 2, 2>}
// CEILS-SAME:      -> tensor<1x4x4x2xf32>
// CEILS:         tosa.max_pool2d %[[AI]] {kernel = array<i64: 4, 4>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
// CEILS-SAME:      -> tensor<1x1x1x2xf32>
