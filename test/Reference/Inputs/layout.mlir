// Reductions, argmax, data layout ops (concat, pad, slice, tile, reverse,
// gather, scatter, identity) and the shape ops that compute their shape
// operands. x is 2x3x4 holding (i - 10) * 0.5 for i = 0..23 with NaN at
// [1,2,3].
func.func @main(%x: tensor<2x3x4xf32> {cim.name = "x"})
    -> (tensor<1x3x4xf32> {cim.name = "sum0"}, tensor<2x1x4xf32> {cim.name = "max1"},
        tensor<2x1x4xf32> {cim.name = "max1_ignore"}, tensor<2x3x1xf32> {cim.name = "min2"},
        tensor<2x3x1xf32> {cim.name = "prod2"}, tensor<2x3x1xf32> {cim.name = "all2"},
        tensor<2x3x1xf32> {cim.name = "any2"}, tensor<2x3xi32> {cim.name = "argmax2"},
        tensor<2x3xi32> {cim.name = "argmax2_ignore"}, tensor<2x3x8xf32> {cim.name = "concat"},
        tensor<5x4x6xf32> {cim.name = "pad"}, tensor<2x2x3xf32> {cim.name = "slice"},
        tensor<4x6x4xf32> {cim.name = "tile"}, tensor<2x3x4xf32> {cim.name = "reverse"},
        tensor<2x2x4xf32> {cim.name = "gather"}, tensor<2x3x4xf32> {cim.name = "scatter"},
        tensor<2x12xf32> {cim.name = "reshape"}, tensor<2xf32> {cim.name = "flat_slice"}) {
  %sum0 = tosa.reduce_sum %x {axis = 0 : i32} : (tensor<2x3x4xf32>) -> tensor<1x3x4xf32>
  %max1 = tosa.reduce_max %x {axis = 1 : i32} : (tensor<2x3x4xf32>) -> tensor<2x1x4xf32>
  %max1i = tosa.reduce_max %x {axis = 1 : i32, nan_mode = #tosa<nan_mode<IGNORE>>} : (tensor<2x3x4xf32>) -> tensor<2x1x4xf32>
  %min2 = tosa.reduce_min %x {axis = 2 : i32, nan_mode = #tosa<nan_mode<IGNORE>>} : (tensor<2x3x4xf32>) -> tensor<2x3x1xf32>
  %prod2 = tosa.reduce_product %x {axis = 2 : i32} : (tensor<2x3x4xf32>) -> tensor<2x3x1xf32>
  %zero = "tosa.const"() {values = dense<0.0> : tensor<1x1x1xf32>} : () -> tensor<1x1x1xf32>
  %pos = tosa.greater %x, %zero : (tensor<2x3x4xf32>, tensor<1x1x1xf32>) -> tensor<2x3x4xi1>
  %all = tosa.reduce_all %pos {axis = 2 : i32} : (tensor<2x3x4xi1>) -> tensor<2x3x1xi1>
  %any = tosa.reduce_any %pos {axis = 2 : i32} : (tensor<2x3x4xi1>) -> tensor<2x3x1xi1>
  %allf = tosa.cast %all : (tensor<2x3x1xi1>) -> tensor<2x3x1xf32>
  %anyf = tosa.cast %any : (tensor<2x3x1xi1>) -> tensor<2x3x1xf32>
  %am = tosa.argmax %x {axis = 2 : i32} : (tensor<2x3x4xf32>) -> tensor<2x3xi32>
  %ami = tosa.argmax %x {axis = 2 : i32, nan_mode = #tosa<nan_mode<IGNORE>>} : (tensor<2x3x4xf32>) -> tensor<2x3xi32>
  %cat = tosa.concat %x, %x {axis = 2 : i32} : (tensor<2x3x4xf32>, tensor<2x3x4xf32>) -> tensor<2x3x8xf32>
  // tosa.pad's verifier wants constant padding.
  %pads = tosa.const_shape {values = dense<[1, 2, 0, 1, 2, 0]> : tensor<6xindex>} : () -> !tosa.shape<6>
  %pc = "tosa.const"() {values = dense<-1.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %pad = tosa.pad %x, %pads, %pc : (tensor<2x3x4xf32>, !tosa.shape<6>, tensor<1xf32>) -> tensor<5x4x6xf32>
  // start = floor([1, 1, 7] / [3, 2, 4]) = [0, 0, 1];
  // size = max(ceil([3, 3, 9] / [2, 2, 3]), 0) = [2, 2, 3].
  %sn = tosa.const_shape {values = dense<[1, 1, 7]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %sd = tosa.const_shape {values = dense<[3, 2, 4]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %start = tosa.div_floor_shape %sn, %sd : (!tosa.shape<3>, !tosa.shape<3>) -> !tosa.shape<3>
  %zn = tosa.const_shape {values = dense<[3, 3, 9]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %zd = tosa.const_shape {values = dense<[2, 2, 3]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %z0 = tosa.const_shape {values = dense<0> : tensor<3xindex>} : () -> !tosa.shape<3>
  %sizec = tosa.div_ceil_shape %zn, %zd : (!tosa.shape<3>, !tosa.shape<3>) -> !tosa.shape<3>
  %size = tosa.max_shape %sizec, %z0 : (!tosa.shape<3>, !tosa.shape<3>) -> !tosa.shape<3>
  %slice = tosa.slice %x, %start, %size : (tensor<2x3x4xf32>, !tosa.shape<3>, !tosa.shape<3>) -> tensor<2x2x3xf32>
  // multiples = [exp2(1), log2_ceil(3), min(log2_floor(3), 5 mod 3)]
  //           = [2, 2, 1].
  %one = tosa.const_shape {values = dense<1> : tensor<1xindex>} : () -> !tosa.shape<1>
  %three = tosa.const_shape {values = dense<3> : tensor<1xindex>} : () -> !tosa.shape<1>
  %five = tosa.const_shape {values = dense<5> : tensor<1xindex>} : () -> !tosa.shape<1>
  %m0 = tosa.exp2_shape %one : (!tosa.shape<1>) -> !tosa.shape<1>
  %m1 = tosa.log2_ceil_shape %three : (!tosa.shape<1>) -> !tosa.shape<1>
  %m2f = tosa.log2_floor_shape %three : (!tosa.shape<1>) -> !tosa.shape<1>
  %m2m = tosa.mod_shape %five, %three : (!tosa.shape<1>, !tosa.shape<1>) -> !tosa.shape<1>
  %m2 = tosa.min_shape %m2f, %m2m : (!tosa.shape<1>, !tosa.shape<1>) -> !tosa.shape<1>
  %mult = tosa.concat_shape %m0, %m1, %m2 : (!tosa.shape<1>, !tosa.shape<1>, !tosa.shape<1>) -> !tosa.shape<3>
  %tile = tosa.tile %x, %mult : (tensor<2x3x4xf32>, !tosa.shape<3>) -> tensor<4x6x4xf32>
  %rev = tosa.reverse %x {axis = 1 : i32} : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  %idx = "tosa.const"() {values = dense<[[2, 0], [1, 1]]> : tensor<2x2xi32>} : () -> tensor<2x2xi32>
  %g = tosa.gather %x, %idx : (tensor<2x3x4xf32>, tensor<2x2xi32>) -> tensor<2x2x4xf32>
  %sidx = "tosa.const"() {values = dense<[[2, 0], [0, 1]]> : tensor<2x2xi32>} : () -> tensor<2x2xi32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %ng = tosa.negate %g, %zp, %zp : (tensor<2x2x4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<2x2x4xf32>
  %sc = tosa.scatter %x, %sidx, %ng : (tensor<2x3x4xf32>, tensor<2x2xi32>, tensor<2x2x4xf32>) -> tensor<2x3x4xf32>
  // [dim 0, dim 1 * dim 2] = [2, 12].
  %d0 = tosa.dim %x {axis = 0 : i32} : (tensor<2x3x4xf32>) -> !tosa.shape<1>
  %d1 = tosa.dim %x {axis = 1 : i32} : (tensor<2x3x4xf32>) -> !tosa.shape<1>
  %d2 = tosa.dim %x {axis = 2 : i32} : (tensor<2x3x4xf32>) -> !tosa.shape<1>
  %d12 = tosa.mul_shape %d1, %d2 : (!tosa.shape<1>, !tosa.shape<1>) -> !tosa.shape<1>
  %rs = tosa.concat_shape %d0, %d12 : (!tosa.shape<1>, !tosa.shape<1>) -> !tosa.shape<2>
  %id = tosa.identity %x : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  %r = tosa.reshape %id, %rs : (tensor<2x3x4xf32>, !tosa.shape<2>) -> tensor<2x12xf32>
  // Negative operands: floor(-7 / 2) + 5 = 1, ceil(-7 / 2) + 5 - 1 = 1.
  %n7 = tosa.const_shape {values = dense<-7> : tensor<1xindex>} : () -> !tosa.shape<1>
  %two = tosa.const_shape {values = dense<2> : tensor<1xindex>} : () -> !tosa.shape<1>
  %fl = tosa.div_floor_shape %n7, %two : (!tosa.shape<1>, !tosa.shape<1>) -> !tosa.shape<1>
  %ce = tosa.div_ceil_shape %n7, %two : (!tosa.shape<1>, !tosa.shape<1>) -> !tosa.shape<1>
  %fl5 = tosa.add_shape %fl, %five : (!tosa.shape<1>, !tosa.shape<1>) -> !tosa.shape<1>
  %ce5 = tosa.add_shape %ce, %five : (!tosa.shape<1>, !tosa.shape<1>) -> !tosa.shape<1>
  %ce4 = tosa.sub_shape %ce5, %one : (!tosa.shape<1>, !tosa.shape<1>) -> !tosa.shape<1>
  %n24 = tosa.const_shape {values = dense<24> : tensor<1xindex>} : () -> !tosa.shape<1>
  %flat = tosa.reshape %x, %n24 : (tensor<2x3x4xf32>, !tosa.shape<1>) -> tensor<24xf32>
  %fs = tosa.slice %flat, %fl5, %ce4 : (tensor<24xf32>, !tosa.shape<1>, !tosa.shape<1>) -> tensor<1xf32>
  %fs2 = tosa.concat %fs, %fs {axis = 0 : i32} : (tensor<1xf32>, tensor<1xf32>) -> tensor<2xf32>
  return %sum0, %max1, %max1i, %min2, %prod2, %allf, %anyf, %am, %ami, %cat, %pad, %slice, %tile, %rev, %g, %sc, %r, %fs2
      : tensor<1x3x4xf32>, tensor<2x1x4xf32>, tensor<2x1x4xf32>, tensor<2x3x1xf32>, tensor<2x3x1xf32>, tensor<2x3x1xf32>, tensor<2x3x1xf32>, tensor<2x3xi32>, tensor<2x3xi32>, tensor<2x3x8xf32>, tensor<5x4x6xf32>, tensor<2x2x3xf32>, tensor<4x6x4xf32>, tensor<2x3x4xf32>, tensor<2x2x4xf32>, tensor<2x3x4xf32>, tensor<2x12xf32>, tensor<2xf32>
}
