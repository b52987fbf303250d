// The float view of the cim dialect's crossbar layers: cim.conv2d with
// padding and relu, cim.matmul with a [K,M] weight and bias.
// Input x (cim.name "x") is 1x4x4x1 holding 0..15 (tests write it).
func.func @main(%x: tensor<1x4x4x1xf32> {cim.name = "x"})
    -> (tensor<1x4x4x2xf32> {cim.name = "conv"},
        tensor<1x2x2xf32> {cim.name = "fc"}) {
  %w = "tosa.const"() {values = dense<[[[[1.0], [1.0], [1.0]], [[1.0], [1.0], [1.0]], [[1.0], [1.0], [1.0]]], [[[0.0], [0.0], [0.0]], [[0.0], [-1.0], [0.0]], [[0.0], [0.0], [0.0]]]]> : tensor<2x3x3x1xf32>} : () -> tensor<2x3x3x1xf32>
  %b = "tosa.const"() {values = dense<[-20.0, 3.0]> : tensor<2xf32>} : () -> tensor<2xf32>
  %conv = cim.conv2d %x, %w, %b {layer = "conv1", stride = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, dilation = array<i64: 1, 1>, relu} : (tensor<1x4x4x1xf32>, tensor<2x3x3x1xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  %s = tosa.const_shape {values = dense<[1, 2, 8]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %r = tosa.reshape %x, %s : (tensor<1x4x4x1xf32>, !tosa.shape<3>) -> tensor<1x2x8xf32>
  %fw = "tosa.const"() {values = dense<[[1.0, 0.0], [1.0, 0.0], [1.0, 0.0], [1.0, 0.0], [0.0, -1.0], [0.0, 0.0], [0.0, 0.0], [0.0, 0.0]]> : tensor<8x2xf32>} : () -> tensor<8x2xf32>
  %fb = "tosa.const"() {values = dense<[0.5, 1.0]> : tensor<2xf32>} : () -> tensor<2xf32>
  %fc = cim.matmul %r, %fw, %fb {layer = "fc"} : (tensor<1x2x8xf32>, tensor<8x2xf32>, tensor<2xf32>) -> tensor<1x2x2xf32>
  return %conv, %fc : tensor<1x4x4x2xf32>, tensor<1x2x2xf32>
}
