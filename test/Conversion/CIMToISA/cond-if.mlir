// RUN: cim-opt %s --split-input-file --cim-set-arch=arch=%S/../../Dialect/CIM/Inputs/tiny.json --convert-tosa-to-cim --convert-cim-to-isa | FileCheck %s

// tosa.cond_if: the condition is computed as 1.0 / 0.0 (binary
// greater_equal), br_zero skips the then-block (ending in the copy of its
// result and a jump over the else-block) when it is 0. Both branches write
// the same result tensor.
// CHECK-LABEL: module attributes
// CHECK:       cimisa.tensor @[[C:t[0-9]+]] intermediate [1, 1] offset {{[0-9]+}} {name = "fire"}
// CHECK:       cimisa.tensor @[[R:t[0-9]+]] output [1, 4] offset {{[0-9]+}} {name = "y"}
// CHECK:       cimisa.core 0 {
// CHECK:         cimisa.binary greater_equal @{{t[0-9]+}}, @{{t[0-9]+}} -> @[[C]]
// CHECK-NEXT:    cimisa.br_zero @[[C]] skip 3 region 0
// CHECK-NEXT:    cimisa.unary abs @{{t[0-9]+}} -> @[[A:t[0-9]+]]
// CHECK-NEXT:    cimisa.copy @[[A]] -> @[[R]]
// CHECK-NEXT:    cimisa.jump skip 1 region 0
// CHECK-NEXT:    cimisa.copy @{{t[0-9]+}} -> @[[R]]
// CHECK-NEXT:    cimisa.halt
func.func @main(%x: tensor<1x4xf32> {cim.name = "x"}) -> (tensor<1x4xf32> {cim.name = "y"}) {
  %zero = "tosa.const"() <{values = dense<0.0> : tensor<1x1xf32>}> : () -> tensor<1x1xf32>
  %start = tosa.const_shape {values = dense<[0, 0]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %size = tosa.const_shape {values = dense<[1, 1]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %first = tosa.slice %x, %start, %size : (tensor<1x4xf32>, !tosa.shape<2>, !tosa.shape<2>) -> tensor<1x1xf32> loc("first")
  %c = tosa.greater_equal %first, %zero : (tensor<1x1xf32>, tensor<1x1xf32>) -> tensor<1x1xi1> loc("fire")
  %y = tosa.cond_if %c : tensor<1x1xi1> -> tensor<1x4xf32> {
    %a = tosa.abs %x : (tensor<1x4xf32>) -> tensor<1x4xf32> loc("abs")
    tosa.yield %a : tensor<1x4xf32>
  } else {
    tosa.yield %x : tensor<1x4xf32>
  } loc("gate")
  return %y : tensor<1x4xf32>
}

// -----

// A bool cast to float is a copy (the chip holds bools as 1.0 / 0.0); the
// else-block only copies that outer value into the result.
// CHECK-LABEL: module attributes
// CHECK:       cimisa.core 0 {
// CHECK:         cimisa.binary greater @{{t[0-9]+}}, @{{t[0-9]+}} -> @[[C:t[0-9]+]]
// CHECK-NEXT:    cimisa.copy @[[C]] -> @[[F:t[0-9]+]]
// CHECK-NEXT:    cimisa.br_zero @[[C]] skip 3 region 0
// CHECK-NEXT:    cimisa.mul
// CHECK-NEXT:    cimisa.copy
// CHECK-NEXT:    cimisa.jump skip 1 region 0
// CHECK-NEXT:    cimisa.copy @[[F]]
// CHECK-NEXT:    cimisa.halt
func.func @main(%x: tensor<1x1xf32> {cim.name = "x"}) -> (tensor<1x1xf32> {cim.name = "y"}) {
  %zero = "tosa.const"() <{values = dense<0.0> : tensor<1x1xf32>}> : () -> tensor<1x1xf32>
  %c = tosa.greater %x, %zero : (tensor<1x1xf32>, tensor<1x1xf32>) -> tensor<1x1xi1> loc("positive")
  %f = tosa.cast %c : (tensor<1x1xi1>) -> tensor<1x1xf32> loc("as_float")
  %y = tosa.cond_if %c : tensor<1x1xi1> -> tensor<1x1xf32> {
    %sh = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
    %m = tosa.mul %x, %x, %sh : (tensor<1x1xf32>, tensor<1x1xf32>, tensor<1xi8>) -> tensor<1x1xf32> loc("square")
    tosa.yield %m : tensor<1x1xf32>
  } else {
    tosa.yield %f : tensor<1x1xf32>
  } loc("gate")
  return %y : tensor<1x1xf32>
}
