// Calibration files with N samples: every file must hold the same N, and a
// file must be one sample of its input or N of them.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python -c "import numpy as np; np.save('%t/x.npy', np.zeros((2, 1, 1, 4), np.float32)); np.save('%t/y.npy', np.zeros((3, 1, 4), np.float32)); np.save('%t/z.npy', np.zeros((1, 2, 4), np.float32))"
// RUN: cim-opt %s --split-input-file --verify-diagnostics --cim-quantize=calibration=%t

// x.npy holds 2 samples, y.npy 3: ranges over which samples would be
// ambiguous.
// expected-error-re @+1 {{calibration: {{.*}}y.npy holds 3 samples, but {{.*}}x.npy holds 2; every calibration file must hold the same number}}
func.func @main(%x: tensor<1x1x4xf32> {cim.name = "x"}, %y: tensor<1x1x4xf32> {cim.name = "y"}) -> tensor<1x1x3xf32> {
  %w = "tosa.const"() <{values = dense<1.0> : tensor<4x3xf32>}> : () -> tensor<4x3xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<3xf32>}> : () -> tensor<3xf32>
  %s = tosa.add %x, %y : (tensor<1x1x4xf32>, tensor<1x1x4xf32>) -> tensor<1x1x4xf32>
  %r = cim.matmul %s, %w, %b {layer = "fc"} : (tensor<1x1x4xf32>, tensor<4x3xf32>, tensor<3xf32>) -> tensor<1x1x3xf32>
  return %r : tensor<1x1x3xf32>
}

// -----

// z.npy is 1x2x4: neither one 1x1x4 sample nor N of them.
// expected-error-re @+1 {{calibration: {{.*}}z.npy: input 'z' has shape 1x2x4, expected 1x1x4 (one sample), Nx1x1x4 or Nx1x4 (N samples)}}
func.func @main(%z: tensor<1x1x4xf32> {cim.name = "z"}) -> tensor<1x1x3xf32> {
  %w = "tosa.const"() <{values = dense<1.0> : tensor<4x3xf32>}> : () -> tensor<4x3xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<3xf32>}> : () -> tensor<3xf32>
  %r = cim.matmul %z, %w, %b {layer = "fc"} : (tensor<1x1x4xf32>, tensor<4x3xf32>, tensor<3xf32>) -> tensor<1x1x3xf32>
  return %r : tensor<1x1x3xf32>
}
