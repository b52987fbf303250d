// Ops are located at their ONNX node name inside the file location; nodes
// without a name are called <OpType>_<index>.

// RUN: %python -m cim.make_models unnamed_nodes -o %t.onnx
// RUN: cim-translate --import-onnx %t.onnx --mlir-print-debuginfo | FileCheck %s

// CHECK:       #[[FILE:loc[0-9]*]] = loc("{{.*}}.onnx":0:0)
// CHECK-LABEL: func.func @main(
// CHECK-SAME:      {cim.name = "input"} loc(
// CHECK:         tosa.clamp {{.*}} loc(#[[RELU:loc[0-9]+]])
// CHECK:         tosa.reshape {{.*}} loc(#[[FLAT:loc[0-9]+]])
// CHECK-DAG:   #[[RELU]] = loc("Relu_0"(#[[FILE]]))
// CHECK-DAG:   #[[FLAT]] = loc("Flatten_1"(#[[FILE]]))
