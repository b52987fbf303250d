// RUN: cim-sim %s --reference --input=x:%S/Inputs/control-flow-pos.npy --output-dir=%t.pos
// RUN: %python -m cim.npy_tools show %t.pos/y.npy | FileCheck %s --check-prefix=POS
// RUN: cim-sim %s --reference --input=x:%S/Inputs/control-flow-neg.npy --output-dir=%t.neg
// RUN: %python -m cim.npy_tools show %t.neg/y.npy | FileCheck %s --check-prefix=NEG

// tosa.cond_if runs the then-region when its condition holds (x[0] >= 0:
// y = |x| * 2) and the else-region otherwise (y = x, an outer value).
func.func @main(%x: tensor<1x4xf32> {cim.name = "x"}) -> (tensor<1x4xf32> {cim.name = "y"}) {
  %zero = "tosa.const"() <{values = dense<0.0> : tensor<1x1xf32>}> : () -> tensor<1x1xf32>
  %start = tosa.const_shape {values = dense<[0, 0]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %size = tosa.const_shape {values = dense<[1, 1]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %first = tosa.slice %x, %start, %size : (tensor<1x4xf32>, !tosa.shape<2>, !tosa.shape<2>) -> tensor<1x1xf32>
  %c = tosa.greater_equal %first, %zero : (tensor<1x1xf32>, tensor<1x1xf32>) -> tensor<1x1xi1>
  %y = tosa.cond_if %c : tensor<1x1xi1> -> tensor<1x4xf32> {
    %a = tosa.abs %x : (tensor<1x4xf32>) -> tensor<1x4xf32>
    %s = tosa.add %a, %a : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
    tosa.yield %s : tensor<1x4xf32>
  } else {
    tosa.yield %x : tensor<1x4xf32>
  }
  return %y : tensor<1x4xf32>
}
// POS: y.npy: float32 1x4
// POS-NEXT: [2. 2. 4. 6.]
// NEG: y.npy: float32 1x4
// NEG-NEXT: [-1. -1.  2.  3.]
