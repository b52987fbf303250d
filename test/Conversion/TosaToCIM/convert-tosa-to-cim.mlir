// RUN: cim-opt %s --split-input-file --convert-tosa-to-cim | FileCheck %s

// A constant-weight conv followed by a ReLU becomes one crossbar layer named
// after the ONNX node.
// CHECK-LABEL: func.func @conv_relu
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x4x2xf32>)
// CHECK: %[[W:.*]] = "tosa.const"() <{values = dense<5.000000e-01> : tensor<3x3x3x2xf32>}>
// CHECK: %[[B:.*]] = "tosa.const"() <{values = dense<1.000000e+00> : tensor<3xf32>}>
// CHECK: %[[Y:.*]] = cim.conv2d %[[X]], %[[W]], %[[B]]
// CHECK-SAME: layer = "conv1"
// CHECK-SAME: relu
// CHECK-NOT: tosa.clamp
// CHECK: return %[[Y]]
func.func @conv_relu(%x: tensor<1x4x4x2xf32>) -> tensor<1x4x4x3xf32> {
  %w = "tosa.const"() <{values = dense<0.5> : tensor<3x3x3x2xf32>}> : () -> tensor<3x3x3x2xf32>
  %b = "tosa.const"() <{values = dense<1.0> : tensor<3xf32>}> : () -> tensor<3xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %c = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<3x3x3x2xf32>, tensor<3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x3xf32> loc("conv1")
  %r = tosa.clamp %c {max_val = 3.40282347E+38 : f32, min_val = 0.000000e+00 : f32} : (tensor<1x4x4x3xf32>) -> tensor<1x4x4x3xf32>
  return %r : tensor<1x4x4x3xf32>
}

// -----

// A clamp that is not a ReLU stays digital.
// CHECK-LABEL: func.func @conv_clamp6
// CHECK: cim.conv2d
// CHECK-NOT: relu
// CHECK: tosa.clamp
func.func @conv_clamp6(%x: tensor<1x4x4x2xf32>) -> tensor<1x4x4x3xf32> {
  %w = "tosa.const"() <{values = dense<0.5> : tensor<3x3x3x2xf32>}> : () -> tensor<3x3x3x2xf32>
  %b = "tosa.const"() <{values = dense<1.0> : tensor<3xf32>}> : () -> tensor<3xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %c = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<3x3x3x2xf32>, tensor<3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x3xf32>
  %r = tosa.clamp %c {max_val = 6.0 : f32, min_val = 0.000000e+00 : f32} : (tensor<1x4x4x3xf32>) -> tensor<1x4x4x3xf32>
  return %r : tensor<1x4x4x3xf32>
}

// -----

// A conv whose weights are not constant is not bound to crossbars.
// CHECK-LABEL: func.func @dynamic_weights
// CHECK-NOT: cim.conv2d
// CHECK: tosa.conv2d
func.func @dynamic_weights(%x: tensor<1x4x4x2xf32>, %w: tensor<3x3x3x2xf32>) -> tensor<1x4x4x3xf32> {
  %b = "tosa.const"() <{values = dense<1.0> : tensor<3xf32>}> : () -> tensor<3xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %c = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<3x3x3x2xf32>, tensor<3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x3xf32>
  return %c : tensor<1x4x4x3xf32>
}

// -----

// Gemm as the importer emits it: matmul with a constant of batch 1, then the
// bias add and a ReLU, all fused.
// CHECK-LABEL: func.func @gemm_bias_relu
// CHECK-SAME: (%[[X:.*]]: tensor<1x2x4xf32>)
// CHECK-DAG: %[[W:.*]] = "tosa.const"() <{values = dense<2.500000e-01> : tensor<4x3xf32>}>
// CHECK-DAG: %[[B:.*]] = "tosa.const"() <{values = dense<[1.000000e+00, 2.000000e+00, 3.000000e+00]> : tensor<3xf32>}>
// CHECK: %[[Y:.*]] = cim.matmul %[[X]], %[[W]], %[[B]] {layer = "fc", relu}
// CHECK-NOT: tosa.add
// CHECK: return %[[Y]]
func.func @gemm_bias_relu(%x: tensor<1x2x4xf32>) -> tensor<1x2x3xf32> {
  %w = "tosa.const"() <{values = dense<0.25> : tensor<1x4x3xf32>}> : () -> tensor<1x4x3xf32>
  %bias = "tosa.const"() <{values = dense<[[[1.0, 2.0, 3.0]]]> : tensor<1x1x3xf32>}> : () -> tensor<1x1x3xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %m = tosa.matmul %x, %w, %zp, %zp : (tensor<1x2x4xf32>, tensor<1x4x3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x3xf32> loc("fc")
  %a = tosa.add %m, %bias : (tensor<1x2x3xf32>, tensor<1x1x3xf32>) -> tensor<1x2x3xf32>
  %r = tosa.clamp %a {max_val = 3.40282347E+38 : f32, min_val = 0.000000e+00 : f32} : (tensor<1x2x3xf32>) -> tensor<1x2x3xf32>
  return %r : tensor<1x2x3xf32>
}

// -----

// Two layers with the same node name get distinct layer names.
// CHECK-LABEL: func.func @unique_names
// CHECK: cim.matmul {{.*}}layer = "fc"
// CHECK: cim.matmul {{.*}}layer = "fc_1"
func.func @unique_names(%x: tensor<1x2x4xf32>) -> tensor<1x2x4xf32> {
  %w = "tosa.const"() <{values = dense<0.25> : tensor<1x4x4xf32>}> : () -> tensor<1x4x4xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %m = tosa.matmul %x, %w, %zp, %zp : (tensor<1x2x4xf32>, tensor<1x4x4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x4xf32> loc("fc")
  %n = tosa.matmul %m, %w, %zp, %zp : (tensor<1x2x4xf32>, tensor<1x4x4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x4xf32> loc("fc")
  return %n : tensor<1x2x4xf32>
}

// -----

// The scales of a QDQ model that the ONNX importer attached (`cim.qdq`) go
// along to the crossbar layers, for cim-quantize.
// CHECK-LABEL: func.func @qdq_scales
// CHECK: cim.conv2d {{.*}}cim.qdq = {input_scale = 2.500000e-01 : f64, weight_scales = array<f64: 5.000000e-01>}
// CHECK: cim.matmul {{.*}}cim.qdq = {weight_scales = array<f64: 1.250000e-01, 1.250000e-01, 1.250000e-01>}
func.func @qdq_scales(%x: tensor<1x4x4x1xf32>, %y: tensor<1x2x4xf32>) -> (tensor<1x4x4x1xf32>, tensor<1x2x3xf32>) {
  %w = "tosa.const"() <{values = dense<1.0> : tensor<1x1x1x1xf32>}> : () -> tensor<1x1x1x1xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %c = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, cim.qdq = {input_scale = 0.25 : f64, weight_scales = array<f64: 0.5>}} : (tensor<1x4x4x1xf32>, tensor<1x1x1x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x1xf32> loc("conv")
  %m_w = "tosa.const"() <{values = dense<0.25> : tensor<1x4x3xf32>}> : () -> tensor<1x4x3xf32>
  %m = tosa.matmul %y, %m_w, %zp, %zp {cim.qdq = {weight_scales = array<f64: 0.125, 0.125, 0.125>}} : (tensor<1x2x4xf32>, tensor<1x4x3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x3xf32> loc("fc")
  return %c, %m : tensor<1x4x4x1xf32>, tensor<1x2x3xf32>
}
