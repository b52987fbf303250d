// --outputs=NAME,... cuts the graph at named tensors: they become the
// results, in the order given, and the nodes and graph inputs none of them
// needs are dropped before the operator check, so an unsupported tail after
// the cut does not matter. Names may contain ':', '.' and '/'.

// RUN: %python -m cim.make_models cut_names -o %t.onnx
// RUN: not cim-translate --import-onnx %t.onnx 2>&1 | FileCheck %s --check-prefix=TAIL
// RUN: cim-translate --import-onnx %t.onnx --outputs=/conv1/Conv_output_0,fc.out:0 --mlir-elide-resource-strings-if-larger=16 | FileCheck %s
// RUN: cim-translate --import-onnx %t.onnx --outputs=onnx::Flatten_5 --mlir-elide-resource-strings-if-larger=16 | FileCheck %s --check-prefix=RELU
// RUN: cim-translate --import-onnx %t.onnx --outputs=input,sum --mlir-elide-resource-strings-if-larger=16 | FileCheck %s --check-prefix=INPUT
// RUN: rm -f %t.out.mlir
// RUN: not cim-translate --import-onnx %t.onnx --outputs=fc.out:0,nope -o %t.out.mlir 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// RUN: not test -e %t.out.mlir
// RUN: not cim-translate --import-onnx %t.onnx --outputs=sum,sum 2>&1 | FileCheck %s --check-prefix=TWICE
// RUN: not cim-translate --import-onnx %t.onnx --outputs=sum, 2>&1 | FileCheck %s --check-prefix=EMPTY

// TAIL: error: 1 unsupported ONNX op: Foo (domain com.x, opset 1) at node 'tail'

// The input 'aux' only fed the tail: it is gone.
// CHECK-LABEL: func.func @main(
// CHECK-SAME:      %[[IN:.*]]: tensor<1x3x8x8xf32> {cim.name = "input"})
// CHECK-SAME:      -> (tensor<1x4x8x8xf32> {cim.name = "/conv1/Conv_output_0"}, tensor<1x5xf32> {cim.name = "fc.out:0"})
// CHECK:         %[[CONV:.*]] = tosa.conv2d
// CHECK:         tosa.matmul
// CHECK:         %[[FC:.*]] = tosa.add
// CHECK:         %[[NCHW:.*]] = tosa.transpose %[[CONV]]
// CHECK:         return %[[NCHW]], %[[FC]]

// RELU-LABEL: func.func @main(
// RELU-SAME:      {cim.name = "input"}) -> (tensor<1x4x8x8xf32> {cim.name = "onnx::Flatten_5"})
// RELU-NOT:       tosa.matmul
// RELU:           tosa.clamp
// RELU-NOT:       tosa.matmul
// RELU:           return

// A graph input may be an output too.
// INPUT-LABEL: func.func @main(
// INPUT-SAME:      %[[IN:[^:]*]]: tensor<1x3x8x8xf32> {cim.name = "input"}, %[[AUX:[^:]*]]: tensor<1x5xf32> {cim.name = "aux"})
// INPUT-SAME:      -> (tensor<1x3x8x8xf32> {cim.name = "input"}, tensor<1x5xf32> {cim.name = "sum"})
// INPUT:         %[[SUM:.*]] = tosa.add %{{.*}}, %[[AUX]]
// INPUT:         return %[[IN]], %[[SUM]]

// UNKNOWN: outputs.mlir.tmp.onnx:0:0: error: --outputs names 'nope', which is neither a node output nor a graph input of the model
// TWICE: error: --outputs names 'sum' twice
// EMPTY: error: --outputs has an empty name (expected NAME,NAME,...)
