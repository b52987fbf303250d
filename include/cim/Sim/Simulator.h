//===- Simulator.h - Bit-accurate execution of a compiled Program -*- C++ -*-===//
//
// Executes a program::Program exactly as the hardware would: inputs quantized
// and fed bit-serially through the DACs, column sums of the stored cell
// levels converted by the configured ADC, shift-and-add, the digital
// epilogue, and the digital vector instructions through cim::kernels. The
// core streams run under a deterministic round-robin scheduler over one
// shared activation memory. Events are counted while executing, with the
// definitions of Program.h, and priced with estimator::priceMode.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_SIM_SIMULATOR_H
#define CIM_SIM_SIMULATOR_H

#include "cim/Estimator/Report.h"
#include "cim/Kernels/Kernels.h"
#include "cim/Program/Program.h"

#include "llvm/Support/Error.h"

#include <map>
#include <string>
#include <vector>

namespace cim::sim {

struct SimOptions {
  /// Name of the operating point to start in; empty selects modes[0].
  std::string mode;
};

struct SimResult {
  /// One tensor per TensorRole::Output descriptor, in Program::tensors order.
  std::vector<kernels::Tensor> outputs;
  /// The counted events, priced like the estimator prices its own.
  estimator::ModeReport report;
};

/// Runs `program` on the named input tensors. Errors (missing or misshaped
/// input, unknown mode, an instruction that cannot execute, deadlock) name
/// what was wrong.
llvm::Expected<SimResult>
simulate(const program::Program &program,
         const std::map<std::string, kernels::Tensor> &inputsByName,
         const SimOptions &options);

} // namespace cim::sim

#endif // CIM_SIM_SIMULATOR_H
