//===- Calibration.h - Calibration inputs and runs for cim passes -*- C++ -*-===//
//
// What the calibrating passes share: the calibration inputs of @main (a
// directory of .npy files, each holding one or N samples, or seeded random
// inputs), and running the module's current mapping bit-accurately on them
// in the simulator, so that ADC ranges, hybrid boundaries and precisions are
// chosen from the partial sums the hardware will see.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_DIALECT_CIM_TRANSFORMS_CALIBRATION_H
#define CIM_DIALECT_CIM_TRANSFORMS_CALIBRATION_H

#include "cim/Kernels/Kernels.h"
#include "cim/Program/Program.h"
#include "cim/Sim/Simulator.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"

#include <string>
#include <vector>

namespace cim {

/// One tensor per argument of @main.
using Sample = std::vector<kernels::Tensor>;

/// The calibration samples of `func`. With a directory, `<dir>/<name>.npy`
/// per argument (name: its `cim.name`, else `arg<i>`); a file whose shape is
/// the argument's holds one sample, one with an extra leading axis (or, for
/// an argument of batch 1, a larger batch) holds N samples; all files give
/// the same N. Without a directory, `randomSamples` seeded standard-normal
/// samples. Errors are emitted at `func`.
mlir::FailureOr<std::vector<Sample>>
loadCalibrationSamples(mlir::func::FuncOp func, llvm::StringRef directory,
                       unsigned randomSamples, unsigned seed);

/// Lowers a copy of the mapped cim-level `module` (with its modes) to the
/// Program the binary would hold. Errors are emitted.
mlir::FailureOr<program::Program> compileToProgram(mlir::ModuleOp module);

/// Simulates `program` in mode `mode` (an index) on every sample, adding to
/// `statistics` when given; returns each sample's outputs. Errors are
/// emitted at `loc`.
mlir::FailureOr<std::vector<std::vector<kernels::Tensor>>>
simulateSamples(const program::Program &program, size_t mode,
                const std::vector<Sample> &samples, mlir::Location loc,
                sim::Statistics *statistics = nullptr);

/// The float reference outputs of @main on every sample.
mlir::FailureOr<std::vector<std::vector<kernels::Tensor>>>
referenceOutputs(mlir::func::FuncOp func, const std::vector<Sample> &samples);

/// Index of the mode named `name` in `program`, or of the first mode when
/// `name` is empty; emits an error at `loc` naming the modes otherwise.
mlir::FailureOr<size_t> modeIndex(const program::Program &program,
                                  llvm::StringRef name, mlir::Location loc);

} // namespace cim

#endif // CIM_DIALECT_CIM_TRANSFORMS_CALIBRATION_H
