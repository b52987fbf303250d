// Opsets 18 to 21 and IR versions 9 and 10, which ONNX 1.12 does not know:
// the forms that changed are rewritten into their opset-17 equivalents before
// the checker runs (lib/Target/ONNX/NewerOpsets.cpp); what has none is an
// error naming the node. ops-ort.test compares these models with ONNX Runtime.

// RUN: %python -m cim.make_models opset18_forms -o %t.18.onnx
// RUN: cim-translate --import-onnx %t.18.onnx --mlir-elide-resource-strings-if-larger=8 --mlir-print-debuginfo | FileCheck %s --check-prefix=OPSET18
// RUN: %python -m cim.make_models opset20_forms -o %t.20.onnx
// RUN: cim-translate --import-onnx %t.20.onnx | FileCheck %s --check-prefix=OPSET20
// RUN: %python -m cim.make_models small_cnn_opset21 -o %t.21.onnx
// RUN: cim-translate --import-onnx %t.21.onnx --mlir-elide-resource-strings-if-larger=8 | FileCheck %s --check-prefix=OPSET21

// The axes input of ReduceMean (an initializer) and of ReduceMax (a Constant
// node) become the attribute; ReduceMean without axes and with
// noop_with_empty_axes passes its input through.
// OPSET18-LABEL: func.func @main(
// OPSET18:         %[[C:.*]] = tosa.conv2d
// OPSET18:         %[[H:.*]] = tosa.reduce_sum %[[C]] {axis = 1 : i32}
// OPSET18:         tosa.reduce_sum %[[H]] {axis = 2 : i32} : {{.*}} -> tensor<1x1x1x4xf32>
// OPSET18:         tosa.reduce_max %[[C]] {axis = 2 : i32} : {{.*}} -> tensor<1x3x1x4xf32>
// Split with num_outputs = 2: two equal slices of the channels.
// OPSET18:         %[[S0:.*]] = tosa.slice %[[C]], {{.*}} -> tensor<1x3x5x2xf32>
// OPSET18:         %[[S1:.*]] = tosa.slice %[[C]], {{.*}} -> tensor<1x3x5x2xf32>
// OPSET18:         tosa.resize %[[S1]], {{.*}} {mode = BILINEAR}
// Mish, expanded into nodes named after it.
// OPSET18:         %[[E:.*]] = tosa.exp %[[S0]] {{.*}} loc(#[[MISH_EXP:.*]])
// OPSET18:         %[[L:.*]] = tosa.log
// OPSET18:         %[[T:.*]] = tosa.tanh %[[L]]
// OPSET18:         tosa.mul %[[S0]], %[[T]]
// OPSET18:         return
// OPSET18:       #[[MISH_EXP]] = loc("mish/exp"

// Gelu: exact (erf) and tanh forms; AveragePool's unit dilations and Cast's
// saturate are dropped.
// OPSET20-LABEL: func.func @main(
// OPSET20-DAG:     %[[R2:.*]] = "tosa.const"() <{values = dense<0.707106769> : tensor<1x1x1x1xf32>}>
// OPSET20:         %[[X:.*]] = tosa.mul %arg0, %[[R2]]
// OPSET20:         %[[ERF:.*]] = tosa.erf %[[X]]
// OPSET20:         %[[ONE:.*]] = tosa.add %[[ERF]]
// OPSET20:         %[[PROD:.*]] = tosa.mul %arg0, %[[ONE]]
// OPSET20:         %[[GELU:.*]] = tosa.mul %[[PROD]]
// OPSET20:         %[[SQ:.*]] = tosa.mul %arg0, %arg0
// OPSET20:         %[[CUBE:.*]] = tosa.mul %[[SQ]], %arg0
// OPSET20:         dense<4.471500e-02>
// OPSET20:         dense<0.797884583>
// OPSET20:         tosa.tanh
// OPSET20:         tosa.avg_pool2d {{.*}} kernel = array<i64: 2, 2>
// OPSET20:         return %[[GELU]],

// Opset 21, IR version 10: nothing to rewrite in a plain CNN.
// OPSET21-LABEL: func.func @main(
// OPSET21:         tosa.conv2d
// OPSET21:         tosa.max_pool2d
// OPSET21:         tosa.matmul

// RUN: %python -m cim.make_models opset18_axes_input -o %t.axes.onnx
// RUN: not cim-translate --import-onnx %t.axes.onnx 2>&1 | FileCheck %s --check-prefix=AXES
// AXES: axes.onnx:0:0: error: ReduceMean node 'mean': input 'axes' must be a constant int64 tensor (initializer or Constant)

// RUN: %python -m cim.make_models opset18_antialias -o %t.aa.onnx
// RUN: not cim-translate --import-onnx %t.aa.onnx 2>&1 | FileCheck %s --check-prefix=ANTIALIAS
// ANTIALIAS: aa.onnx:0:0: error: Resize node 'aa': antialias=1 is not supported

// RUN: %python -m cim.make_models opset18_dilated_pool -o %t.pool.onnx
// RUN: not cim-translate --import-onnx %t.pool.onnx 2>&1 | FileCheck %s --check-prefix=POOL
// POOL: pool.onnx:0:0: error: AveragePool node 'pool': dilated pooling is not supported

// RUN: %python -m cim.make_models opset18_split_count -o %t.split.onnx
// RUN: not cim-translate --import-onnx %t.split.onnx 2>&1 | FileCheck %s --check-prefix=SPLIT
// SPLIT: split.onnx:0:0: error: Split node 'split': num_outputs is 2 but the node has 1 outputs

// RUN: %python -m cim.make_models opset18_gelu_mode -o %t.gelu.onnx
// RUN: not cim-translate --import-onnx %t.gelu.onnx 2>&1 | FileCheck %s --check-prefix=BADGELU
// BADGELU: gelu.onnx:0:0: error: Gelu node 'gelu': approximate 'erf' is not supported (none or tanh)

// RUN: %python -m cim.make_models opset18_pad_axes -o %t.pad.onnx
// RUN: not cim-translate --import-onnx %t.pad.onnx 2>&1 | FileCheck %s --check-prefix=PADAXES
// PADAXES: pad.onnx:0:0: error: Pad node 'pad': the axes input is not supported; give pads for every axis

// RUN: %python -m cim.make_models opset18_opset22 -o %t.o22.onnx
// RUN: not cim-translate --import-onnx %t.o22.onnx 2>&1 | FileCheck %s --check-prefix=OPSET22
// OPSET22: o22.onnx:0:0: error: the model imports opset 22 of the default domain; the importer reads opsets up to 21

// RUN: %python -m cim.make_models opset18_ir11 -o %t.ir11.onnx
// RUN: not cim-translate --import-onnx %t.ir11.onnx 2>&1 | FileCheck %s --check-prefix=IR11
// IR11: ir11.onnx:0:0: error: the model's IR version 11 is newer than the importer reads (up to 10)
