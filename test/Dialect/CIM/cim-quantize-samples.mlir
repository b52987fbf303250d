// A calibration file may hold N samples, stacked on a new leading axis
// (2x1x1x4 here) or along the model's leading axis of extent 1 (2x1x4); the
// ranges are taken over every sample. Sample 0 alone ([0, 255, 3, 1.5])
// gives an input scale of 1 (cim-quantize.mlir); sample 1 reaches 510.
// RUN: rm -rf %t && mkdir -p %t/new %t/lead
// RUN: %python -c "import numpy as np; x = np.array([[[0.0, 255.0, 3.0, 1.5]], [[0.0, 100.0, 510.0, 1.0]]], dtype=np.float32); np.save('%t/new/x.npy', x.reshape(2, 1, 1, 4)); np.save('%t/lead/x.npy', x)"
// RUN: cim-opt %s --split-input-file --cim-quantize=calibration=%t/new | FileCheck %s
// RUN: cim-opt %s --split-input-file --cim-quantize=calibration=%t/lead | FileCheck %s

// Unsigned, scale = 510 / (2^8 - 1).
// CHECK-LABEL: func.func @main
// CHECK: cim.matmul
// CHECK-SAME: quant = #cim.quant<input_scale = 2.000000e+00 : f64, input_signed = false, input_bits = 8
func.func @main(%x: tensor<1x1x4xf32> {cim.name = "x"}) -> tensor<1x1x3xf32> {
  %w = "tosa.const"() <{values = dense<[[127.0, -254.0, 63.5], [1.0, 2.0, 3.0], [-127.0, 0.0, 0.0], [0.0, 0.0, -63.5]]> : tensor<4x3xf32>}> : () -> tensor<4x3xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<3xf32>}> : () -> tensor<3xf32>
  %y = cim.matmul %x, %w, %b {layer = "fc"} : (tensor<1x1x4xf32>, tensor<4x3xf32>, tensor<3xf32>) -> tensor<1x1x3xf32>
  return %y : tensor<1x1x3xf32>
}

// -----

// The float reference runs once per sample: the second layer sees the ReLU
// of x * 2 of both samples (max 1020).
// CHECK-LABEL: func.func @main
// CHECK: cim.matmul {{.*}}layer = "first"{{.*}}input_scale = 2.000000e+00
// CHECK: cim.matmul {{.*}}layer = "second"{{.*}}input_scale = 4.000000e+00 : f64, input_signed = false
func.func @main(%x: tensor<1x1x4xf32> {cim.name = "x"}) -> tensor<1x1x4xf32> {
  %w = "tosa.const"() <{values = dense<[[2.0, 0.0, 0.0, 0.0], [0.0, 2.0, 0.0, 0.0], [0.0, 0.0, 2.0, 0.0], [0.0, 0.0, 0.0, 2.0]]> : tensor<4x4xf32>}> : () -> tensor<4x4xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<4xf32>}> : () -> tensor<4xf32>
  %y = cim.matmul %x, %w, %b {layer = "first", relu} : (tensor<1x1x4xf32>, tensor<4x4xf32>, tensor<4xf32>) -> tensor<1x1x4xf32>
  %z = cim.matmul %y, %w, %b {layer = "second"} : (tensor<1x1x4xf32>, tensor<4x4xf32>, tensor<4xf32>) -> tensor<1x1x4xf32>
  return %z : tensor<1x1x4xf32>
}
