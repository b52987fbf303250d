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

/// What calibration passes learn from running a binary: partial sums per
/// tile and input statistics per layer. One object may collect over many
/// runs (simulate() appends); it is sized on first use.
struct Statistics {
  /// Per Program tile: the largest column sum it produced (before any ADC)
  /// and how many column sums it produced.
  std::vector<uint64_t> tileMaxSum;
  std::vector<uint64_t> tileSums;
  /// Per Program tile: how many column sums needed b bits (index b = bit
  /// length of the sum, 0 for a zero sum).
  std::vector<std::vector<uint64_t>> tileSumBits;
  /// Per layer: (pixel, input cycle, row block) planes, and those with a
  /// non-zero driven input digit.
  std::vector<uint64_t> layerPlanes, layerNonzeroPlanes;
  /// Per layer: the largest |input code| of each pixel of every QUANT.
  std::vector<std::vector<uint64_t>> layerPixelMaxCode;
};

struct SimOptions {
  /// Name of the operating point to start in; empty selects modes[0].
  std::string mode;
  /// When set, statistics of this run are added to it.
  Statistics *statistics = nullptr;
  /// Threads sharing the pixels of each crossbar read (0: one per hardware
  /// thread). The results do not depend on it.
  unsigned threads = 0;
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
