//===- FidelityTest.cpp - Unit tests of the fidelity metrics --------------===//
//
// SNR, cosine similarity and top-1 agreement on hand-computed cases.
//
//===----------------------------------------------------------------------===//

#include "cim/Reference/Fidelity.h"

#include "gtest/gtest.h"

#include <cmath>

using namespace cim::reference;
using cim::kernels::Tensor;

namespace {

TEST(FidelityTest, Snr) {
  std::vector<float> ref = {1, -1, 1, -1};
  EXPECT_DOUBLE_EQ(snrDb(ref, ref), kMaxSnrDb);
  // Noise power a tenth of the signal: 10 dB.
  std::vector<float> noisy = {1, -1, 1, -1};
  float e = static_cast<float>(std::sqrt(0.4));
  noisy[0] += e;
  EXPECT_NEAR(snrDb(ref, noisy), 10.0, 1e-5);
  std::vector<float> zero = {0, 0, 0, 0};
  EXPECT_DOUBLE_EQ(snrDb(zero, ref), -kMaxSnrDb);
  std::vector<float> nan = {NAN, 0, 0, 0};
  EXPECT_DOUBLE_EQ(snrDb(ref, nan), -kMaxSnrDb);
}

TEST(FidelityTest, Cosine) {
  std::vector<float> a = {1, 0}, b = {0, 2}, c = {3, 0}, z = {0, 0};
  EXPECT_DOUBLE_EQ(cosineSimilarity(a, b), 0.0);
  EXPECT_DOUBLE_EQ(cosineSimilarity(a, c), 1.0);
  std::vector<float> d = {1, 1};
  EXPECT_NEAR(cosineSimilarity(a, d), std::sqrt(0.5), 1e-12);
  EXPECT_DOUBLE_EQ(cosineSimilarity(z, z), 1.0);
  EXPECT_DOUBLE_EQ(cosineSimilarity(a, z), 0.0);
}

TEST(FidelityTest, Top1) {
  // Three rows of three classes; rows 0 and 2 agree.
  std::vector<float> ref = {0, 5, 1, 9, 0, 0, 2, 2, 1};
  std::vector<float> meas = {0, 4, 3, 0, 9, 0, 1, 1, 0};
  EXPECT_EQ(top1Matches(ref, meas, 3), 2);
}

TEST(FidelityTest, CompareOutputs) {
  Tensor r, m;
  r.shape = m.shape = {2, 2};
  r.data = {1, 0, 0, 1};
  m.data = {1, 0, 1, 0};
  llvm::Expected<Fidelity> f = compareOutputs({r}, {m});
  ASSERT_TRUE(static_cast<bool>(f)) << llvm::toString(f.takeError());
  EXPECT_NEAR(f->snrDb, 0.0, 1e-12);
  EXPECT_NEAR(f->cosine, 0.5, 1e-12);
  EXPECT_DOUBLE_EQ(f->top1Agreement, 0.5);

  Tensor other;
  other.shape = {4};
  other.data = {1, 0, 0, 1};
  llvm::Expected<Fidelity> bad = compareOutputs({r}, {other});
  ASSERT_FALSE(static_cast<bool>(bad));
  EXPECT_EQ(llvm::toString(bad.takeError()),
            "output #0 has a different shape in the reference and the "
            "measured run");
  llvm::Expected<Fidelity> count = compareOutputs({r, r}, {m});
  ASSERT_FALSE(static_cast<bool>(count));
  llvm::consumeError(count.takeError());
}

} // namespace
