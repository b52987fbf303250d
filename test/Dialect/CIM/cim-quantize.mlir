// RUN: rm -rf %t && mkdir -p %t
// RUN: %python -c "import numpy as np; np.save('%t/x.npy', np.array([[[0.0, 255.0, 3.0, 1.5]]], dtype=np.float32))"
// RUN: cim-opt %s --split-input-file --cim-quantize=calibration=%t | FileCheck %s
// RUN: cim-opt %s --split-input-file --cim-quantize | FileCheck %s --check-prefix=RANDOM
// RUN: cim-opt %s --split-input-file --cim-quantize="calibration=%t weight-bits=4 input-bits=6" | FileCheck %s --check-prefix=BITS

// Inputs never negative: unsigned, scale = max / (2^8 - 1). Weights:
// symmetric per output channel, scale = max|w| / (2^7 - 1).
// CHECK-LABEL: func.func @main
// CHECK: cim.matmul
// CHECK-SAME: quant = #cim.quant<input_scale = 1.000000e+00 : f64, input_signed = false, input_bits = 8, weight_bits = 8, weight_scales = [1.0, 2.0, 0.5]>
// Without a calibration directory the seeded random inputs are signed.
// RANDOM-LABEL: func.func @main
// RANDOM: quant = #cim.quant<input_scale = {{.*}}, input_signed = true, input_bits = 8, weight_bits = 8, weight_scales = [1.0, 2.0, 0.5]>
// BITS-LABEL: func.func @main
// BITS: quant = #cim.quant<input_scale = {{.*}}, input_signed = false, input_bits = 6, weight_bits = 4, weight_scales = [18.142857142857142, 36.285714285714285, 9.071428571428571]>
func.func @main(%x: tensor<1x1x4xf32> {cim.name = "x"}) -> tensor<1x1x3xf32> {
  %w = "tosa.const"() <{values = dense<[[127.0, -254.0, 63.5], [1.0, 2.0, 3.0], [-127.0, 0.0, 0.0], [0.0, 0.0, -63.5]]> : tensor<4x3xf32>}> : () -> tensor<4x3xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<3xf32>}> : () -> tensor<3xf32>
  %y = cim.matmul %x, %w, %b {layer = "fc"} : (tensor<1x1x4xf32>, tensor<4x3xf32>, tensor<3xf32>) -> tensor<1x1x3xf32>
  return %y : tensor<1x1x3xf32>
}

// -----

// A layer fed by another one is calibrated on the first one's float output:
// here the ReLU of x * 2 (max 510), unsigned.
// CHECK-LABEL: func.func @main
// CHECK: cim.matmul {{.*}}layer = "first"{{.*}}input_scale = 1.000000e+00
// CHECK: cim.matmul {{.*}}layer = "second"{{.*}}input_scale = 2.000000e+00 : f64, input_signed = false
func.func @main(%x: tensor<1x1x4xf32> {cim.name = "x"}) -> tensor<1x1x4xf32> {
  %w = "tosa.const"() <{values = dense<[[2.0, 0.0, 0.0, 0.0], [0.0, 2.0, 0.0, 0.0], [0.0, 0.0, 2.0, 0.0], [0.0, 0.0, 0.0, 2.0]]> : tensor<4x4xf32>}> : () -> tensor<4x4xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<4xf32>}> : () -> tensor<4xf32>
  %y = cim.matmul %x, %w, %b {layer = "first", relu} : (tensor<1x1x4xf32>, tensor<4x4xf32>, tensor<4xf32>) -> tensor<1x1x4xf32>
  %z = cim.matmul %y, %w, %b {layer = "second"} : (tensor<1x1x4xf32>, tensor<4x4xf32>, tensor<4xf32>) -> tensor<1x1x4xf32>
  return %z : tensor<1x1x4xf32>
}
