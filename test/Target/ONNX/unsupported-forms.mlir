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

// Celu divides by alpha.
// RUN: %python -m cim.make_models celu_zero_alpha -o %t.celu0.onnx
// RUN: not cim-translate --import-onnx %t.celu0.onnx 2>&1 | FileCheck %s --check-prefix=CELU0
// CELU0: celu0.onnx:0:0: error: Celu node 'celu0': alpha must not be 0
