// tosa.cast between float32, float16, bfloat16, bool and integers: float to
// integer rounds half to even and saturates, integer narrowing wraps.
func.func @main(%x: tensor<2x8xf32> {cim.name = "x"},
                %z: tensor<8xf32> {cim.name = "z"})
    -> (tensor<2x8xf32> {cim.name = "i8"}, tensor<2x8xf32> {cim.name = "i16"},
        tensor<2x8xf32> {cim.name = "i32"}, tensor<8xf32> {cim.name = "i32_i8"},
        tensor<8xf32> {cim.name = "i32_i16_i8"},
        tensor<2x8xf32> {cim.name = "f16"}, tensor<2x8xf32> {cim.name = "bf16"},
        tensor<2x8xf32> {cim.name = "bool"}, tensor<8xi32> {cim.name = "bool_i32"}) {
  %i8 = tosa.cast %x : (tensor<2x8xf32>) -> tensor<2x8xi8>
  %i8f = tosa.cast %i8 : (tensor<2x8xi8>) -> tensor<2x8xf32>
  %i16 = tosa.cast %x : (tensor<2x8xf32>) -> tensor<2x8xi16>
  %i16f = tosa.cast %i16 : (tensor<2x8xi16>) -> tensor<2x8xf32>
  %i32 = tosa.cast %x : (tensor<2x8xf32>) -> tensor<2x8xi32>
  %i32f = tosa.cast %i32 : (tensor<2x8xi32>) -> tensor<2x8xf32>
  %z32 = tosa.cast %z : (tensor<8xf32>) -> tensor<8xi32>
  %z8 = tosa.cast %z32 : (tensor<8xi32>) -> tensor<8xi8>
  %z8f = tosa.cast %z8 : (tensor<8xi8>) -> tensor<8xf32>
  // z * 100 in int32 (shift 0), then int32 -> int16 -> int8.
  %hundred = "tosa.const"() {values = dense<100> : tensor<1xi32>} : () -> tensor<1xi32>
  %shift = "tosa.const"() {values = dense<0> : tensor<1xi8>} : () -> tensor<1xi8>
  %zz = tosa.mul %z32, %hundred, %shift : (tensor<8xi32>, tensor<1xi32>, tensor<1xi8>) -> tensor<8xi32>
  %z16 = tosa.cast %zz : (tensor<8xi32>) -> tensor<8xi16>
  %z168 = tosa.cast %z16 : (tensor<8xi16>) -> tensor<8xi8>
  %z168f = tosa.cast %z168 : (tensor<8xi8>) -> tensor<8xf32>
  %f16 = tosa.cast %x : (tensor<2x8xf32>) -> tensor<2x8xf16>
  %f16f = tosa.cast %f16 : (tensor<2x8xf16>) -> tensor<2x8xf32>
  %bf16 = tosa.cast %x : (tensor<2x8xf32>) -> tensor<2x8xbf16>
  %bf16f = tosa.cast %bf16 : (tensor<2x8xbf16>) -> tensor<2x8xf32>
  %b = tosa.cast %x : (tensor<2x8xf32>) -> tensor<2x8xi1>
  %bf = tosa.cast %b : (tensor<2x8xi1>) -> tensor<2x8xf32>
  // An integer comparison turned into int32.
  %limit = "tosa.const"() {values = dense<200> : tensor<1xi32>} : () -> tensor<1xi32>
  %gt = tosa.greater %z32, %limit : (tensor<8xi32>, tensor<1xi32>) -> tensor<8xi1>
  %gti = tosa.cast %gt : (tensor<8xi1>) -> tensor<8xi32>
  return %i8f, %i16f, %i32f, %z8f, %z168f, %f16f, %bf16f, %bf, %gti
      : tensor<2x8xf32>, tensor<2x8xf32>, tensor<2x8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<2x8xf32>, tensor<2x8xf32>, tensor<2x8xf32>, tensor<8xi32>
}
