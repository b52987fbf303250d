// tosa.tanh is valid TOSA that the float reference does not execute; the
// error must name the op and its location (the ONNX node name here).
func.func @main(%x: tensor<1x4x4x1xf32> {cim.name = "x"})
    -> (tensor<1x4x4x1xf32> {cim.name = "y"}) {
  %y = tosa.tanh %x : (tensor<1x4x4x1xf32>) -> tensor<1x4x4x1xf32> loc(#loc_tanh)
  return %y : tensor<1x4x4x1xf32>
}
#loc_file = loc("unsupported.mlir":5:8)
#loc_tanh = loc("node_tanh"(#loc_file))
