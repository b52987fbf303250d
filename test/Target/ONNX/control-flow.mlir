// If imports to tosa.cond_if with both subgraphs as its regions (outer-scope
// values are read directly); Loop with a constant trip count and condition is
// unrolled at import. Comparisons produce i1, Cast to bool is tosa.cast.

// RUN: %python -m cim.make_models wake_word -o %t.wake.onnx
// RUN: cim-translate --import-onnx %t.wake.onnx --mlir-elide-resource-strings-if-larger=16 | FileCheck %s --check-prefix=WAKE
// RUN: %python -m cim.make_models control_flow -o %t.if.onnx
// RUN: cim-translate --import-onnx %t.if.onnx | FileCheck %s --check-prefix=CAST
// RUN: %python -m cim.make_models loop_static -o %t.loop.onnx
// RUN: cim-translate --import-onnx %t.loop.onnx --mlir-elide-resource-strings-if-larger=16 | FileCheck %s --check-prefix=LOOP

// The stage-1 score gates the verifier; the else-branch yields the stage-1
// logits, an outer value.
// WAKE-LABEL: func.func @main(
// WAKE-SAME:      %[[X:.*]]: tensor<1x16xf32> {cim.name = "input"})
// WAKE:         %[[LOGITS:.*]] = tosa.add %{{.*}}, %{{.*}} : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
// WAKE:         %[[SCORE:.*]] = tosa.add %{{.*}}, %{{.*}} : (tensor<1x1xf32>, tensor<1x1xf32>) -> tensor<1x1xf32>
// WAKE:         %[[T:.*]] = "tosa.const"() <{values = dense_resource<threshold> : tensor<1x1xf32>}>
// WAKE:         %[[C:.*]] = tosa.greater_equal %[[SCORE]], %[[T]] : (tensor<1x1xf32>, tensor<1x1xf32>) -> tensor<1x1xi1>
// WAKE:         %[[V:.*]] = tosa.cond_if %[[C]] : tensor<1x1xi1> -> tensor<1x2xf32> {
// WAKE:           tosa.reshape %[[X]]
// WAKE:           dense_resource<verifier.fc1.weight>
// WAKE:           tosa.reduce_sum
// WAKE:           tosa.rsqrt
// WAKE:           dense_resource<verifier.ln.scale>
// WAKE:           tosa.clamp
// WAKE:           dense_resource<verifier.fc2.weight>
// WAKE:           tosa.yield %{{.*}} : tensor<1x2xf32>
// WAKE-NEXT:    } else {
// WAKE-NEXT:      tosa.yield %[[LOGITS]] : tensor<1x2xf32>
// WAKE-NEXT:    }
// WAKE:         return %[[V]], %[[SCORE]]

// Cast of a float to bool: tosa.cast to i1 (x != 0).
// CAST-LABEL: func.func @main(
// CAST:         %[[B:.*]] = tosa.cast %{{.*}} : (tensor<f32>) -> tensor<i1>
// CAST:         tosa.cond_if %[[B]] : tensor<i1> -> tensor<2xf32> {
// CAST-NEXT:      tosa.yield %arg0
// CAST:         } else {
// CAST:           tosa.negate %arg0

// Three iterations, each with its own copy of the body; the Slice at the
// iteration number folds, and the scan output is the concatenation.
// LOOP-LABEL: func.func @main(
// LOOP-COUNT-3: tosa.matmul
// LOOP-NOT:     tosa.matmul
// LOOP:         %[[SCAN:.*]] = tosa.concat %{{.*}}, %{{.*}}, %{{.*}} {axis = 0 : i32} : ({{.*}}) -> tensor<3x1x4xf32>
// LOOP:         return %{{.*}}, %[[SCAN]]
