// RUN: cim-opt %s --split-input-file --cim-order-channels | FileCheck %s

// Output channels sort by the L1 norm of their weights, largest first:
// |1|, |-3|, |2| gives the order 1, 2, 0. The producer's weight, bias and
// weight scales follow it, and so do the consumer's weight input channels
// (through a ReLU clamp and a max pool, which work channel by channel). The
// consumer feeds the function's result, so its own outputs keep their order.
// CHECK-LABEL: func.func @conv_pool_conv
// CHECK-DAG: %[[W1:.*]] = "tosa.const"() <{values = dense<{{\[\[\[\[}}-3.000000e+00]]], {{\[\[\[}}2.000000e+00]]], {{\[\[\[}}1.000000e+00]]]]> : tensor<3x1x1x1xf32>}>
// CHECK-DAG: %[[B1:.*]] = "tosa.const"() <{values = dense<[2.000000e-01, 3.000000e-01, 1.000000e-01]> : tensor<3xf32>}>
// CHECK: cim.conv2d %{{.*}}, %[[W1]], %[[B1]] {{.*}}layer = "conv1"
// CHECK-SAME: weight_scales = [2.0, 3.0, 1.0]
// CHECK-DAG: %[[W2:.*]] = "tosa.const"() <{values = dense<{{\[\[\[\[}}2.000000e+00, 3.000000e+00, 1.000000e+00]]], {{\[\[\[}}5.000000e+00, 6.000000e+00, 4.000000e+00]]]]> : tensor<2x1x1x3xf32>}>
// CHECK-DAG: %[[B2:.*]] = "tosa.const"() <{values = dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf32>}>
// CHECK: cim.conv2d %{{.*}}, %[[W2]], %[[B2]] {{.*}}layer = "conv2"
func.func @conv_pool_conv(%x: tensor<1x4x4x1xf32>) -> tensor<1x2x2x2xf32> {
  %w1 = "tosa.const"() <{values = dense<[[[[1.0]]], [[[-3.0]]], [[[2.0]]]]> : tensor<3x1x1x1xf32>}> : () -> tensor<3x1x1x1xf32>
  %b1 = "tosa.const"() <{values = dense<[0.1, 0.2, 0.3]> : tensor<3xf32>}> : () -> tensor<3xf32>
  %c1 = cim.conv2d %x, %w1, %b1 {layer = "conv1", stride = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, dilation = array<i64: 1, 1>, quant = #cim.quant<input_scale = 1.0 : f64, input_signed = true, input_bits = 8, weight_bits = 8, weight_scales = [1.0, 2.0, 3.0]>} : (tensor<1x4x4x1xf32>, tensor<3x1x1x1xf32>, tensor<3xf32>) -> tensor<1x4x4x3xf32>
  %r = tosa.clamp %c1 {min_val = 0.0 : f32, max_val = 6.0 : f32} : (tensor<1x4x4x3xf32>) -> tensor<1x4x4x3xf32>
  %p = tosa.max_pool2d %r {kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x4x4x3xf32>) -> tensor<1x2x2x3xf32>
  %w2 = "tosa.const"() <{values = dense<[[[[1.0, 2.0, 3.0]]], [[[4.0, 5.0, 6.0]]]]> : tensor<2x1x1x3xf32>}> : () -> tensor<2x1x1x3xf32>
  %b2 = "tosa.const"() <{values = dense<[1.0, 2.0]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %c2 = cim.conv2d %p, %w2, %b2 {layer = "conv2", stride = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, dilation = array<i64: 1, 1>} : (tensor<1x2x2x3xf32>, tensor<2x1x1x3xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  return %c2 : tensor<1x2x2x2xf32>
}

// -----

// A 3x3 consumer: its im2col rows are (kh, kw, c), so every window position
// gets the same input permutation (order 1, 0 of channels with L1 norms 1
// and 2).
// CHECK-LABEL: func.func @window
// CHECK: %[[W:.*]] = "tosa.const"() <{values = dense<{{\[\[\[\[}}2.000000e+00, 1.000000e+00], [4.000000e+00, 3.000000e+00]], {{\[\[}}6.000000e+00, 5.000000e+00], [8.000000e+00, 7.000000e+00]]]]> : tensor<1x2x2x2xf32>}>
// CHECK: cim.conv2d %{{.*}}, %[[W]], %{{.*}} {{.*}}layer = "conv2"
func.func @window(%x: tensor<1x3x3x1xf32>) -> tensor<1x2x2x1xf32> {
  %w1 = "tosa.const"() <{values = dense<[[[[1.0]]], [[[-2.0]]]]> : tensor<2x1x1x1xf32>}> : () -> tensor<2x1x1x1xf32>
  %b1 = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %c1 = cim.conv2d %x, %w1, %b1 {layer = "conv1", stride = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, dilation = array<i64: 1, 1>, relu} : (tensor<1x3x3x1xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x3x3x2xf32>
  %w2 = "tosa.const"() <{values = dense<[[[[1.0, 2.0], [3.0, 4.0]], [[5.0, 6.0], [7.0, 8.0]]]]> : tensor<1x2x2x2xf32>}> : () -> tensor<1x2x2x2xf32>
  %b2 = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %c2 = cim.conv2d %c1, %w2, %b2 {layer = "conv2", stride = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, dilation = array<i64: 1, 1>} : (tensor<1x3x3x2xf32>, tensor<1x2x2x2xf32>, tensor<1xf32>) -> tensor<1x2x2x1xf32>
  return %c2 : tensor<1x2x2x1xf32>
}

// -----

// A matmul after the flatten of an NHWC tensor: the flattened index is
// (h*W + w)*C + c, so the K rows with the same c move together: with C = 2
// and order 1, 0 the rows r0 r1 r2 r3 become r1 r0 r3 r2.
// CHECK-LABEL: func.func @flatten_matmul
// CHECK: cim.conv2d {{.*}}layer = "conv"
// CHECK: %[[W:.*]] = "tosa.const"() <{values = dense<{{\[\[}}2.000000e+00], [1.000000e+00], [4.000000e+00], [3.000000e+00]]> : tensor<4x1xf32>}>
// CHECK: cim.matmul %{{.*}}, %[[W]], %{{.*}} {layer = "fc"}
func.func @flatten_matmul(%x: tensor<1x2x1x1xf32>) -> tensor<1x1x1xf32> {
  %w1 = "tosa.const"() <{values = dense<[[[[0.5]]], [[[-5.0]]]]> : tensor<2x1x1x1xf32>}> : () -> tensor<2x1x1x1xf32>
  %b1 = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %c = cim.conv2d %x, %w1, %b1 {layer = "conv", stride = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, dilation = array<i64: 1, 1>, relu} : (tensor<1x2x1x1xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x1x2xf32>
  %s1 = tosa.const_shape {values = dense<[1, 4]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %f = tosa.reshape %c, %s1 : (tensor<1x2x1x2xf32>, !tosa.shape<2>) -> tensor<1x4xf32>
  %s2 = tosa.const_shape {values = dense<[1, 1, 4]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %f3 = tosa.reshape %f, %s2 : (tensor<1x4xf32>, !tosa.shape<3>) -> tensor<1x1x4xf32>
  %w2 = "tosa.const"() <{values = dense<[[1.0], [2.0], [3.0], [4.0]]> : tensor<4x1xf32>}> : () -> tensor<4x1xf32>
  %b2 = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = cim.matmul %f3, %w2, %b2 {layer = "fc"} : (tensor<1x1x4xf32>, tensor<4x1xf32>, tensor<1xf32>) -> tensor<1x1x1xf32>
  return %y : tensor<1x1x1xf32>
}

// -----

// A hidden matmul layer: its output channels are the columns of its [K, M]
// weight (L1 norms 1, 4, 2: order 1, 2, 0), the next layer's inputs its
// rows. The middle layer both produces and reads reordered channels: its
// rows follow fc1's order and its columns its own (L1 norms 1, 4: order 1,
// 0), in one rewrite.
// CHECK-LABEL: func.func @matmul_chain
// CHECK-DAG: %[[W1:.*]] = "tosa.const"() <{values = dense<{{\[\[}}4.000000e+00, 2.000000e+00, 1.000000e+00]]> : tensor<1x3xf32>}>
// CHECK-DAG: %[[B1:.*]] = "tosa.const"() <{values = dense<[2.000000e+00, 3.000000e+00, 1.000000e+00]> : tensor<3xf32>}>
// CHECK: cim.matmul %{{.*}}, %[[W1]], %[[B1]] {layer = "fc1", relu}
// CHECK-DAG: %[[W2:.*]] = "tosa.const"() <{values = dense<{{\[\[}}0.000000e+00, 1.000000e+00], [3.000000e+00, 0.000000e+00], [1.000000e+00, 0.000000e+00]]> : tensor<3x2xf32>}>
// CHECK-DAG: %[[B2:.*]] = "tosa.const"() <{values = dense<[6.000000e+00, 5.000000e+00]> : tensor<2xf32>}>
// CHECK: cim.matmul %{{.*}}, %[[W2]], %[[B2]] {layer = "fc2", relu}
// CHECK: %[[W3:.*]] = "tosa.const"() <{values = dense<{{\[\[}}2.000000e+00], [1.000000e+00]]> : tensor<2x1xf32>}>
// CHECK: cim.matmul %{{.*}}, %[[W3]], %{{.*}} {layer = "fc3"}
func.func @matmul_chain(%x: tensor<1x1x1xf32>) -> tensor<1x1x1xf32> {
  %w1 = "tosa.const"() <{values = dense<[[1.0, 4.0, 2.0]]> : tensor<1x3xf32>}> : () -> tensor<1x3xf32>
  %b1 = "tosa.const"() <{values = dense<[1.0, 2.0, 3.0]> : tensor<3xf32>}> : () -> tensor<3xf32>
  %h1 = cim.matmul %x, %w1, %b1 {layer = "fc1", relu} : (tensor<1x1x1xf32>, tensor<1x3xf32>, tensor<3xf32>) -> tensor<1x1x3xf32>
  %w2 = "tosa.const"() <{values = dense<[[0.0, 1.0], [1.0, 0.0], [0.0, 3.0]]> : tensor<3x2xf32>}> : () -> tensor<3x2xf32>
  %b2 = "tosa.const"() <{values = dense<[5.0, 6.0]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %h2 = cim.matmul %h1, %w2, %b2 {layer = "fc2", relu} : (tensor<1x1x3xf32>, tensor<3x2xf32>, tensor<2xf32>) -> tensor<1x1x2xf32>
  %w3 = "tosa.const"() <{values = dense<[[1.0], [2.0]]> : tensor<2x1xf32>}> : () -> tensor<2x1xf32>
  %b3 = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = cim.matmul %h2, %w3, %b3 {layer = "fc3"} : (tensor<1x1x2xf32>, tensor<2x1xf32>, tensor<1xf32>) -> tensor<1x1x1xf32>
  return %y : tensor<1x1x1xf32>
}

// -----

// Equal norms keep their index order, so channels already in order (and
// ties) leave the constants alone: the pass is idempotent.
// CHECK-LABEL: func.func @ties
// CHECK: "tosa.const"() <{values = dense<[{{\[}}2.000000e+00, -2.000000e+00, 1.000000e+00]]> : tensor<1x3xf32>}>
// CHECK: "tosa.const"() <{values = dense<[1.000000e+00, 2.000000e+00, 3.000000e+00]> : tensor<3xf32>}>
// CHECK: "tosa.const"() <{values = dense<[{{\[}}1.000000e+00], [2.000000e+00], [3.000000e+00]]> : tensor<3x1xf32>}>
func.func @ties(%x: tensor<1x1x1xf32>) -> tensor<1x1x1xf32> {
  %w1 = "tosa.const"() <{values = dense<[[2.0, -2.0, 1.0]]> : tensor<1x3xf32>}> : () -> tensor<1x3xf32>
  %b1 = "tosa.const"() <{values = dense<[1.0, 2.0, 3.0]> : tensor<3xf32>}> : () -> tensor<3xf32>
  %h = cim.matmul %x, %w1, %b1 {layer = "fc1", relu} : (tensor<1x1x1xf32>, tensor<1x3xf32>, tensor<3xf32>) -> tensor<1x1x3xf32>
  %w2 = "tosa.const"() <{values = dense<[[1.0], [2.0], [3.0]]> : tensor<3x1xf32>}> : () -> tensor<3x1xf32>
  %b2 = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = cim.matmul %h, %w2, %b2 {layer = "fc2"} : (tensor<1x1x3xf32>, tensor<3x1xf32>, tensor<1xf32>) -> tensor<1x1x1xf32>
  return %y : tensor<1x1x1xf32>
}

// -----

// A weight constant shared by two layers stays for the layer that keeps
// its order; the reordered one gets its own copy.
// CHECK-LABEL: func.func @shared_weight
// CHECK-DAG: %[[OLD:.*]] = "tosa.const"() <{values = dense<{{\[\[}}1.000000e+00, 3.000000e+00]]> : tensor<1x2xf32>}>
// CHECK-DAG: %[[NEW:.*]] = "tosa.const"() <{values = dense<{{\[\[}}3.000000e+00, 1.000000e+00]]> : tensor<1x2xf32>}>
// CHECK: cim.matmul %{{.*}}, %[[NEW]], %{{.*}} {layer = "hidden", relu}
// CHECK: cim.matmul %{{.*}}, %[[OLD]], %{{.*}} {layer = "side"}
func.func @shared_weight(%x: tensor<1x1x1xf32>) -> (tensor<1x1x1xf32>, tensor<1x1x2xf32>) {
  %w = "tosa.const"() <{values = dense<[[1.0, 3.0]]> : tensor<1x2xf32>}> : () -> tensor<1x2xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %h = cim.matmul %x, %w, %b {layer = "hidden", relu} : (tensor<1x1x1xf32>, tensor<1x2xf32>, tensor<2xf32>) -> tensor<1x1x2xf32>
  %s = cim.matmul %x, %w, %b {layer = "side"} : (tensor<1x1x1xf32>, tensor<1x2xf32>, tensor<2xf32>) -> tensor<1x1x2xf32>
  %w2 = "tosa.const"() <{values = dense<[[1.0], [2.0]]> : tensor<2x1xf32>}> : () -> tensor<2x1xf32>
  %b2 = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = cim.matmul %h, %w2, %b2 {layer = "out"} : (tensor<1x1x2xf32>, tensor<2x1xf32>, tensor<1xf32>) -> tensor<1x1x1xf32>
  return %y, %s : tensor<1x1x1xf32>, tensor<1x1x2xf32>
}
