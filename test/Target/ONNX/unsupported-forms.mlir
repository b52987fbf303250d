// Supported operators in forms the importer cannot lower: one error line
// naming the node, the operator and what it expected; control flow stays an
// unsupported operator.

// Resize interpolates the spatial dimensions only.
// RUN: %python -m cim.make_models resize_channels -o %t.rsc.onnx
// RUN: not cim-translate --import-onnx %t.rsc.onnx 2>&1 | FileCheck %s --check-prefix=RSC
// RSC: rsc.onnx:0:0: error: Resize node 'channels': only the spatial dimensions (2 and 3) may be resized

// Cubic and tf_crop_and_resize weights are constant matrices in the IR:
// their size is bounded.
// RUN: %python -m cim.make_models resize_cubic_huge -o %t.rshuge.onnx
// RUN: not cim-translate --import-onnx %t.rshuge.onnx 2>&1 | FileCheck %s --check-prefix=RSHUGE
// RSHUGE: rshuge.onnx:0:0: error: Resize node 'huge': the interpolation matrix of dimension 2 would be 2048x4096 (8388608 elements); at most 4194304 are supported

// exclude_outside renormalizes the inside taps, which must not sum to 0.
// RUN: %python -m cim.make_models resize_cubic_zero_weights -o %t.rszero.onnx
// RUN: not cim-translate --import-onnx %t.rszero.onnx 2>&1 | FileCheck %s --check-prefix=RSZERO
// RSZERO: rszero.onnx:0:0: error: Resize node 'zero_weights': no interpolation weights for output index 1 of dimension 3 (a source coordinate out of range, or exclude_outside leaving weights that sum to 0)

// A roi that crops N or C would resample them.
// RUN: %python -m cim.make_models resize_crop_channels -o %t.rscrop.onnx
// RUN: not cim-translate --import-onnx %t.rscrop.onnx 2>&1 | FileCheck %s --check-prefix=RSCROP
// RSCROP: rscrop.onnx:0:0: error: Resize node 'crop_c': roi of dimension 1 must be [0, 1], got [0.5, 1]

// RUN: %python -m cim.make_models cast_to_int -o %t.cast.onnx
// RUN: not cim-translate --import-onnx %t.cast.onnx 2>&1 | FileCheck %s --check-prefix=CAST
// CAST: cast.onnx:0:0: error: Cast node 'to_int': cast of a float32 value to ONNX data type 6 is not supported (only float32 data is imported)

// RUN: %python -m cim.make_models convtranspose_group -o %t.ct.onnx
// RUN: not cim-translate --import-onnx %t.ct.onnx 2>&1 | FileCheck %s --check-prefix=CT
// CT: ct.onnx:0:0: error: ConvTranspose node 'up_group': group 2 is not supported (only group 1)

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
