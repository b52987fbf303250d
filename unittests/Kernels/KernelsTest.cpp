//===- KernelsTest.cpp - Unit tests of the float kernels ------------------===//
//
// Each kernel against a hand-computed result, plus the geometry helpers.
//
//===----------------------------------------------------------------------===//

#include "cim/Kernels/Kernels.h"

#include "gtest/gtest.h"

#include <cmath>
#include <limits>

using namespace cim::kernels;

namespace {

Tensor make(std::vector<int64_t> shape, std::vector<float> data) {
  Tensor t;
  t.shape = std::move(shape);
  t.data = std::move(data);
  return t;
}

/// 0, 1, 2, ... in row-major order.
Tensor iota(std::vector<int64_t> shape, float start = 0.0f) {
  Tensor t;
  t.shape = std::move(shape);
  t.data.resize(t.numel());
  for (size_t i = 0; i < t.data.size(); ++i)
    t.data[i] = start + static_cast<float>(i);
  return t;
}

TEST(KernelsTest, NumelAndScalar) {
  EXPECT_EQ(make({}, {5}).numel(), 1);
  EXPECT_EQ(make({2, 0, 3}, {}).numel(), 0);
  EXPECT_EQ(iota({2, 3, 4}).numel(), 24);
}

TEST(KernelsTest, BroadcastShapes) {
  auto s = broadcastShapes({2, 1, 4}, {3, 1});
  ASSERT_TRUE(s);
  EXPECT_EQ(*s, (std::vector<int64_t>{2, 3, 4}));
  EXPECT_EQ(*broadcastShapes({}, {5}), (std::vector<int64_t>{5}));
  EXPECT_FALSE(broadcastShapes({2, 3}, {4}));
}

TEST(KernelsTest, WindowOutputSize) {
  EXPECT_EQ(windowOutputSize(32, 3, 1, 1, 1, 1), 32);
  EXPECT_EQ(windowOutputSize(32, 3, 2, 1, 1, 1), 16);
  EXPECT_EQ(windowOutputSize(7, 3, 1, 0, 0, 2), 3);
  EXPECT_EQ(windowOutputSize(2, 3, 1, 0, 0, 1), -1);
  EXPECT_EQ(windowOutputSize(4, 1, 0, 0, 0, 1), -1);
}

TEST(KernelsTest, Conv2dSingleChannel) {
  // 1x3x3x1 input 0..8, 2x2 kernel of ones, no padding: window sums.
  Tensor x = iota({1, 3, 3, 1});
  Tensor w = make({1, 2, 2, 1}, {1, 1, 1, 1});
  Tensor b = make({1}, {0.5f});
  Tensor y = conv2d(x, w, b, Window2D());
  EXPECT_EQ(y.shape, (std::vector<int64_t>{1, 2, 2, 1}));
  EXPECT_EQ(y.data, (std::vector<float>{8.5f, 12.5f, 20.5f, 24.5f}));
}

TEST(KernelsTest, Conv2dPaddingStrideChannels) {
  // Two input and two output channels, pad 1, stride 2.
  Tensor x = iota({1, 3, 3, 2});
  // Output channel 0 picks input channel 0 at the kernel centre; channel 1
  // sums channel 1 over the whole 3x3 window.
  Tensor w = make({2, 3, 3, 2}, std::vector<float>(36, 0.0f));
  w.data[(0 * 9 + 4) * 2 + 0] = 1.0f;
  for (int i = 0; i < 9; ++i)
    w.data[(1 * 9 + i) * 2 + 1] = 1.0f;
  Window2D win;
  win.strideH = win.strideW = 2;
  win.padTop = win.padBottom = win.padLeft = win.padRight = 1;
  Tensor y = conv2d(x, w, make({2}, {0, 100}), win);
  ASSERT_EQ(y.shape, (std::vector<int64_t>{1, 2, 2, 2}));
  // Channel 1 of x is 1,3,5,...,17 laid out 3x3.
  // Pixel (0,0): centre x[0][0][0] = 0; window rows 0..1, cols 0..1 of
  // channel 1: 1+3+7+9 = 20.
  EXPECT_FLOAT_EQ(y.data[0], 0.0f);
  EXPECT_FLOAT_EQ(y.data[1], 120.0f);
  // Pixel (1,1): centre x[2][2][0] = 16; rows 1..2, cols 1..2: 9+11+15+17.
  EXPECT_FLOAT_EQ(y.data[6], 16.0f);
  EXPECT_FLOAT_EQ(y.data[7], 152.0f);
}

TEST(KernelsTest, Conv2dDilation) {
  Tensor x = iota({1, 5, 5, 1});
  Tensor w = make({1, 2, 2, 1}, {1, 1, 1, 1});
  Window2D win;
  win.dilationH = win.dilationW = 2;
  Tensor y = conv2d(x, w, Tensor(), win);
  ASSERT_EQ(y.shape, (std::vector<int64_t>{1, 3, 3, 1}));
  // Pixel (0,0): x[0][0] + x[0][2] + x[2][0] + x[2][2] = 0+2+10+12.
  EXPECT_FLOAT_EQ(y.data[0], 24.0f);
  EXPECT_FLOAT_EQ(y.data[8], 24.0f + 4 * 12.0f);
}

TEST(KernelsTest, MatmulBatchBroadcast) {
  Tensor a = iota({2, 2, 3});
  Tensor b = make({1, 3, 2}, {1, 0, 0, 1, 1, 1});
  Tensor y = matmul(a, b);
  ASSERT_EQ(y.shape, (std::vector<int64_t>{2, 2, 2}));
  EXPECT_EQ(y.data, (std::vector<float>{2, 3, 8, 9, 14, 15, 20, 21}));
}

TEST(KernelsTest, MatmulIsDeterministicAndAccurate) {
  // Repeating (1e8, 1, -1e8): a float accumulator loses every 1, a double
  // one keeps them.
  const int k = 999;
  Tensor a = make({1, 1, k}, std::vector<float>(k, 1.0f));
  Tensor b;
  b.shape = {1, k, 1};
  for (int i = 0; i < k; ++i)
    b.data.push_back(i % 3 == 0 ? 1.0e8f : (i % 3 == 1 ? 1.0f : -1.0e8f));
  Tensor y1 = matmul(a, b), y2 = matmul(a, b);
  EXPECT_EQ(y1.data, y2.data);
  EXPECT_FLOAT_EQ(y1.data[0], 333.0f);
}

TEST(KernelsTest, MaxPoolPaddingNeverWins) {
  Tensor x = make({1, 2, 2, 1}, {-4, -3, -2, -1});
  Window2D win;
  win.kH = win.kW = 2;
  win.padTop = win.padLeft = win.padBottom = win.padRight = 1;
  win.strideH = win.strideW = 2;
  Tensor y = maxPool2d(x, win);
  ASSERT_EQ(y.shape, (std::vector<int64_t>{1, 2, 2, 1}));
  EXPECT_EQ(y.data, (std::vector<float>{-4, -3, -2, -1}));
}

TEST(KernelsTest, MaxPoolStride) {
  Tensor x = iota({1, 4, 4, 2});
  Window2D win;
  win.kH = win.kW = 2;
  win.strideH = win.strideW = 2;
  Tensor y = maxPool2d(x, win);
  ASSERT_EQ(y.shape, (std::vector<int64_t>{1, 2, 2, 2}));
  EXPECT_EQ(y.data, (std::vector<float>{10, 11, 14, 15, 26, 27, 30, 31}));
}

TEST(KernelsTest, AvgPoolCountIncludePad) {
  Tensor x = make({1, 2, 2, 1}, {1, 2, 3, 4});
  Window2D win;
  win.kH = win.kW = 2;
  win.padTop = win.padLeft = 1;
  Tensor excl = avgPool2d(x, win, /*countIncludePad=*/false);
  Tensor incl = avgPool2d(x, win, /*countIncludePad=*/true);
  ASSERT_EQ(excl.shape, (std::vector<int64_t>{1, 2, 2, 1}));
  EXPECT_EQ(excl.data, (std::vector<float>{1, 1.5f, 2, 2.5f}));
  EXPECT_EQ(incl.data, (std::vector<float>{0.25f, 0.75f, 1, 2.5f}));
}

TEST(KernelsTest, BroadcastingBinaryOps) {
  Tensor a = iota({2, 3});
  Tensor row = make({3}, {10, 20, 30});
  Tensor col = make({2, 1}, {1, 2});
  EXPECT_EQ(add(a, row).data, (std::vector<float>{10, 21, 32, 13, 24, 35}));
  EXPECT_EQ(sub(a, col).data, (std::vector<float>{-1, 0, 1, 1, 2, 3}));
  EXPECT_EQ(mul(col, row).data, (std::vector<float>{10, 20, 30, 20, 40, 60}));
  Tensor s = mul(make({}, {2}), a);
  EXPECT_EQ(s.shape, (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(s.data, (std::vector<float>{0, 2, 4, 6, 8, 10}));
  // Both operands broadcast: [2,1,3] + [4,1] -> [2,4,3].
  Tensor t = add(iota({2, 1, 3}), make({4, 1}, {0, 100, 200, 300}));
  ASSERT_EQ(t.shape, (std::vector<int64_t>{2, 4, 3}));
  EXPECT_FLOAT_EQ(t.data[0], 0.0f);
  EXPECT_FLOAT_EQ(t.data[4], 101.0f);
  EXPECT_FLOAT_EQ(t.data[23], 305.0f);
}

TEST(KernelsTest, ClampAndRelu) {
  Tensor x = make({4}, {-2, -0.5f, 0.5f, 8});
  EXPECT_EQ(clamp(x, -1, 6).data, (std::vector<float>{-1, -0.5f, 0.5f, 6}));
  EXPECT_EQ(relu(x).data, (std::vector<float>{0, 0, 0.5f, 8}));
  Tensor n = make({1}, {std::numeric_limits<float>::quiet_NaN()});
  EXPECT_TRUE(std::isnan(relu(n).data[0]));
}

TEST(KernelsTest, Transpose) {
  Tensor x = iota({2, 3, 4});
  Tensor y = transpose(x, {2, 0, 1});
  ASSERT_EQ(y.shape, (std::vector<int64_t>{4, 2, 3}));
  // y[k][i][j] = x[i][j][k] = 12i + 4j + k.
  for (int k = 0; k < 4; ++k)
    for (int i = 0; i < 2; ++i)
      for (int j = 0; j < 3; ++j)
        EXPECT_EQ(y.data[(k * 2 + i) * 3 + j], 12 * i + 4 * j + k);
  // NCHW -> NHWC -> NCHW is the identity.
  Tensor z = iota({1, 3, 2, 2});
  EXPECT_EQ(transpose(transpose(z, {0, 2, 3, 1}), {0, 3, 1, 2}).data, z.data);
}

TEST(KernelsTest, Reshape) {
  Tensor x = iota({2, 3, 4});
  Tensor y = reshape(x, {6, -1});
  EXPECT_EQ(y.shape, (std::vector<int64_t>{6, 4}));
  EXPECT_EQ(y.data, x.data);
  EXPECT_EQ(reshape(x, {24}).shape, (std::vector<int64_t>{24}));
}

TEST(KernelsTest, Slice) {
  Tensor x = iota({3, 4});
  Tensor y = slice(x, {1, 1}, {2, 2});
  ASSERT_EQ(y.shape, (std::vector<int64_t>{2, 2}));
  EXPECT_EQ(y.data, (std::vector<float>{5, 6, 9, 10}));
  EXPECT_EQ(slice(x, {0, 0}, {3, 4}).data, x.data);
}

TEST(KernelsTest, Pad) {
  Tensor x = make({1, 2}, {1, 2});
  Tensor y = pad(x, {1, 0}, {0, 2}, -1.0f);
  ASSERT_EQ(y.shape, (std::vector<int64_t>{2, 4}));
  EXPECT_EQ(y.data, (std::vector<float>{-1, -1, -1, -1, 1, 2, -1, -1}));
}

} // namespace
