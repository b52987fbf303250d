//===- SamplesTest.cpp - Unit tests of the sample layout rule -------------===//

#include "cim/Kernels/Samples.h"

#include "gtest/gtest.h"

using namespace cim::kernels;

namespace {

TEST(SampleLayout, ModelShapeIsOneSample) {
  auto layout = sampleLayout({1, 1, 8, 8}, {1, 1, 8, 8});
  ASSERT_TRUE(layout);
  EXPECT_EQ(layout->samples, 1);
  EXPECT_TRUE(layout->single);
}

TEST(SampleLayout, NewLeadingAxis) {
  auto layout = sampleLayout({5, 1, 1, 8, 8}, {1, 1, 8, 8});
  ASSERT_TRUE(layout);
  EXPECT_EQ(layout->samples, 5);
  EXPECT_FALSE(layout->single);
  EXPECT_TRUE(layout->newAxis);
  // A model without a leading 1 takes only the new axis.
  layout = sampleLayout({3, 4}, {4});
  ASSERT_TRUE(layout);
  EXPECT_EQ(layout->samples, 3);
  EXPECT_TRUE(layout->newAxis);
  layout = sampleLayout({7}, {});
  ASSERT_TRUE(layout);
  EXPECT_EQ(layout->samples, 7);
}

TEST(SampleLayout, ModelBatchAxis) {
  auto layout = sampleLayout({397, 1, 8, 8}, {1, 1, 8, 8});
  ASSERT_TRUE(layout);
  EXPECT_EQ(layout->samples, 397);
  EXPECT_FALSE(layout->single);
  EXPECT_FALSE(layout->newAxis);
}

TEST(SampleLayout, Rejected) {
  EXPECT_FALSE(sampleLayout({1, 2, 2, 1}, {1, 4, 4, 1}));
  EXPECT_FALSE(sampleLayout({3, 4}, {2, 4})); // leading 2 is not a batch axis
  EXPECT_FALSE(sampleLayout({8, 8}, {1, 1, 8, 8}));
  EXPECT_FALSE(sampleLayout({2, 4}, {}));
}

TEST(SampleLayout, Describe) {
  EXPECT_EQ(describeSampleShapes({1, 1, 8, 8}),
            "1x1x8x8 (one sample), Nx1x1x8x8 or Nx1x8x8 (N samples)");
  EXPECT_EQ(describeSampleShapes({2, 4}), "2x4 (one sample), Nx2x4 (N samples)");
  EXPECT_EQ(describeSampleShapes({1}), "1 (one sample), Nx1 or N (N samples)");
  EXPECT_EQ(describeSampleShapes({}), "scalar (one sample), N (N samples)");
}

TEST(Samples, SliceAndStack) {
  Tensor batch;
  batch.shape = {3, 2};
  batch.data = {0, 1, 2, 3, 4, 5};
  Tensor s1 = sliceSample(batch, {1, 2}, 1);
  EXPECT_EQ(s1.shape, (std::vector<int64_t>{1, 2}));
  EXPECT_EQ(s1.data, (std::vector<float>{2, 3}));
  std::vector<Tensor> samples = {sliceSample(batch, {1, 2}, 0), s1,
                                 sliceSample(batch, {1, 2}, 2)};
  Tensor stacked = stackSamples(samples, /*newAxis=*/false);
  EXPECT_EQ(stacked.shape, (std::vector<int64_t>{3, 2}));
  EXPECT_EQ(stacked.data, batch.data);
  stacked = stackSamples(samples, /*newAxis=*/true);
  EXPECT_EQ(stacked.shape, (std::vector<int64_t>{3, 1, 2}));
  // A result without a leading 1 always gets a new axis.
  Tensor row;
  row.shape = {2};
  row.data = {1, 2};
  EXPECT_EQ(stackSamples({row, row}, false).shape,
            (std::vector<int64_t>{2, 2}));
}

} // namespace
