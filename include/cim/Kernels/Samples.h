//===- Samples.h - Several samples of a model input in one tensor -*- C++ -*-===//
//
// A .npy file given for a model input of shape S (cim-sim --input, the
// calibration directory of cim-quantize) holds one sample or N of them:
//   * its shape is S: one sample;
//   * its shape is [N] + S: N samples stacked along a new leading axis;
//   * S[0] is 1, the ranks are equal and its shape is [N] + S[1:]: N samples
//     stacked along the model's leading (batch) axis.
// Outputs of a run over N samples are stacked the same way (stackSamples).
//
//===----------------------------------------------------------------------===//

#ifndef CIM_KERNELS_SAMPLES_H
#define CIM_KERNELS_SAMPLES_H

#include "cim/Kernels/Kernels.h"

#include "llvm/ADT/ArrayRef.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cim::kernels {

/// How a tensor holds samples of a model input.
struct SampleLayout {
  /// Number of samples (0 for an empty leading axis).
  int64_t samples = 1;
  /// The tensor is exactly one sample: its shape is the model's.
  bool single = true;
  /// The samples are stacked along a new leading axis ([N] + S) rather than
  /// along the model's leading axis of extent 1 ([N] + S[1:]).
  bool newAxis = false;
};

/// The layout of a tensor of shape `given` for a model input of shape
/// `model`, or nullopt when it is none of the three forms above.
std::optional<SampleLayout> sampleLayout(llvm::ArrayRef<int64_t> given,
                                         llvm::ArrayRef<int64_t> model);

/// The shapes sampleLayout accepts, for error messages:
/// "1x1x8x8 (one sample), Nx1x1x8x8 or Nx1x8x8 (N samples)".
std::string describeSampleShapes(llvm::ArrayRef<int64_t> model);

/// Sample `index` of `batch`, with the model shape `model`. `batch` must
/// hold at least index + 1 samples of that shape (any layout: the samples
/// are contiguous in all three).
Tensor sliceSample(const Tensor &batch, llvm::ArrayRef<int64_t> model,
                   int64_t index);

/// Stacks per-sample results of equal shapes: [N] + shape when `newAxis` or
/// when the shape does not start with 1, else [N] + shape[1:]. Data in
/// sample order.
Tensor stackSamples(llvm::ArrayRef<Tensor> samples, bool newAxis);

/// "1x3x32x32", or "scalar" for a rank-0 shape.
std::string formatShape(llvm::ArrayRef<int64_t> shape);

} // namespace cim::kernels

#endif // CIM_KERNELS_SAMPLES_H
