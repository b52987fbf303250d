//===- Fidelity.h - Output fidelity against the float reference -*- C++ -*-===//
//
// The metrics of the report's `fidelity` object (docs/estimator.md): output SNR
// in dB, cosine similarity and top-1 agreement of a measured run (the
// bit-accurate simulator) against the float reference on the same inputs.
// Plain C++ over LLVMSupport, so that unit tests and the simulator link it
// without MLIR.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_REFERENCE_FIDELITY_H
#define CIM_REFERENCE_FIDELITY_H

#include "cim/Kernels/Kernels.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

#include <vector>

namespace cim::reference {

/// SNR values are capped here: an exact match has no finite SNR, and JSON
/// has no infinity.
constexpr double kMaxSnrDb = 200.0;

/// 10 * log10(sum(ref^2) / sum((ref - measured)^2)), in [-kMaxSnrDb,
/// kMaxSnrDb]; kMaxSnrDb when the two are identical. The arrays must have
/// the same length.
double snrDb(llvm::ArrayRef<float> reference, llvm::ArrayRef<float> measured);

/// dot(ref, measured) / (|ref| |measured|); 1 when both are all zeros, 0 when
/// only one is.
double cosineSimilarity(llvm::ArrayRef<float> reference,
                        llvm::ArrayRef<float> measured);

/// Number of rows of `classes` values (the innermost dimension) on which
/// the two arrays have the same arg-max (the first maximum wins ties).
int64_t top1Matches(llvm::ArrayRef<float> reference,
                    llvm::ArrayRef<float> measured, int64_t classes);

struct Fidelity {
  double snrDb = 0;
  double cosine = 0;
  double top1Agreement = 0; // fraction of rows in [0, 1]
};

/// The three metrics over all outputs of a model: SNR and cosine over the
/// concatenation of the outputs, top-1 agreement over all rows of all
/// outputs (rows along each output's innermost dimension). Outputs must
/// match in count and shape; otherwise the error says which differs.
llvm::Expected<Fidelity>
compareOutputs(const std::vector<kernels::Tensor> &reference,
               const std::vector<kernels::Tensor> &measured);

} // namespace cim::reference

#endif // CIM_REFERENCE_FIDELITY_H
