// Every error of cim-assign-precision: exit status 1 and one diagnostic
// saying what was expected.
// RUN: cim-opt %s --cim-set-arch=arch=%S/Inputs/tiny.json --cim-quantize --cim-map-crossbars -o %t.nomodes.mlir
// RUN: cim-opt %t.nomodes.mlir --cim-build-modes=modes=w8a8,w4a4 -o %t.mapped.mlir

// The pass chooses bits starting from a mode: without one there is nothing
// to start from.
// RUN: not cim-opt %t.nomodes.mlir --cim-assign-precision 2>&1 | FileCheck %s --check-prefix=NOMODES
// NOMODES: error: cim-assign-precision: the module has no modes; run cim-build-modes first
// NOMODES-NOT: error

// The trials run the mapped layers: the pass comes after cim-map-crossbars.
// RUN: cim-opt %s --cim-set-arch=arch=%S/Inputs/tiny.json --cim-quantize --cim-build-modes | not cim-opt --cim-assign-precision 2>&1 | FileCheck %s --check-prefix=UNMAPPED
// UNMAPPED: error: 'cim.matmul' op is not mapped; run cim-map-crossbars first

// RUN: not cim-opt %t.mapped.mlir --cim-assign-precision=base=w2a2 2>&1 | FileCheck %s --check-prefix=BASE
// BASE: error: cim-assign-precision: unknown base mode 'w2a2' (modes: w8a8, w4a4)

// The budget is snr=<dB> or top1=<fraction in [0, 1]>.
// RUN: not cim-opt %t.mapped.mlir --cim-assign-precision=budget=30 2>&1 | FileCheck %s --check-prefix=BUDGET
// RUN: not cim-opt %t.mapped.mlir --cim-assign-precision=budget=snr=lots 2>&1 | FileCheck %s --check-prefix=BUDGET
// RUN: not cim-opt %t.mapped.mlir --cim-assign-precision=budget=top1=1.5 2>&1 | FileCheck %s --check-prefix=BUDGET
// RUN: not cim-opt %t.mapped.mlir --cim-assign-precision=budget=cosine=0.9 2>&1 | FileCheck %s --check-prefix=BUDGET
// BUDGET: error: cim-assign-precision: cannot parse budget '{{.*}}'; expected snr=<dB> (e.g. snr=30) or top1=<fraction in [0, 1]> (e.g. top1=0.99)

// RUN: not cim-opt %t.mapped.mlir --cim-assign-precision=search=random 2>&1 | FileCheck %s --check-prefix=SEARCH
// SEARCH: error: cim-assign-precision: unknown search 'random'; expected greedy or pareto
// RUN: not cim-opt %t.mapped.mlir --cim-assign-precision="search=pareto frontier=0" 2>&1 | FileCheck %s --check-prefix=FRONTIER
// FRONTIER: error: cim-assign-precision: search=pareto needs frontier >= 1

// The base mode must keep the budget itself; the error says by how much it
// misses it.
// RUN: not cim-opt %t.mapped.mlir --cim-assign-precision="budget=snr=30 base=w4a4" 2>&1 | FileCheck %s --check-prefix=MISS
// MISS: error: cim-assign-precision: base mode 'w4a4' misses the budget snr=30 on 4 calibration samples: its SNR is {{[0-9]+\.[0-9][0-9]}} dB, {{[0-9]+\.[0-9][0-9]}} dB below
// RUN: not cim-opt %t.mapped.mlir --cim-assign-precision="budget=top1=1 base=w4a4 calibration-samples=64" 2>&1 | FileCheck %s --check-prefix=MISS-TOP1
// MISS-TOP1: error: cim-assign-precision: base mode 'w4a4' misses the budget top1=1 on 64 calibration samples: its top-1 agreement is 0.{{[0-9]+}}, 0.{{[0-9]+}} below

