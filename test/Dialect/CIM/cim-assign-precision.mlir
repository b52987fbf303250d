// RUN: cim-opt %s --cim-set-arch=arch=%S/Inputs/tiny.json --cim-quantize --cim-map-crossbars --cim-build-modes=modes=w8a8,w4a4 -o %t.mapped.mlir
// RUN: cim-opt %t.mapped.mlir --cim-assign-precision | FileCheck %s
// RUN: cim-opt %t.mapped.mlir --cim-assign-precision=budget=snr=-100 | FileCheck %s --check-prefix=FLOOR
// RUN: cim-opt %t.mapped.mlir --cim-assign-precision=budget=top1=1 | FileCheck %s --check-prefix=TOP1
// RUN: cim-opt %t.mapped.mlir --cim-assign-precision="budget=snr=10 base=w4a4 name=fast" | FileCheck %s --check-prefix=BASE
// RUN: cim-opt %t.mapped.mlir --cim-assign-precision="budget=top1=1 search=pareto frontier=3" | FileCheck %s --check-prefix=PARETO
// RUN: cim-opt %t.mapped.mlir --cim-assign-precision="budget=top1=1 search=pareto frontier=30" | FileCheck %s --check-prefix=ALL
// RUN: cim-opt %t.mapped.mlir --cim-assign-precision 2>&1 >/dev/null | FileCheck %s --check-prefix=REMARK
// Same input, same output, whatever the number of threads.
// RUN: cim-opt %t.mapped.mlir --cim-assign-precision -o %t.a.mlir
// RUN: cim-opt %t.mapped.mlir --cim-assign-precision --mlir-disable-threading | cmp - %t.a.mlir
// The pipeline option runs the pass after cim-build-modes.
// RUN: cim-opt %s --cim-pipeline="arch=%S/Inputs/tiny.json modes=w8a8,w4a4 assign-precision=snr=30 lower=false" | cmp - %t.a.mlir
// The emitted mode lowers to the binary's mode table like any other.
// RUN: cim-opt %t.a.mlir --convert-cim-to-isa | FileCheck %s --check-prefix=ISA

// A two-layer MLP on 8x8 arrays of 2-bit cells with a 1-bit DAC, calibrated
// on the 4 seeded random inputs of cim-quantize.

// The default budget (SNR >= 30 dB against the float reference) from the
// first mode: both layers lose one cell slice and three input bits. The
// new mode comes after the existing ones (w8a8 stays the default) and names
// every layer.
// CHECK-LABEL: module
// CHECK-NEXT: cim.precision_mode @w8a8 #cim.precision<weight_bits = 8, input_bits = 8>
// CHECK-NEXT: cim.precision_mode @w4a4 #cim.precision<weight_bits = 4, input_bits = 4>
// CHECK-NEXT: cim.precision_mode @auto #cim.precision<weight_bits = 8, input_bits = 8> layers {
// CHECK-SAME: hidden = #cim.precision<weight_bits = 6, input_bits = 5>
// CHECK-SAME: out = #cim.precision<weight_bits = 6, input_bits = 5>}
// CHECK-NEXT: func.func @main

// A budget every mode keeps: the search ends at one cell slice of weight
// bits and one input bit per layer, never lower.
// FLOOR-LABEL: module
// FLOOR: cim.precision_mode @auto
// FLOOR-SAME: hidden = #cim.precision<weight_bits = 2, input_bits = 1>
// FLOOR-SAME: out = #cim.precision<weight_bits = 2, input_bits = 1>}

// Top-1 agreement on all 4 samples: moves that keep the arg-max rank by
// energy per dB of SNR lost, so the path is the SNR path as long as the
// arg-max holds.
// TOP1-LABEL: module
// TOP1: cim.precision_mode @auto
// TOP1-SAME: hidden = #cim.precision<weight_bits = 2, input_bits = 2>
// TOP1-SAME: out = #cim.precision<weight_bits = 2, input_bits = 1>}

// From another base mode, under another name.
// BASE-LABEL: module
// BASE: cim.precision_mode @w4a4
// BASE-NEXT: cim.precision_mode @fast #cim.precision<weight_bits = 4, input_bits = 4> layers {
// BASE-SAME: hidden = #cim.precision<weight_bits = 2, input_bits = 2>
// BASE-SAME: out = #cim.precision<weight_bits = 4, input_bits = 2>}

