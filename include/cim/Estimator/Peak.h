//===- Peak.h - Whole-chip peak throughput and efficiency -------*- C++ -*-===//
//
// The figures accelerator papers quote (ISAAC's computational efficiency in
// GOPS/(s mm^2) and power efficiency in GOPS/W): every array of the chip
// computing full matrix-vector products back to back at one precision,
// priced with the same cycle plan (program::planCycle) and event energies
// as a compiled model, plus the arch's `uncore` section for what a chip
// has besides its arrays. docs/estimator.md shows the calculation.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_ESTIMATOR_PEAK_H
#define CIM_ESTIMATOR_PEAK_H

#include "cim/Arch/Arch.h"
#include "cim/Estimator/Report.h"

#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"

namespace cim::estimator {

struct PeakEfficiency {
  unsigned weightBits = 0, inputBits = 0;
  /// One array's full matrix-vector product: multiply-accumulates (rows x
  /// weights per row), its time (every row block and input cycle) and its
  /// energy by component.
  uint64_t macsPerMvm = 0;
  double mvmNs = 0;
  EnergyBreakdown mvmEnergyPj;
  uint64_t arrays = 0;
  /// The chip: 2 ops per MAC, every array busy.
  double gops = 0;
  double areaMm2 = 0;  // arrays' datapath + cores' uncore + chip uncore
  double powerW = 0;   // arrays' event power + uncore power
  double gopsPerMm2() const { return areaMm2 > 0 ? gops / areaMm2 : 0; }
  double gopsPerW() const { return powerW > 0 ? gops / powerW : 0; }
};

/// Peak of `arch` at `weightBits` x `inputBits` (signed weights stored as
/// the arch's polarity scheme stores them, unsigned inputs). Fails if the
/// precision leaves no whole weight in an array row.
llvm::Expected<PeakEfficiency> estimatePeak(const ArchSpec &arch,
                                            unsigned weightBits,
                                            unsigned inputBits);

llvm::json::Value toJSON(const PeakEfficiency &peak);

/// One readable paragraph: throughput, area, power and both efficiencies.
void printPeak(llvm::raw_ostream &os, const ArchSpec &arch,
               const PeakEfficiency &peak);

} // namespace cim::estimator

#endif // CIM_ESTIMATOR_PEAK_H
