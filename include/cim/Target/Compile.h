//===- Compile.h - ONNX model to .cimb in one step --------------*- C++ -*-===//

#ifndef CIM_TARGET_COMPILE_H
#define CIM_TARGET_COMPILE_H

#include "cim/Program/Program.h"
#include "cim/Target/ONNX/ImportONNX.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/Support/LLVM.h"

#include <string>

namespace cim {

struct CompileOptions {
  std::string arch = "isaac";
  std::string modes = "w8a8,w4a4";
  std::string widths; // channel widths in percent, e.g. "100,50"; empty: none
  std::string calibration;
  unsigned adcBits = 0; // 0: the target's
  bool adcTrim = false;  // add '<mode>-adc' modes (cim-adc-trim)
  double adcCoverage = 1.0;
  double adcLsbBudget = 0.0;
  std::string hybrid;    // cim-hybrid-boundary points
  /// cim-assign-precision: budget (empty: off), search, frontier and the
  /// number of calibration samples it uses (0: all).
  std::string assignPrecision;
  std::string precisionSearch = "greedy";
  unsigned precisionFrontier = 3;
  unsigned precisionSamples = 0;
  ImportONNXOptions import;
};

/// Imports an ONNX model (its bytes, named `fileName` in diagnostics) and
/// runs the default flow down to an executable Program. Diagnostics go to
/// the context.
mlir::FailureOr<program::Program> compileONNX(llvm::StringRef bytes,
                                              llvm::StringRef fileName,
                                              const CompileOptions &options,
                                              mlir::MLIRContext *context);

} // namespace cim

#endif // CIM_TARGET_COMPILE_H
