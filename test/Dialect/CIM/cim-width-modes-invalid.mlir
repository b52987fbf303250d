// RUN: rm -rf %t && split-file %s %t
// RUN: cim-opt %t/no-modes.mlir --cim-width-modes --verify-diagnostics
// RUN: cim-opt %t/base.mlir --cim-width-modes=base=w2a2 --verify-diagnostics
// RUN: cim-opt %t/zero.mlir --cim-width-modes=widths=100,0 --verify-diagnostics
// RUN: cim-opt %t/over.mlir --cim-width-modes=widths=150 --verify-diagnostics
// RUN: cim-opt %t/parse.mlir --cim-width-modes=widths=50%% --verify-diagnostics
// RUN: cim-opt %t/empty.mlir --cim-width-modes=widths=, --verify-diagnostics
// RUN: cim-opt %t/twice.mlir --cim-width-modes=widths=50,75,50 --verify-diagnostics
// RUN: cim-opt %t/taken.mlir --cim-width-modes=widths=50 --verify-diagnostics

//--- no-modes.mlir
// Width modes are derived from a precision mode: cim-build-modes comes first.
// expected-error @+1 {{cim-width-modes: the module has no modes; run cim-build-modes first}}
module {
}

//--- base.mlir
// The base must be one of the module's modes.
// expected-error @+1 {{cim-width-modes: unknown base mode 'w2a2' (modes: w8a8, w4a4)}}
module {
  cim.precision_mode @w8a8 #cim.precision<weight_bits = 8, input_bits = 8>
  cim.precision_mode @w4a4 #cim.precision<weight_bits = 4, input_bits = 4>
}

//--- zero.mlir
// A width of 0 would switch every channel off.
// expected-error @+1 {{cim-width-modes: width 0 is not in (0, 100]}}
module {
  cim.precision_mode @w8a8 #cim.precision<weight_bits = 8, input_bits = 8>
}

//--- over.mlir
// A mode never adds channels: the arrays hold the full network.
// expected-error @+1 {{cim-width-modes: width 150 is not in (0, 100]}}
module {
  cim.precision_mode @w8a8 #cim.precision<weight_bits = 8, input_bits = 8>
}

//--- parse.mlir
// Widths are whole percentages.
// expected-error @+1 {{cim-width-modes: cannot parse width '50%'; expected a whole percentage, e.g. 50}}
module {
  cim.precision_mode @w8a8 #cim.precision<weight_bits = 8, input_bits = 8>
}

//--- empty.mlir
// expected-error @+1 {{cim-width-modes: widths is empty; expected percentages, e.g. 100,75,50,25}}
module {
  cim.precision_mode @w8a8 #cim.precision<weight_bits = 8, input_bits = 8>
}

//--- twice.mlir
// Mode names are symbols: the same width twice would name two modes alike.
// expected-error @+1 {{cim-width-modes: width 50 is listed twice}}
module {
  cim.precision_mode @w8a8 #cim.precision<weight_bits = 8, input_bits = 8>
}

//--- taken.mlir
// Running the pass twice (or a mode already named like a width mode) would
// declare one symbol twice.
// expected-error @+1 {{cim-width-modes: the name 'w8a8-c50' is already taken}}
module {
  cim.precision_mode @w8a8 #cim.precision<weight_bits = 8, input_bits = 8>
  cim.precision_mode @"w8a8-c50" #cim.precision<weight_bits = 8, input_bits = 8>
}
