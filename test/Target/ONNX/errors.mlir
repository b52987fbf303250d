// Bad input never crashes and never leaves an output file: one error line
// naming the file and the problem, exit status 1.

// Every unsupported operator of the model is reported at once, with its
// domain, opset and node.
// RUN: %python -m cim.make_models unsupported -o %t.unsupported.onnx
// RUN: rm -f %t.out.mlir
// RUN: not cim-translate --import-onnx %t.unsupported.onnx -o %t.out.mlir 2>&1 | FileCheck %s --check-prefix=UNSUP
// RUN: not test -e %t.out.mlir
// UNSUP: unsupported.onnx:0:0: error: 2 unsupported ONNX ops: LSTM (domain ai.onnx, opset 13) at node 'lstm1'; Foo (domain com.x, opset 1) at node 'n3'
// UNSUP-NOT: error

// RUN: %python -m cim.make_models invalid_graph -o %t.invalid.onnx
// RUN: not cim-translate --import-onnx %t.invalid.onnx 2>&1 | FileCheck %s --check-prefix=CHECKER
// CHECKER: invalid.onnx:0:0: error: invalid ONNX model: Nodes in a graph must be topologically sorted, however input 'nowhere' of node: name: relu OpType: Relu is not output of any previous nodes.

// A truncated model.
// RUN: %python -m cim.make_models small_cnn -o %t.cnn.onnx
// RUN: head -c 300 %t.cnn.onnx > %t.truncated.onnx
// RUN: not cim-translate --import-onnx %t.truncated.onnx 2>&1 | FileCheck %s --check-prefix=TRUNCATED
// TRUNCATED: truncated.onnx:0:0: error: not an ONNX model (protobuf parsing failed; the file may be truncated or not ONNX)

// Bytes that are not ONNX at all, and an empty file.
// RUN: echo "this is not a model" > %t.text.onnx
// RUN: not cim-translate --import-onnx %t.text.onnx 2>&1 | FileCheck %s --check-prefix=TEXT
// TEXT: text.onnx:0:0: error: not an ONNX model
// RUN: rm -f %t.empty.onnx && touch %t.empty.onnx
// RUN: not cim-translate --import-onnx %t.empty.onnx 2>&1 | FileCheck %s --check-prefix=EMPTY
// EMPTY: empty.onnx:0:0: error: file is empty, not an ONNX model

// RUN: not cim-translate --import-onnx %t.does-not-exist.onnx 2>&1 | FileCheck %s --check-prefix=MISSING
// MISSING: does-not-exist.onnx{{.*}}No such file or directory
