// A model printed with its weights elided: the reference cannot run it and
// says which constant is missing.
func.func @main(%x: tensor<1x2x2x4xf32> {cim.name = "x"})
    -> (tensor<1x2x2x4xf32> {cim.name = "y"}) {
  %scale = "tosa.const"() {values = dense_resource<__elided__> : tensor<4xf32>} : () -> tensor<4xf32>
  %s = tosa.const_shape {values = dense<[1, 1, 1, 4]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %scale4 = tosa.reshape %scale, %s : (tensor<4xf32>, !tosa.shape<4>) -> tensor<1x1x1x4xf32>
  %shift = "tosa.const"() {values = dense<0> : tensor<1xi8>} : () -> tensor<1xi8>
  %m = tosa.mul %x, %scale4, %shift : (tensor<1x2x2x4xf32>, tensor<1x1x1x4xf32>, tensor<1xi8>) -> tensor<1x2x2x4xf32>
  %half = "tosa.const"() {values = dense<0.5> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %y = tosa.add %m, %half : (tensor<1x2x2x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x2x2x4xf32>
  return %y : tensor<1x2x2x4xf32>
}