// Names of existing symbols are not reused; with pareto every name it may
// emit must be free.
// RUN: not cim-opt %t.mapped.mlir --cim-assign-precision=name=w4a4 2>&1 | FileCheck %s --check-prefix=TAKEN
// TAKEN: error: cim-assign-precision: the name 'w4a4' is already taken
// RUN: not cim-opt %t.mapped.mlir --cim-assign-precision=name=main 2>&1 | FileCheck %s --check-prefix=TAKEN-FUNC
// TAKEN-FUNC: error: cim-assign-precision: the name 'main' is already taken
// RUN: not cim-opt %t.mapped.mlir --cim-assign-precision="budget=snr=10 name=fast-2" --cim-assign-precision="budget=snr=10 name=fast search=pareto" 2>&1 | FileCheck %s --check-prefix=TAKEN-PARETO
// TAKEN-PARETO: error: cim-assign-precision: the name 'fast-2' is already taken
// RUN: not cim-opt %t.mapped.mlir --cim-assign-precision=name= 2>&1 | FileCheck %s --check-prefix=EMPTY
// EMPTY: error: cim-assign-precision: the mode name is empty

// RUN: not cim-opt %t.mapped.mlir --cim-assign-precision=calibration-samples=0 2>&1 | FileCheck %s --check-prefix=SAMPLES
// SAMPLES: error: cim-assign-precision: no calibration samples (give a calibration directory or calibration-samples >= 1)
// RUN: not cim-opt %t.mapped.mlir --cim-assign-precision=calibration=%t.nosuch 2>&1 | FileCheck %s --check-prefix=NODIR
// NODIR: error: calibration: {{.*}}nosuch/x.npy

func.func @main(%x: tensor<1x1x8xf32> {cim.name = "x"}) -> (tensor<1x1x4xf32> {cim.name = "y"}) {
  %w1 = "tosa.const"() <{values = dense<[[1.79, 0.44, 0.10, -1.86, -0.28, -0.35, -0.08, -0.63], [-0.04, -0.48, -1.31, 0.88, 0.88, 1.71, 0.05, -0.40], [-0.55, -1.55, 0.98, -1.10, -1.19, -0.21, 1.49, 0.24], [-1.02, -0.71, 0.63, -0.16, -0.77, -0.23, 0.75, 1.98], [-1.24, -0.63, -0.80, -2.42, -0.92, -1.02, 1.12, -0.13], [-1.62, 0.65, -0.36, -1.74, -0.60, -0.59, -0.87, 0.03], [-2.25, -0.27, 1.01, 0.85, 1.11, 1.12, 1.49, -1.12], [0.85, -1.86, -0.60, -1.91, 1.05, 1.33, -0.20, 1.77]]> : tensor<8x8xf32>}> : () -> tensor<8x8xf32>
  %b1 = "tosa.const"() <{values = dense<[0.07, -0.09, -0.03, 0.22, 0.09, -0.13, -0.01, 0.06]> : tensor<8xf32>}> : () -> tensor<8xf32>
  %w2 = "tosa.const"() <{values = dense<[[-0.34, 0.08, 0.08, -0.53], [0.22, 0.97, -0.51, 0.45], [-0.08, 0.88, 0.24, 0.34], [0.32, 0.12, -0.70, 0.70], [-0.69, 0.12, 0.31, -0.42], [0.07, 0.58, -0.01, -0.44], [-1.46, -0.49, -0.30, -0.26], [-0.48, 0.19, -0.29, -0.05]]> : tensor<8x4xf32>}> : () -> tensor<8x4xf32>
  %b2 = "tosa.const"() <{values = dense<[0.12, 0.01, -0.05, -0.07]> : tensor<4xf32>}> : () -> tensor<4xf32>
  %h = cim.matmul %x, %w1, %b1 {layer = "hidden", relu} : (tensor<1x1x8xf32>, tensor<8x8xf32>, tensor<8xf32>) -> tensor<1x1x8xf32>
  %y = cim.matmul %h, %w2, %b2 {layer = "out"} : (tensor<1x1x8xf32>, tensor<8x4xf32>, tensor<4xf32>) -> tensor<1x1x4xf32>
  return %y : tensor<1x1x4xf32>
}
