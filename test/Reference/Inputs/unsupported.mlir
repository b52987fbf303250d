// tosa.rfft2d is valid TOSA that the float reference does not execute; the
// error must name the op and its location (the ONNX node name here).
func.func @main(%x: tensor<1x4x4x1xf32> {cim.name = "x"})
    -> (tensor<1x4x3xf32> {cim.name = "y"}) {
  %s = tosa.const_shape {values = dense<[1, 4, 4]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %r = tosa.reshape %x, %s : (tensor<1x4x4x1xf32>, !tosa.shape<3>) -> tensor<1x4x4xf32>
  %re, %im = tosa.rfft2d %r : (tensor<1x4x4xf32>) -> (tensor<1x4x3xf32>, tensor<1x4x3xf32>) loc(#loc_fft)
  return %re : tensor<1x4x3xf32>
}
#loc_file = loc("unsupported.mlir":7:8)
#loc_fft = loc("node_rfft"(#loc_file))
