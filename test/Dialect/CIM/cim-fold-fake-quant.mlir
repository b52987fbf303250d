// RUN: cim-opt %s --split-input-file --cim-fold-fake-quant | FileCheck %s

// The importer's fake quantization (uint8, zero point 0, scale 0.25) before
// a transpose and a layer that quantizes its input the same way: the layer
// reads the unquantized value, the chain is gone.
// CHECK-LABEL: func.func @folded
// CHECK-SAME:      (%[[X:.*]]: tensor<1x2x2x4xf32>)
// CHECK-NOT:     tosa.clamp
// CHECK:         %[[T:.*]] = tosa.transpose %[[X]]
// CHECK:         cim.conv2d %[[T]]
// CHECK-NOT:     cim.fake_quant
func.func @folded(%x: tensor<1x2x2x4xf32>) -> tensor<1x2x2x1xf32> {
  %inv = "tosa.const"() <{values = dense<4.0> : tensor<1x1x1x1xf32>}> : () -> tensor<1x1x1x1xf32>
  %s = "tosa.const"() <{values = dense<0.25> : tensor<1x1x1x1xf32>}> : () -> tensor<1x1x1x1xf32>
  %m = "tosa.const"() <{values = dense<12582912.0> : tensor<1x1x1x1xf32>}> : () -> tensor<1x1x1x1xf32>
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %g = tosa.mul %x, %inv, %shift : (tensor<1x2x2x4xf32>, tensor<1x1x1x1xf32>, tensor<1xi8>) -> tensor<1x2x2x4xf32>
  %f = tosa.clamp %g {max_val = 65536.0 : f32, min_val = -65536.0 : f32} : (tensor<1x2x2x4xf32>) -> tensor<1x2x2x4xf32>
  %e = tosa.add %f, %m : (tensor<1x2x2x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x2x2x4xf32>
  %d = tosa.sub %e, %m : (tensor<1x2x2x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x2x2x4xf32>
  %b = tosa.clamp %d {max_val = 255.0 : f32, min_val = 0.0 : f32} : (tensor<1x2x2x4xf32>) -> tensor<1x2x2x4xf32>
  %y = tosa.mul %b, %s, %shift {cim.fake_quant = {qmax = 255 : i64, qmin = 0 : i64, scale = 2.500000e-01 : f64, zero_point = 0 : i64}} : (tensor<1x2x2x4xf32>, tensor<1x1x1x1xf32>, tensor<1xi8>) -> tensor<1x2x2x4xf32>
  %t = tosa.transpose %y {perms = array<i32: 0, 1, 2, 3>} : (tensor<1x2x2x4xf32>) -> tensor<1x2x2x4xf32>
  %w = "tosa.const"() <{values = dense<1.0> : tensor<1x1x1x4xf32>}> : () -> tensor<1x1x1x4xf32>
  %bias = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %c = cim.conv2d %t, %w, %bias {layer = "conv", stride = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, dilation = array<i64: 1, 1>, quant = #cim.quant<input_scale = 2.500000e-01 : f64, input_signed = false, input_bits = 8, weight_bits = 8, weight_scales = [1.0]>} : (tensor<1x2x2x4xf32>, tensor<1x1x1x4xf32>, tensor<1xf32>) -> tensor<1x2x2x1xf32>
  return %c : tensor<1x2x2x1xf32>
}

// -----

// Kept: the layer's input scale differs, and another use is not a layer.
// CHECK-LABEL: func.func @kept
// CHECK:         tosa.clamp
// CHECK:         %[[Y:[0-9]+]] = tosa.mul {{.*}}cim.fake_quant
// CHECK:         cim.matmul %[[Y]]
// CHECK:         return %{{[0-9]+}}, %[[Y]]
func.func @kept(%x: tensor<1x1x4xf32>) -> (tensor<1x1x1xf32>, tensor<1x1x4xf32>) {
  %inv = "tosa.const"() <{values = dense<4.0> : tensor<1x1x1xf32>}> : () -> tensor<1x1x1xf32>
  %s = "tosa.const"() <{values = dense<0.25> : tensor<1x1x1xf32>}> : () -> tensor<1x1x1xf32>
  %m = "tosa.const"() <{values = dense<12582912.0> : tensor<1x1x1xf32>}> : () -> tensor<1x1x1xf32>
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %g = tosa.mul %x, %inv, %shift : (tensor<1x1x4xf32>, tensor<1x1x1xf32>, tensor<1xi8>) -> tensor<1x1x4xf32>
  %f = tosa.clamp %g {max_val = 65536.0 : f32, min_val = -65536.0 : f32} : (tensor<1x1x4xf32>) -> tensor<1x1x4xf32>
  %e = tosa.add %f, %m : (tensor<1x1x4xf32>, tensor<1x1x1xf32>) -> tensor<1x1x4xf32>
  %d = tosa.sub %e, %m : (tensor<1x1x4xf32>, tensor<1x1x1xf32>) -> tensor<1x1x4xf32>
  %b = tosa.clamp %d {max_val = 127.0 : f32, min_val = -128.0 : f32} : (tensor<1x1x4xf32>) -> tensor<1x1x4xf32>
  %y = tosa.mul %b, %s, %shift {cim.fake_quant = {qmax = 127 : i64, qmin = -128 : i64, scale = 2.500000e-01 : f64, zero_point = 0 : i64}} : (tensor<1x1x4xf32>, tensor<1x1x1xf32>, tensor<1xi8>) -> tensor<1x1x4xf32>
  %w = "tosa.const"() <{values = dense<1.0> : tensor<4x1xf32>}> : () -> tensor<4x1xf32>
  %bias = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %z = cim.matmul %y, %w, %bias {layer = "fc", quant = #cim.quant<input_scale = 5.000000e-01 : f64, input_signed = true, input_bits = 8, weight_bits = 8, weight_scales = [1.0]>} : (tensor<1x1x4xf32>, tensor<4x1xf32>, tensor<1xf32>) -> tensor<1x1x1xf32>
  return %z, %y : tensor<1x1x1xf32>, tensor<1x1x4xf32>
}
