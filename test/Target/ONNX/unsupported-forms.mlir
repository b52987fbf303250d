// Supported operators in forms the importer cannot lower: one error line
// naming the node, the operator and what it expected; control flow stays an
// unsupported operator.

// RUN: %python -m cim.make_models resize_cubic -o %t.cubic.onnx
// RUN: not cim-translate --import-onnx %t.cubic.onnx 2>&1 | FileCheck %s --check-prefix=CUBIC
// CUBIC: cubic.onnx:0:0: error: Resize node 'cubic': mode 'cubic' is not supported (nearest or linear)

// RUN: %python -m cim.make_models cast_to_int -o %t.cast.onnx
// RUN: not cim-translate --import-onnx %t.cast.onnx 2>&1 | FileCheck %s --check-prefix=CAST
// CAST: cast.onnx:0:0: error: Cast node 'to_int': cast of a float32 value to ONNX data type 6 is not supported (only float32 data is imported)

// RUN: %python -m cim.make_models convtranspose_group -o %t.ct.onnx
// RUN: not cim-translate --import-onnx %t.ct.onnx 2>&1 | FileCheck %s --check-prefix=CT
// CT: ct.onnx:0:0: error: ConvTranspose node 'up_group': group 2 is not supported (only group 1)

// RUN: %python -m cim.make_models control_flow -o %t.if.onnx
// RUN: not cim-translate --import-onnx %t.if.onnx 2>&1 | FileCheck %s --check-prefix=IF
// IF: if.onnx:0:0: error: 1 unsupported ONNX op: If (domain ai.onnx, opset 13) at node 'branch'

// ConstantOfShape folds at import; its value must be a type the importer
// holds (float, double, integers, bool).
// RUN: %python -m cim.make_models constant_of_shape_fp16 -o %t.cos.onnx
// RUN: not cim-translate --import-onnx %t.cos.onnx 2>&1 | FileCheck %s --check-prefix=COS
// COS: cos.onnx:0:0: error: ConstantOfShape node 'fill': value has ONNX data type 10; only float32 (data) and float, double, integer or bool (folded shape computations) values are supported

// tosa.tile needs positive multiples.
// RUN: %python -m cim.make_models tile_zero -o %t.tile0.onnx
// RUN: not cim-translate --import-onnx %t.tile0.onnx 2>&1 | FileCheck %s --check-prefix=TILE0
// TILE0: tile0.onnx:0:0: error: Tile node 'tile_zero': repeats must be positive and at most 2147483648, got 0

// Shapes are static: an int64 shape operand that is a graph input (not a
// constant) is rejected with the graph inputs, before any node is lowered.
// RUN: %python -m cim.make_models expand_shape_input -o %t.expdyn.onnx
// RUN: not cim-translate --import-onnx %t.expdyn.onnx 2>&1 | FileCheck %s --check-prefix=EXPDYN
// EXPDYN: expdyn.onnx:0:0: error: input 'shape' is not a float32 tensor; only float32 inputs are supported

// tosa.pad's pad_const is one value.
// RUN: %python -m cim.make_models pad_value_vector -o %t.padvec.onnx
// RUN: not cim-translate --import-onnx %t.padvec.onnx 2>&1 | FileCheck %s --check-prefix=PADVEC
// PADVEC: padvec.onnx:0:0: error: Pad node 'pad_vec': constant_value must be a scalar, has shape 2

// Celu divides by alpha.
// RUN: %python -m cim.make_models celu_zero_alpha -o %t.celu0.onnx
// RUN: not cim-translate --import-onnx %t.celu0.onnx 2>&1 | FileCheck %s --check-prefix=CELU0
// CELU0: celu0.onnx:0:0: error: Celu node 'celu0': alpha must not be 0

// The dilated kernel of a ConvTranspose is bounded like any window.
// RUN: %python -m cim.make_models convtranspose_huge_dilation -o %t.cthuge.onnx
// RUN: not cim-translate --import-onnx %t.cthuge.onnx 2>&1 | FileCheck %s --check-prefix=CTHUGE
// CTHUGE: cthuge.onnx:0:0: error: ConvTranspose node 'up_huge': the dilated kernel 2097153x2 is too large
