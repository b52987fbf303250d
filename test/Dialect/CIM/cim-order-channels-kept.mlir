// RUN: cim-opt %s --split-input-file --cim-order-channels=explain --verify-diagnostics | FileCheck %s

// Layers whose output channels must keep their order: with `explain` the
// pass says why on each. The weights are out of importance order ([1, 3]),
// so a reorder would show in the constants.

// The function's results are the user's contract: their channel order stays.
// CHECK-LABEL: func.func @result
// CHECK: dense<{{\[\[}}1.000000e+00, 3.000000e+00]]>
func.func @result(%x: tensor<1x1x1xf32>) -> tensor<1x1x2xf32> {
  %w = "tosa.const"() <{values = dense<[[1.0, 3.0]]> : tensor<1x2xf32>}> : () -> tensor<1x2xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  // expected-remark @+1 {{layer 'fc' keeps its channel order: its output reaches 'func.return', which is neither a crossbar layer's input nor a channel-wise op}}
  %y = cim.matmul %x, %w, %b {layer = "fc"} : (tensor<1x1x1xf32>, tensor<1x2xf32>, tensor<2xf32>) -> tensor<1x1x2xf32>
  return %y : tensor<1x1x2xf32>
}

// -----

// A residual add joins two producers: both would have to follow one order,
// and a width mode would gate one branch of the sum only.
// CHECK-LABEL: func.func @residual
// CHECK: dense<{{\[\[\[\[}}1.000000e+00]]], {{\[\[\[}}3.000000e+00]]]]>
func.func @residual(%x: tensor<1x2x2x1xf32>) -> tensor<1x2x2x2xf32> {
  %w1 = "tosa.const"() <{values = dense<[[[[1.0]]], [[[3.0]]]]> : tensor<2x1x1x1xf32>}> : () -> tensor<2x1x1x1xf32>
  %b1 = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  // expected-remark @+1 {{layer 'conv1' keeps its channel order: its output reaches 'tosa.add'}}
  %c1 = cim.conv2d %x, %w1, %b1 {layer = "conv1", stride = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, dilation = array<i64: 1, 1>, relu} : (tensor<1x2x2x1xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  %w2 = "tosa.const"() <{values = dense<[[[[1.0, 0.0]]], [[[0.0, 1.0]]]]> : tensor<2x1x1x2xf32>}> : () -> tensor<2x1x1x2xf32>
  // expected-remark @+1 {{layer 'conv2' keeps its channel order: its output reaches 'tosa.add'}}
  %c2 = cim.conv2d %c1, %w2, %b1 {layer = "conv2", stride = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, dilation = array<i64: 1, 1>} : (tensor<1x2x2x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  %sum = tosa.add %c1, %c2 : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  return %sum : tensor<1x2x2x2xf32>
}

// -----

// A depthwise convolution runs on the digital unit; its per-channel weights
// are not rewritten.
// CHECK-LABEL: func.func @depthwise
// CHECK: dense<{{\[\[\[\[}}1.000000e+00]]], {{\[\[\[}}3.000000e+00]]]]>
func.func @depthwise(%x: tensor<1x2x2x1xf32>) -> tensor<1x2x2x2xf32> {
  %w1 = "tosa.const"() <{values = dense<[[[[1.0]]], [[[3.0]]]]> : tensor<2x1x1x1xf32>}> : () -> tensor<2x1x1x1xf32>
  %b1 = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  // expected-remark @+1 {{its output reaches 'tosa.depthwise_conv2d'}}
  %c1 = cim.conv2d %x, %w1, %b1 {layer = "conv1", stride = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, dilation = array<i64: 1, 1>} : (tensor<1x2x2x1xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  %dww = "tosa.const"() <{values = dense<1.0> : tensor<1x1x2x1xf32>}> : () -> tensor<1x1x2x1xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %dw = tosa.depthwise_conv2d %c1, %dww, %b1, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x2xf32>, tensor<1x1x2x1xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x2xf32>
  %w2 = "tosa.const"() <{values = dense<1.0> : tensor<2x1x1x2xf32>}> : () -> tensor<2x1x1x2xf32>
  // expected-remark @+1 {{its output reaches 'func.return'}}
  %c2 = cim.conv2d %dw, %w2, %b1 {layer = "conv2", stride = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, dilation = array<i64: 1, 1>} : (tensor<1x2x2x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  return %c2 : tensor<1x2x2x2xf32>
}

// -----

// A concat joins channels of several producers.
// CHECK-LABEL: func.func @concat
// CHECK: dense<{{\[\[}}1.000000e+00, 3.000000e+00]]>
func.func @concat(%x: tensor<1x1x1xf32>) -> tensor<1x1x1xf32> {
  %w = "tosa.const"() <{values = dense<[[1.0, 3.0]]> : tensor<1x2xf32>}> : () -> tensor<1x2xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  // expected-remark @+1 {{its output reaches 'tosa.concat'}}
  %h = cim.matmul %x, %w, %b {layer = "fc1"} : (tensor<1x1x1xf32>, tensor<1x2xf32>, tensor<2xf32>) -> tensor<1x1x2xf32>
  %cat = tosa.concat %h, %x {axis = 2 : i32} : (tensor<1x1x2xf32>, tensor<1x1x1xf32>) -> tensor<1x1x3xf32>
  %w2 = "tosa.const"() <{values = dense<1.0> : tensor<3x1xf32>}> : () -> tensor<3x1xf32>
  %b2 = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  // expected-remark @+1 {{its output reaches 'func.return'}}
  %y = cim.matmul %cat, %w2, %b2 {layer = "fc2"} : (tensor<1x1x3xf32>, tensor<3x1xf32>, tensor<1xf32>) -> tensor<1x1x1xf32>
  return %y : tensor<1x1x1xf32>
}

// -----

// A transpose moves the channel axis away from the last position.
// CHECK-LABEL: func.func @transpose
// CHECK: dense<{{\[\[}}1.000000e+00, 3.000000e+00]]>
func.func @transpose(%x: tensor<1x2x1xf32>) -> tensor<1x2x2xf32> {
  %w = "tosa.const"() <{values = dense<[[1.0, 3.0]]> : tensor<1x2xf32>}> : () -> tensor<1x2xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  // expected-remark @+1 {{its output reaches 'tosa.transpose'}}
  %h = cim.matmul %x, %w, %b {layer = "fc1"} : (tensor<1x2x1xf32>, tensor<1x2xf32>, tensor<2xf32>) -> tensor<1x2x2xf32>
  %t = tosa.transpose %h {perms = array<i32: 0, 2, 1>} : (tensor<1x2x2xf32>) -> tensor<1x2x2xf32>
  %w2 = "tosa.const"() <{values = dense<1.0> : tensor<2x2xf32>}> : () -> tensor<2x2xf32>
  // expected-remark @+1 {{its output reaches 'func.return'}}
  %y = cim.matmul %t, %w2, %b {layer = "fc2"} : (tensor<1x2x2xf32>, tensor<2x2xf32>, tensor<2xf32>) -> tensor<1x2x2xf32>
  return %y : tensor<1x2x2xf32>
}

// -----

// A reshape whose last axis is not a multiple of the channel count splits
// channels apart.
// CHECK-LABEL: func.func @reshape_split
// CHECK: dense<{{\[\[}}1.000000e+00, 3.000000e+00]]>
func.func @reshape_split(%x: tensor<1x1x1xf32>) -> tensor<1x2x1xf32> {
  %w = "tosa.const"() <{values = dense<[[1.0, 3.0]]> : tensor<1x2xf32>}> : () -> tensor<1x2xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  // expected-remark @+1 {{layer 'fc1' keeps its channel order: its output reaches a tosa.reshape whose last axis (1) is not a multiple of its 2 channels}}
  %h = cim.matmul %x, %w, %b {layer = "fc1"} : (tensor<1x1x1xf32>, tensor<1x2xf32>, tensor<2xf32>) -> tensor<1x1x2xf32>
  %s = tosa.const_shape {values = dense<[1, 2, 1]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %r = tosa.reshape %h, %s : (tensor<1x1x2xf32>, !tosa.shape<3>) -> tensor<1x2x1xf32>
  %w2 = "tosa.const"() <{values = dense<1.0> : tensor<1x1xf32>}> : () -> tensor<1x1xf32>
  %b2 = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  // expected-remark @+1 {{its output reaches 'func.return'}}
  %y = cim.matmul %r, %w2, %b2 {layer = "fc2"} : (tensor<1x2x1xf32>, tensor<1x1xf32>, tensor<1xf32>) -> tensor<1x2x1xf32>
  return %y : tensor<1x2x1xf32>
}

// -----

// Weights that are not constants cannot be permuted: neither the layer's own
// nor those of a layer it feeds.
// CHECK-LABEL: func.func @dynamic_weights
// CHECK: dense<{{\[\[}}1.000000e+00, 3.000000e+00]]>
func.func @dynamic_weights(%x: tensor<1x1x1xf32>, %w: tensor<1x2xf32>, %w2: tensor<2x1xf32>) -> tensor<1x1x1xf32> {
  %b = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  // expected-remark @+1 {{layer 'fc1' keeps its channel order: its weight or bias is not an f32 constant}}
  %h = cim.matmul %x, %w, %b {layer = "fc1", relu} : (tensor<1x1x1xf32>, tensor<1x2xf32>, tensor<2xf32>) -> tensor<1x1x2xf32>
  %wc = "tosa.const"() <{values = dense<[[1.0, 3.0]]> : tensor<1x2xf32>}> : () -> tensor<1x2xf32>
  // expected-remark @+1 {{layer 'fc2' keeps its channel order: it feeds layer 'fc3', whose weight is not an f32 constant}}
  %h2 = cim.matmul %x, %wc, %b {layer = "fc2", relu} : (tensor<1x1x1xf32>, tensor<1x2xf32>, tensor<2xf32>) -> tensor<1x1x2xf32>
  %b2 = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  // expected-remark @+1 {{layer 'fc3' keeps its channel order: its weight or bias is not an f32 constant}}
  %y = cim.matmul %h2, %w2, %b2 {layer = "fc3"} : (tensor<1x1x2xf32>, tensor<2x1xf32>, tensor<1xf32>) -> tensor<1x1x1xf32>
  return %y : tensor<1x1x1xf32>
}
