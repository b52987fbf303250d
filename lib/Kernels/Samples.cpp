//===- Samples.cpp - Several samples of a model input in one tensor -------===//

#include "cim/Kernels/Samples.h"

#include <cassert>

using namespace llvm;

namespace cim::kernels {

std::optional<SampleLayout> sampleLayout(ArrayRef<int64_t> given,
                                         ArrayRef<int64_t> model) {
  if (given == model)
    return SampleLayout{1, /*single=*/true, /*newAxis=*/false};
  if (given.size() == model.size() + 1 && given.drop_front() == model &&
      given[0] >= 0)
    return SampleLayout{given[0], /*single=*/false, /*newAxis=*/true};
  if (!model.empty() && given.size() == model.size() && model[0] == 1 &&
      given.drop_front() == model.drop_front() && given[0] >= 0)
    return SampleLayout{given[0], /*single=*/false, /*newAxis=*/false};
  return std::nullopt;
}

std::string formatShape(ArrayRef<int64_t> shape) {
  if (shape.empty())
    return "scalar";
  std::string text;
  for (size_t i = 0; i < shape.size(); ++i)
    text += (i ? "x" : "") + std::to_string(shape[i]);
  return text;
}

std::string describeSampleShapes(ArrayRef<int64_t> model) {
  std::string text = formatShape(model) + " (one sample), N";
  if (!model.empty())
    text += "x" + formatShape(model);
  if (!model.empty() && model[0] == 1) {
    text += " or N";
    if (model.size() > 1)
      text += "x" + formatShape(model.drop_front());
  }
  return text + " (N samples)";
}

Tensor sliceSample(const Tensor &batch, ArrayRef<int64_t> model,
                   int64_t index) {
  Tensor sample;
  sample.shape.assign(model.begin(), model.end());
  size_t size = static_cast<size_t>(numElements(sample.shape));
  size_t begin = static_cast<size_t>(index) * size;
  assert(begin + size <= batch.data.size() && "sample out of range");
  sample.data.assign(batch.data.begin() + begin,
                     batch.data.begin() + begin + size);
  return sample;
}

Tensor stackSamples(ArrayRef<Tensor> samples, bool newAxis) {
  Tensor stacked;
  std::vector<int64_t> shape =
      samples.empty() ? std::vector<int64_t>() : samples.front().shape;
  stacked.shape.push_back(static_cast<int64_t>(samples.size()));
  if (newAxis || shape.empty() || shape[0] != 1)
    stacked.shape.insert(stacked.shape.end(), shape.begin(), shape.end());
  else
    stacked.shape.insert(stacked.shape.end(), shape.begin() + 1, shape.end());
  size_t size = static_cast<size_t>(numElements(shape));
  stacked.data.reserve(size * samples.size());
  for (const Tensor &sample : samples) {
    assert(sample.shape == shape && "samples of different shapes");
    stacked.data.insert(stacked.data.end(), sample.data.begin(),
                        sample.data.end());
  }
  return stacked;
}

} // namespace cim::kernels
