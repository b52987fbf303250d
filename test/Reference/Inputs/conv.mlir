// Convolutions beyond conv2d (depthwise, transposed, 3-D), max_pool2d
// with NaN under both nan_modes, and resize (bilinear with ONNX's
// half_pixel mapping, nearest with the asymmetric one). x is 1x3x4x2,
// v is 1x2x3x3x2 (NDHWC). Weights follow (i mod m - m/2) * s, see
// expect.py.
func.func @main(%x: tensor<1x3x4x2xf32> {cim.name = "x"}, %v: tensor<1x2x3x3x2xf32> {cim.name = "v"})
    -> (tensor<1x2x2x4xf32> {cim.name = "depthwise"},
        tensor<1x6x7x3xf32> {cim.name = "transpose_conv"},
        tensor<1x5x6x3xf32> {cim.name = "transpose_conv_crop"},
        tensor<1x2x2x2x2xf32> {cim.name = "conv3d"},
        tensor<1x2x2x2xf32> {cim.name = "maxpool"},
        tensor<1x2x2x2xf32> {cim.name = "maxpool_ignore"},
        tensor<1x6x8x2xf32> {cim.name = "bilinear"},
        tensor<1x5x3x2xf32> {cim.name = "nearest"}) {
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %dw = "tosa.const"() {values = dense<[[[[-0.75, -0.5 ],   [-0.25,  0.  ]],  [[ 0.25,  0.5 ],   [ 0.75, -0.75]],  [[-0.5 , -0.25],   [ 0.  ,  0.25]]], [[[ 0.5 ,  0.75],   [-0.75, -0.5 ]],  [[-0.25,  0.  ],   [ 0.25,  0.5 ]],  [[ 0.75, -0.75],   [-0.5 , -0.25]]], [[[ 0.  ,  0.25],   [ 0.5 ,  0.75]],  [[-0.75, -0.5 ],   [-0.25,  0.  ]],  [[ 0.25,  0.5 ],   [ 0.75, -0.75]]]]> : tensor<3x3x2x2xf32>} : () -> tensor<3x3x2x2xf32>
  %dwb = "tosa.const"() {values = dense<[ 0.5, -0.5,  1. ,  0. ]> : tensor<4xf32>} : () -> tensor<4xf32>
  %d = tosa.depthwise_conv2d %x, %dw, %dwb, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 2>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 2, 1>} : (tensor<1x3x4x2xf32>, tensor<3x3x2x2xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x4xf32>
  %tw = "tosa.const"() {values = dense<[[[[-1. , -0.5],   [ 0. ,  0.5],   [ 1. , -1. ]],  [[-0.5,  0. ],   [ 0.5,  1. ],   [-1. , -0.5]]], [[[ 0. ,  0.5],   [ 1. , -1. ],   [-0.5,  0. ]],  [[ 0.5,  1. ],   [-1. , -0.5],   [ 0. ,  0.5]]], [[[ 1. , -1. ],   [-0.5,  0. ],   [ 0.5,  1. ]],  [[-1. , -0.5],   [ 0. ,  0.5],   [ 1. , -1. ]]]]> : tensor<3x2x3x2xf32>} : () -> tensor<3x2x3x2xf32>
  %tb = "tosa.const"() {values = dense<[1., 2., 3.]> : tensor<3xf32>} : () -> tensor<3xf32>
  %tc = tosa.transpose_conv2d %x, %tw, %tb, %zp, %zp {acc_type = f32, out_pad = array<i64: 0, 0, 1, 0>, stride = array<i64: 2, 1>} : (tensor<1x3x4x2xf32>, tensor<3x2x3x2xf32>, tensor<3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x6x7x3xf32>
  %tcc = tosa.transpose_conv2d %x, %tw, %tb, %zp, %zp {acc_type = f32, out_pad = array<i64: -1, 0, 0, 0>, stride = array<i64: 2, 1>} : (tensor<1x3x4x2xf32>, tensor<3x2x3x2xf32>, tensor<3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x5x6x3xf32>
  %cw = "tosa.const"() {values = dense<[[[[[-1.,  0.],    [ 1., -1.]],   [[ 0.,  1.],    [-1.,  0.]]],  [[[ 1., -1.],    [ 0.,  1.]],   [[-1.,  0.],    [ 1., -1.]]]], [[[[ 0.,  1.],    [-1.,  0.]],   [[ 1., -1.],    [ 0.,  1.]]],  [[[-1.,  0.],    [ 1., -1.]],   [[ 0.,  1.],    [-1.,  0.]]]]]> : tensor<2x2x2x2x2xf32>} : () -> tensor<2x2x2x2x2xf32>
  %cb = "tosa.const"() {values = dense<[ 0.25, -0.25]> : tensor<2xf32>} : () -> tensor<2xf32>
  %c3 = tosa.conv3d %v, %cw, %cb, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1, 1>, pad = array<i64: 0, 0, 1, 0, 0, 1>, stride = array<i64: 1, 2, 2>} : (tensor<1x2x3x3x2xf32>, tensor<2x2x2x2x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x2x2x2xf32>
  %c3b = tosa.concat %c3, %c3 {axis = 1 : i32} : (tensor<1x1x2x2x2xf32>, tensor<1x1x2x2x2xf32>) -> tensor<1x2x2x2x2xf32>
  %mp = tosa.max_pool2d %x {kernel = array<i64: 2, 2>, pad = array<i64: 0, 1, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x3x4x2xf32>) -> tensor<1x2x2x2xf32>
  %mpi = tosa.max_pool2d %x {kernel = array<i64: 2, 2>, pad = array<i64: 0, 1, 0, 0>, stride = array<i64: 2, 2>, nan_mode = #tosa<nan_mode<IGNORE>>} : (tensor<1x3x4x2xf32>) -> tensor<1x2x2x2xf32>
  // Resize reads x with its NaN replaced by -100 (clamp ignoring NaN).
  %xr = tosa.clamp %x {min_val = -100.0 : f32, max_val = 100.0 : f32, nan_mode = #tosa<nan_mode<IGNORE>>} : (tensor<1x3x4x2xf32>) -> tensor<1x3x4x2xf32>
  // half_pixel 3x4 -> 6x8: scale (2 OH, 2 IH), offset IH - OH, border OH - IH.
  %bs = tosa.const_shape {values = dense<[12, 6, 16, 8]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %bo = tosa.const_shape {values = dense<[-3, -4]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %bb = tosa.const_shape {values = dense<[3, 4]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %bl = tosa.resize %xr, %bs, %bo, %bb {mode = BILINEAR} : (tensor<1x3x4x2xf32>, !tosa.shape<4>, !tosa.shape<2>, !tosa.shape<2>) -> tensor<1x6x8x2xf32>
  // asymmetric 3x4 -> 5x3: scale (OH, IH), offset 0, border OH - IH.
  %ns = tosa.const_shape {values = dense<[5, 3, 3, 4]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %no = tosa.const_shape {values = dense<[0, 0]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %nb = tosa.const_shape {values = dense<[2, -1]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %nn = tosa.resize %xr, %ns, %no, %nb {mode = NEAREST_NEIGHBOR} : (tensor<1x3x4x2xf32>, !tosa.shape<4>, !tosa.shape<2>, !tosa.shape<2>) -> tensor<1x5x3x2xf32>
  return %d, %tc, %tcc, %c3b, %mp, %mpi, %bl, %nn
      : tensor<1x2x2x4xf32>, tensor<1x6x7x3xf32>, tensor<1x5x6x3xf32>, tensor<1x2x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x6x8x2xf32>, tensor<1x5x3x2xf32>
}
