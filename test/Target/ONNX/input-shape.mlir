// Dynamic input dimensions need --input-shape=NAME:DIMS; the override is
// written into the model before ONNX shape inference.

// RUN: %python -m cim.make_models dynamic_batch -o %t.onnx
// RUN: not cim-translate --import-onnx %t.onnx 2>&1 | FileCheck %s --check-prefix=DYNAMIC
// RUN: cim-translate --import-onnx %t.onnx --input-shape=input:2x3x8x8 --mlir-elide-resource-strings-if-larger=64 | FileCheck %s
// RUN: not cim-translate --import-onnx %t.onnx --input-shape=image:2x3x8x8 2>&1 | FileCheck %s --check-prefix=BADNAME
// RUN: not cim-translate --import-onnx %t.onnx --input-shape=input:2x4x8x8 2>&1 | FileCheck %s --check-prefix=STATIC
// RUN: not cim-translate --import-onnx %t.onnx --input-shape=input:2x3x8 2>&1 | FileCheck %s --check-prefix=RANK
// RUN: not cim-translate --import-onnx %t.onnx --input-shape=input:2xAx8x8 2>&1 | FileCheck %s --check-prefix=SYNTAX

// DYNAMIC: error: input 'input' has dynamic dimension 0 ('N'); give its shape with --input-shape=input:DIMS (e.g. 1x3x32x32)

// CHECK-LABEL: func.func @main(
// CHECK-SAME:      %[[ARG:.*]]: tensor<2x3x8x8xf32> {cim.name = "input"}) -> (tensor<2x4x8x8xf32> {cim.name = "output"})
// CHECK:         tosa.conv2d {{.*}} -> tensor<2x8x8x4xf32>

// BADNAME: error: --input-shape names 'image', which is not a graph input (inputs: 'input')
// STATIC: error: --input-shape gives input 'input' dimension 1 = 4, the model fixes it to 3
// RANK: error: --input-shape gives input 'input' rank 3, the model says rank 4
// SYNTAX: error: --input-shape 'input:2xAx8x8': dimension 'A' is not a positive integer
