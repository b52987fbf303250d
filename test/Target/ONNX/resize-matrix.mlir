// Resize forms that tosa.resize cannot express (cubic, tf_crop_and_resize,
// align_corners with a length of 1) are separable interpolations: one
// constant [in, out] weight matrix per resized dimension, applied with
// tosa.matmul on the dimension moved last (constant on the right, as for the
// linear layers), and a constant added for tf_crop_and_resize's
// extrapolation_value. The values are checked against ONNX Runtime by
// ops-ort.test and against ONNX's test data by the conformance run.

// RUN: %python -m cim.make_models resize_cubic_modes -o %t.onnx
// RUN: cim-translate --import-onnx %t.onnx --mlir-elide-resource-strings-if-larger=8 | FileCheck %s

// CHECK-LABEL: func.func @main(
// CHECK:         %[[C:.*]] = tosa.conv2d {{.*}} -> tensor<1x5x6x3xf32>
// Cubic half_pixel 5x6 -> 8x9 of the NHWC convolution result: from ONNX
// order, the width is last already; rows are N*C*H.
// CHECK:         %[[NCHW:.*]] = tosa.transpose %[[C]] {perms = array<i32: 0, 3, 1, 2>}
// CHECK:         %[[A:.*]] = tosa.reshape %[[NCHW]], {{.*}} -> tensor<1x15x6xf32>
// CHECK:         %[[WW:.*]] = "tosa.const"() <{values = dense_resource<cubic.resize_w> : tensor<1x6x9xf32>}>
// CHECK:         %[[MW:.*]] = tosa.matmul %[[A]], %[[WW]], {{.*}} -> tensor<1x15x9xf32>
// CHECK:         %[[RW:.*]] = tosa.reshape %[[MW]], {{.*}} -> tensor<1x3x5x9xf32>
// Then the height, moved last: rows are N*C*OW.
// CHECK:         %[[TH:.*]] = tosa.transpose %[[RW]] {perms = array<i32: 0, 1, 3, 2>} : {{.*}} -> tensor<1x3x9x5xf32>
// CHECK:         %[[B:.*]] = tosa.reshape %[[TH]], {{.*}} -> tensor<1x27x5xf32>
// CHECK:         %[[WH:.*]] = "tosa.const"() <{values = dense_resource<cubic.resize_h> : tensor<1x5x8xf32>}>
// CHECK:         %[[MH:.*]] = tosa.matmul %[[B]], %[[WH]], {{.*}} -> tensor<1x27x8xf32>
// CHECK:         %[[RH:.*]] = tosa.reshape %[[MH]], {{.*}} -> tensor<1x3x9x8xf32>
// The result is NHWC again, like the input.
// CHECK:         %[[CUBIC:.*]] = tosa.transpose %[[RH]] {perms = array<i32: 0, 3, 2, 1>} : {{.*}} -> tensor<1x8x9x3xf32>

// Cubic asymmetric with exclude_outside: the same form, sharing the NCHW
// transpose.
// CHECK:         tosa.reshape %[[NCHW]], {{.*}} -> tensor<1x15x6xf32>
// CHECK:         dense_resource<cubic_excl.resize_w> : tensor<1x6x12xf32>
// CHECK:         dense_resource<cubic_excl.resize_h> : tensor<1x5x10xf32>
// CHECK:         %[[EXCL:.*]] = tosa.transpose {{.*}} -> tensor<1x10x12x3xf32>

// pytorch_half_pixel to one row: a 5x1 height matrix.
// CHECK:         dense_resource<cubic_row.resize_w> : tensor<1x6x4xf32>
// CHECK:         dense_resource<cubic_row.resize_h> : tensor<1x5x1xf32>
// CHECK:         %[[ROW:.*]] = tosa.transpose {{.*}} -> tensor<1x1x4x3xf32>

// tf_crop_and_resize: samples outside the roi have no weights; the
// extrapolation value is added afterwards, per output pixel.
// CHECK:         dense_resource<crop.resize_w> : tensor<1x6x7xf32>
// CHECK:         dense_resource<crop.resize_h> : tensor<1x5x4xf32>
// CHECK:         %[[CT:.*]] = tosa.transpose {{.*}} -> tensor<1x4x7x3xf32>
// CHECK:         %[[EXT:.*]] = "tosa.const"() <{values = dense_resource<crop.extrapolation> : tensor<1x4x7x1xf32>}>
// CHECK:         %[[CROP:.*]] = tosa.add %[[CT]], %[[EXT]]

// Linear align_corners keeps tosa.resize; the same resize as
// tf_crop_and_resize over the whole input goes through matrices.
// CHECK:         %[[AL:.*]] = tosa.resize %[[C]], {{.*}} {mode = BILINEAR} : {{.*}} -> tensor<1x7x8x3xf32>
// CHECK:         dense_resource<crop_all.resize_w> : tensor<1x6x8xf32>
// CHECK:         %[[CA:.*]] = tosa.transpose {{.*}} -> tensor<1x7x8x3xf32>
// CHECK:         tosa.sub %[[AL]], %[[CA]]

// A graph input stays in ONNX order, and the unchanged height has no
// matrix: one matmul between two reshapes.
// CHECK:         %[[IN:.*]] = tosa.reshape %arg0, {{.*}} -> tensor<1x10x6xf32>
// CHECK:         %[[WIDE_W:.*]] = "tosa.const"() <{values = dense_resource<wide.resize_w> : tensor<1x6x9xf32>}>
// CHECK-NOT:     wide.resize_h
// CHECK:         %[[WM:.*]] = tosa.matmul %[[IN]], %[[WIDE_W]], {{.*}} -> tensor<1x10x9xf32>
// CHECK:         %[[WIDE:.*]] = tosa.reshape %[[WM]], {{.*}} -> tensor<1x2x5x9xf32>
// CHECK:         tosa.transpose %[[CUBIC]]
// CHECK:         return {{.*}}, %[[WIDE]] :
