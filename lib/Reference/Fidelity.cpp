//===- Fidelity.cpp - Output fidelity against the float reference ---------===//
//
// Sums run in double in index order, so the metrics are deterministic.
//
//===----------------------------------------------------------------------===//

#include "cim/Reference/Fidelity.h"

#include "llvm/Support/FormatVariadic.h"

#include <cassert>
#include <cmath>

using namespace llvm;

namespace cim::reference {

double snrDb(ArrayRef<float> reference, ArrayRef<float> measured) {
  assert(reference.size() == measured.size() && "length mismatch");
  double signal = 0, noise = 0;
  for (size_t i = 0; i < reference.size(); ++i) {
    double r = reference[i], e = r - static_cast<double>(measured[i]);
    signal += r * r;
    noise += e * e;
  }
  if (std::isnan(signal) || std::isnan(noise))
    return -kMaxSnrDb;
  if (noise == 0)
    return kMaxSnrDb;
  if (signal == 0)
    return -kMaxSnrDb;
  double db = 10.0 * std::log10(signal / noise);
  return std::fmax(-kMaxSnrDb, std::fmin(kMaxSnrDb, db));
}

double cosineSimilarity(ArrayRef<float> reference, ArrayRef<float> measured) {
  assert(reference.size() == measured.size() && "length mismatch");
  double dot = 0, rr = 0, mm = 0;
  for (size_t i = 0; i < reference.size(); ++i) {
    double r = reference[i], m = measured[i];
    dot += r * m;
    rr += r * r;
    mm += m * m;
  }
  if (rr == 0 && mm == 0)
    return 1.0;
  if (rr == 0 || mm == 0)
    return 0.0;
  return dot / (std::sqrt(rr) * std::sqrt(mm));
}

namespace {
size_t argmax(ArrayRef<float> row) {
  size_t best = 0;
  for (size_t i = 1; i < row.size(); ++i)
    if (row[i] > row[best])
      best = i;
  return best;
}
} // namespace

int64_t top1Matches(ArrayRef<float> reference, ArrayRef<float> measured,
                    int64_t classes) {
  assert(reference.size() == measured.size() && "length mismatch");
  if (classes <= 0)
    return 0;
  int64_t matches = 0;
  for (size_t start = 0; start + classes <= reference.size();
       start += classes)
    if (argmax(reference.slice(start, classes)) ==
        argmax(measured.slice(start, classes)))
      ++matches;
  return matches;
}

Expected<Fidelity> compareOutputs(const std::vector<kernels::Tensor> &reference,
                                  const std::vector<kernels::Tensor> &measured) {
  if (reference.size() != measured.size())
    return createStringError(
        inconvertibleErrorCode(),
        formatv("the reference has {0} outputs, the measured run {1}",
                reference.size(), measured.size()));
  std::vector<float> ref, meas;
  int64_t rows = 0, matches = 0;
  for (size_t i = 0; i < reference.size(); ++i) {
    const kernels::Tensor &r = reference[i], &m = measured[i];
    if (r.shape != m.shape || r.data.size() != m.data.size())
      return createStringError(
          inconvertibleErrorCode(),
          formatv("output #{0} has a different shape in the reference and "
                  "the measured run",
                  i));
    ref.insert(ref.end(), r.data.begin(), r.data.end());
    meas.insert(meas.end(), m.data.begin(), m.data.end());
    int64_t classes = r.shape.empty() ? 1 : r.shape.back();
    if (classes > 0) {
      rows += static_cast<int64_t>(r.data.size()) / classes;
      matches += top1Matches(r.data, m.data, classes);
    }
  }
  Fidelity f;
  f.snrDb = snrDb(ref, meas);
  f.cosine = cosineSimilarity(ref, meas);
  f.top1Agreement = rows == 0 ? 1.0 : static_cast<double>(matches) / rows;
  return f;
}

} // namespace cim::reference
