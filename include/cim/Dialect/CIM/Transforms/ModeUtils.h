//===- ModeUtils.h - What passes that add operating points share -*- C++ -*-===//
//
// The passes that add a mode over the existing mapping (ADC trimming, hybrid
// boundary, ...) start the same way: find the base mode, check the new name,
// lower a copy of the module to the Program the binary would hold, and relate
// its layers and tiles to the cim ops; they end by inserting the new
// `cim.precision_mode` after the existing ones.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_DIALECT_CIM_TRANSFORMS_MODEUTILS_H
#define CIM_DIALECT_CIM_TRANSFORMS_MODEUTILS_H

#include "cim/Dialect/CIM/IR/CIM.h"
#include "cim/Program/Program.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"

#include <string>
#include <vector>

namespace cim {

struct ModeContext {
  mlir::ModuleOp module;
  mlir::func::FuncOp func;        // @main
  PrecisionModeOp baseMode;
  std::string newName;
  program::Program program;        // the module lowered as it stands
  size_t baseIndex = 0;            // of baseMode in program.modes
  /// Crossbar layers (cim.conv2d / cim.matmul) in program order, with their
  /// Program layer index and their Program tile indices (region order).
  std::vector<mlir::Operation *> layers;
  std::vector<size_t> programLayer;
  std::vector<std::vector<uint32_t>> tilesOfLayer;

  /// Checks that the module has modes, `base` (empty: the first) exists and
  /// the new mode's name (`name`, else `<base><suffix>`) is free, then
  /// lowers the module. Errors name `pass`.
  static mlir::FailureOr<ModeContext> get(mlir::ModuleOp module,
                                          llvm::StringRef base,
                                          llvm::StringRef name,
                                          llvm::StringRef suffix,
                                          llvm::StringRef pass);

  /// Inserts `cim.precision_mode @newName` after the last mode, with the
  /// base mode's default precision and `layers` as per-layer entries.
  PrecisionModeOp addMode(llvm::ArrayRef<mlir::NamedAttribute> layers);
};

/// The mode named `base` (empty: the first); emits an error naming `pass`
/// when the module has no modes or no such mode.
mlir::FailureOr<PrecisionModeOp> findBaseMode(mlir::ModuleOp module,
                                              llvm::StringRef base,
                                              llvm::StringRef pass);

/// The cim.adc_config of a mapped crossbar layer, or null.
AdcConfigOp adcConfigOf(mlir::Operation *layer);

} // namespace cim

#endif // CIM_DIALECT_CIM_TRANSFORMS_MODEUTILS_H