// Pareto: three points along the greedy path, spread in energy from the
// base, then its end.
// PARETO-LABEL: module
// PARETO: cim.precision_mode @w4a4
// PARETO-NEXT: cim.precision_mode @"auto-1" {{.*}}hidden = #cim.precision<weight_bits = 6, input_bits = 7>, out = #cim.precision<weight_bits = 8, input_bits = 7>}
// PARETO-NEXT: cim.precision_mode @"auto-2" {{.*}}hidden = #cim.precision<weight_bits = 6, input_bits = 5>, out = #cim.precision<weight_bits = 6, input_bits = 6>}
// PARETO-NEXT: cim.precision_mode @"auto-3" {{.*}}hidden = #cim.precision<weight_bits = 4, input_bits = 4>, out = #cim.precision<weight_bits = 6, input_bits = 4>}
// PARETO-NEXT: cim.precision_mode @auto {{.*}}hidden = #cim.precision<weight_bits = 2, input_bits = 2>, out = #cim.precision<weight_bits = 2, input_bits = 1>}
// PARETO-NEXT: func.func @main

// A frontier longer than the path: every step of it, once.
// ALL-LABEL: module
// ALL: cim.precision_mode @"auto-18"
// ALL-NOT: cim.precision_mode @"auto-19"
// ALL: cim.precision_mode @auto
// ALL-NEXT: func.func @main

// A remark per emitted mode and one per layer.
// REMARK: remark: cim-assign-precision: mode 'auto' (snr=30 on 4 calibration samples): SNR {{[0-9.]+}} dB, top-1 agreement {{[0-9.]+}}, energy {{[0-9.]+}} pJ, latency {{[0-9.]+}} ns; base 'w8a8': SNR {{[0-9.]+}} dB, {{.*}}; 8 of {{[0-9]+}} moves taken, {{[0-9]+}} samples simulated
// REMARK: remark: cim-assign-precision: mode 'auto': layer 'hidden' runs w6a5 (base w8a8, stored w8a8)
// REMARK: remark: cim-assign-precision: mode 'auto': layer 'out' runs w6a5 (base w8a8, stored w8a8)

// ISA: cimisa.mode @w8a8 weight_bits [8, 8] input_bits [8, 8]
// ISA-NEXT: cimisa.mode @w4a4 weight_bits [4, 4] input_bits [4, 4]
// ISA-NEXT: cimisa.mode @auto weight_bits [6, 6] input_bits [5, 5]

func.func @main(%x: tensor<1x1x8xf32> {cim.name = "x"}) -> (tensor<1x1x4xf32> {cim.name = "y"}) {
  %w1 = "tosa.const"() <{values = dense<[[1.79, 0.44, 0.10, -1.86, -0.28, -0.35, -0.08, -0.63], [-0.04, -0.48, -1.31, 0.88, 0.88, 1.71, 0.05, -0.40], [-0.55, -1.55, 0.98, -1.10, -1.19, -0.21, 1.49, 0.24], [-1.02, -0.71, 0.63, -0.16, -0.77, -0.23, 0.75, 1.98], [-1.24, -0.63, -0.80, -2.42, -0.92, -1.02, 1.12, -0.13], [-1.62, 0.65, -0.36, -1.74, -0.60, -0.59, -0.87, 0.03], [-2.25, -0.27, 1.01, 0.85, 1.11, 1.12, 1.49, -1.12], [0.85, -1.86, -0.60, -1.91, 1.05, 1.33, -0.20, 1.77]]> : tensor<8x8xf32>}> : () -> tensor<8x8xf32>
  %b1 = "tosa.const"() <{values = dense<[0.07, -0.09, -0.03, 0.22, 0.09, -0.13, -0.01, 0.06]> : tensor<8xf32>}> : () -> tensor<8xf32>
  %w2 = "tosa.const"() <{values = dense<[[-0.34, 0.08, 0.08, -0.53], [0.22, 0.97, -0.51, 0.45], [-0.08, 0.88, 0.24, 0.34], [0.32, 0.12, -0.70, 0.70], [-0.69, 0.12, 0.31, -0.42], [0.07, 0.58, -0.01, -0.44], [-1.46, -0.49, -0.30, -0.26], [-0.48, 0.19, -0.29, -0.05]]> : tensor<8x4xf32>}> : () -> tensor<8x4xf32>
  %b2 = "tosa.const"() <{values = dense<[0.12, 0.01, -0.05, -0.07]> : tensor<4xf32>}> : () -> tensor<4xf32>
  %h = cim.matmul %x, %w1, %b1 {layer = "hidden", relu} : (tensor<1x1x8xf32>, tensor<8x8xf32>, tensor<8xf32>) -> tensor<1x1x8xf32>
  %y = cim.matmul %h, %w2, %b2 {layer = "out"} : (tensor<1x1x8xf32>, tensor<8x4xf32>, tensor<4xf32>) -> tensor<1x1x4xf32>
  return %y : tensor<1x1x4xf32>
}
