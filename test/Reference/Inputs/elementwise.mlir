// Elementwise TOSA ops of the float reference: unary functions, binary ops
// broadcasting [2,8] with [1,8], comparisons feeding select, logical ops,
// clamp and maximum / minimum under both nan_modes.
// x (2x8) holds NaN at [1,7] and +inf at [1,6]; y (1x8) holds NaN at [0,0].
func.func @main(%x: tensor<2x8xf32> {cim.name = "x"},
                %y: tensor<1x8xf32> {cim.name = "y"})
    -> (tensor<2x8xf32> {cim.name = "abs"}, tensor<2x8xf32> {cim.name = "ceil"},
        tensor<2x8xf32> {cim.name = "floor"}, tensor<2x8xf32> {cim.name = "cos"},
        tensor<2x8xf32> {cim.name = "sin"}, tensor<2x8xf32> {cim.name = "erf"},
        tensor<2x8xf32> {cim.name = "exp"}, tensor<2x8xf32> {cim.name = "log"},
        tensor<2x8xf32> {cim.name = "negate"}, tensor<2x8xf32> {cim.name = "reciprocal"},
        tensor<2x8xf32> {cim.name = "rsqrt"}, tensor<2x8xf32> {cim.name = "sigmoid"},
        tensor<2x8xf32> {cim.name = "tanh"}, tensor<2x8xf32> {cim.name = "pow"},
        tensor<2x8xf32> {cim.name = "max_propagate"}, tensor<2x8xf32> {cim.name = "max_ignore"},
        tensor<2x8xf32> {cim.name = "min_propagate"}, tensor<2x8xf32> {cim.name = "min_ignore"},
        tensor<2x8xf32> {cim.name = "select_greater"}, tensor<2x8xf32> {cim.name = "equal"},
        tensor<2x8xf32> {cim.name = "greater_equal"}, tensor<2x8xf32> {cim.name = "logic"},
        tensor<2x8xf32> {cim.name = "clamp_propagate"}, tensor<2x8xf32> {cim.name = "clamp_ignore"},
        tensor<2x8xf32> {cim.name = "sub_mul"}) {
  %abs = tosa.abs %x : (tensor<2x8xf32>) -> tensor<2x8xf32>
  %ceil = tosa.ceil %x : (tensor<2x8xf32>) -> tensor<2x8xf32>
  %floor = tosa.floor %x : (tensor<2x8xf32>) -> tensor<2x8xf32>
  %cos = tosa.cos %x : (tensor<2x8xf32>) -> tensor<2x8xf32>
  %sin = tosa.sin %x : (tensor<2x8xf32>) -> tensor<2x8xf32>
  %erf = tosa.erf %x : (tensor<2x8xf32>) -> tensor<2x8xf32>
  %exp = tosa.exp %x : (tensor<2x8xf32>) -> tensor<2x8xf32>
  %log = tosa.log %abs : (tensor<2x8xf32>) -> tensor<2x8xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %neg = tosa.negate %x, %zp, %zp : (tensor<2x8xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<2x8xf32>
  %rcp = tosa.reciprocal %x : (tensor<2x8xf32>) -> tensor<2x8xf32>
  %rsqrt = tosa.rsqrt %abs : (tensor<2x8xf32>) -> tensor<2x8xf32>
  %sig = tosa.sigmoid %x : (tensor<2x8xf32>) -> tensor<2x8xf32>
  %tanh = tosa.tanh %x : (tensor<2x8xf32>) -> tensor<2x8xf32>
  %pow = tosa.pow %abs, %y : (tensor<2x8xf32>, tensor<1x8xf32>) -> tensor<2x8xf32>
  %maxp = tosa.maximum %x, %y : (tensor<2x8xf32>, tensor<1x8xf32>) -> tensor<2x8xf32>
  %maxi = tosa.maximum %x, %y {nan_mode = #tosa<nan_mode<IGNORE>>} : (tensor<2x8xf32>, tensor<1x8xf32>) -> tensor<2x8xf32>
  %minp = tosa.minimum %x, %y {nan_mode = #tosa<nan_mode<PROPAGATE>>} : (tensor<2x8xf32>, tensor<1x8xf32>) -> tensor<2x8xf32>
  %mini = tosa.minimum %x, %y {nan_mode = #tosa<nan_mode<IGNORE>>} : (tensor<2x8xf32>, tensor<1x8xf32>) -> tensor<2x8xf32>
  %gt = tosa.greater %x, %y : (tensor<2x8xf32>, tensor<1x8xf32>) -> tensor<2x8xi1>
  %sel = tosa.select %gt, %x, %y : (tensor<2x8xi1>, tensor<2x8xf32>, tensor<1x8xf32>) -> tensor<2x8xf32>
  %eq = tosa.equal %x, %y : (tensor<2x8xf32>, tensor<1x8xf32>) -> tensor<2x8xi1>
  %eqf = tosa.cast %eq : (tensor<2x8xi1>) -> tensor<2x8xf32>
  %ge = tosa.greater_equal %x, %y : (tensor<2x8xf32>, tensor<1x8xf32>) -> tensor<2x8xi1>
  %gef = tosa.cast %ge : (tensor<2x8xi1>) -> tensor<2x8xf32>
  // logic = 4 * (gt and ge) + 2 * (gt or eq) + (not(ge) xor eq)
  %and = tosa.logical_and %gt, %ge : (tensor<2x8xi1>, tensor<2x8xi1>) -> tensor<2x8xi1>
  %or = tosa.logical_or %gt, %eq : (tensor<2x8xi1>, tensor<2x8xi1>) -> tensor<2x8xi1>
  %nge = tosa.logical_not %ge : (tensor<2x8xi1>) -> tensor<2x8xi1>
  %xor = tosa.logical_xor %nge, %eq : (tensor<2x8xi1>, tensor<2x8xi1>) -> tensor<2x8xi1>
  %andf = tosa.cast %and : (tensor<2x8xi1>) -> tensor<2x8xf32>
  %orf = tosa.cast %or : (tensor<2x8xi1>) -> tensor<2x8xf32>
  %xorf = tosa.cast %xor : (tensor<2x8xi1>) -> tensor<2x8xf32>
  %four = "tosa.const"() {values = dense<4.0> : tensor<1x1xf32>} : () -> tensor<1x1xf32>
  %two = "tosa.const"() {values = dense<2.0> : tensor<1x1xf32>} : () -> tensor<1x1xf32>
  %shift = "tosa.const"() {values = dense<0> : tensor<1xi8>} : () -> tensor<1xi8>
  %l4 = tosa.mul %andf, %four, %shift : (tensor<2x8xf32>, tensor<1x1xf32>, tensor<1xi8>) -> tensor<2x8xf32>
  %l2 = tosa.mul %orf, %two, %shift : (tensor<2x8xf32>, tensor<1x1xf32>, tensor<1xi8>) -> tensor<2x8xf32>
  %l42 = tosa.add %l4, %l2 : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
  %logic = tosa.add %l42, %xorf : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
  %clp = tosa.clamp %x {min_val = -1.0 : f32, max_val = 1.0 : f32} : (tensor<2x8xf32>) -> tensor<2x8xf32>
  %cli = tosa.clamp %x {min_val = -1.0 : f32, max_val = 1.0 : f32, nan_mode = #tosa<nan_mode<IGNORE>>} : (tensor<2x8xf32>) -> tensor<2x8xf32>
  // (x - y) * y broadcasting [1,8] on the left.
  %d = tosa.sub %y, %x : (tensor<1x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
  %sm = tosa.mul %d, %y, %shift : (tensor<2x8xf32>, tensor<1x8xf32>, tensor<1xi8>) -> tensor<2x8xf32>
  return %abs, %ceil, %floor, %cos, %sin, %erf, %exp, %log, %neg, %rcp, %rsqrt, %sig, %tanh, %pow, %maxp, %maxi, %minp, %mini, %sel, %eqf, %gef, %logic, %clp, %cli, %sm
      : tensor<2x8xf32>, tensor<2x8xf32>, tensor<2x8xf32>, tensor<2x8xf32>, tensor<2x8xf32>, tensor<2x8xf32>, tensor<2x8xf32>, tensor<2x8xf32>, tensor<2x8xf32>, tensor<2x8xf32>, tensor<2x8xf32>, tensor<2x8xf32>, tensor<2x8xf32>, tensor<2x8xf32>, tensor<2x8xf32>, tensor<2x8xf32>, tensor<2x8xf32>, tensor<2x8xf32>, tensor<2x8xf32>, tensor<2x8xf32>, tensor<2x8xf32>, tensor<2x8xf32>, tensor<2x8xf32>, tensor<2x8xf32>, tensor<2x8xf32>
}
