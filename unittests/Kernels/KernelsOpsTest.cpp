//===- KernelsOpsTest.cpp - Unit tests of the TOSA-level float kernels ----===//
//
// Elementwise, reduction, data-layout, convolution, resize and cast kernels
// against hand-computed results, with the edge cases TOSA defines: NaN
// modes, broadcasting of size-1 dimensions, negative transposed-conv
// padding, rounding ties and saturation.
//
//===----------------------------------------------------------------------===//

#include "cim/Kernels/Kernels.h"

#include "gtest/gtest.h"

#include <cmath>
#include <limits>

using namespace cim::kernels;

namespace {

const float kNaN = std::numeric_limits<float>::quiet_NaN();
const float kInf = std::numeric_limits<float>::infinity();

Tensor make(std::vector<int64_t> shape, std::vector<float> data) {
  Tensor t;
  t.shape = std::move(shape);
  t.data = std::move(data);
  return t;
}

Tensor iota(std::vector<int64_t> shape, float start = 0.0f) {
  Tensor t;
  t.shape = std::move(shape);
  t.data.resize(t.numel());
  for (size_t i = 0; i < t.data.size(); ++i)
    t.data[i] = start + static_cast<float>(i);
  return t;
}

using Shape = std::vector<int64_t>;
using Data = std::vector<float>;

TEST(KernelsOpsTest, UnaryFunctions) {
  Tensor x = make({4}, {-1.5f, -0.0f, 0.5f, 2.0f});
  EXPECT_EQ(abs(x).data, (Data{1.5f, 0.0f, 0.5f, 2.0f}));
  EXPECT_EQ(ceil(x).data, (Data{-1.0f, -0.0f, 1.0f, 2.0f}));
  EXPECT_EQ(floor(x).data, (Data{-2.0f, -0.0f, 0.0f, 2.0f}));
  EXPECT_EQ(negate(x).data, (Data{1.5f, 0.0f, -0.5f, -2.0f}));
  Tensor r = reciprocal(x);
  EXPECT_EQ(r.data[1], -kInf);
  EXPECT_EQ(r.data[3], 0.5f);
  EXPECT_FLOAT_EQ(exp(x).data[3], std::exp(2.0f));
  EXPECT_FLOAT_EQ(log(make({1}, {std::exp(1.0f)})).data[0], 1.0f);
  EXPECT_TRUE(std::isnan(log(make({1}, {-1.0f})).data[0]));
  EXPECT_FLOAT_EQ(rsqrt(make({1}, {4.0f})).data[0], 0.5f);
  EXPECT_EQ(rsqrt(make({1}, {0.0f})).data[0], kInf);
  EXPECT_FLOAT_EQ(sigmoid(make({1}, {0.0f})).data[0], 0.5f);
  EXPECT_EQ(sigmoid(make({2}, {-kInf, kInf})).data, (Data{0.0f, 1.0f}));
  EXPECT_EQ(tanh(make({2}, {-kInf, kInf})).data, (Data{-1.0f, 1.0f}));
  EXPECT_FLOAT_EQ(erf(make({1}, {1.0f})).data[0], 0.84270079f);
  EXPECT_FLOAT_EQ(sin(make({1}, {0.5f})).data[0], std::sin(0.5f));
  EXPECT_FLOAT_EQ(cos(make({1}, {0.5f})).data[0], std::cos(0.5f));
  EXPECT_EQ(logicalNot(make({3}, {0, 1, 2})).data, (Data{1, 0, 0}));
  // NaN goes through every function.
  Tensor n = make({1}, {kNaN});
  for (Tensor (*fn)(const Tensor &) :
       {abs, ceil, floor, negate, exp, log, sigmoid, tanh, erf, rsqrt})
    EXPECT_TRUE(std::isnan(fn(n).data[0]));
}

TEST(KernelsOpsTest, BinaryBroadcastingEqualRanks) {
  // TOSA broadcasts size-1 dimensions of equal-rank operands: [2,1] op [1,3].
  Tensor a = make({2, 1}, {1, 4});
  Tensor b = make({1, 3}, {1, 2, 0});
  Tensor p = pow(a, b);
  ASSERT_EQ(p.shape, (Shape{2, 3}));
  EXPECT_EQ(p.data, (Data{1, 1, 1, 4, 16, 1}));
  EXPECT_EQ(div(a, b).data, (Data{1, 0.5f, kInf, 4, 2, kInf}));
  EXPECT_EQ(greater(a, b).data, (Data{0, 0, 1, 1, 1, 1}));
  EXPECT_EQ(greaterEqual(a, b).data, (Data{1, 0, 1, 1, 1, 1}));
  EXPECT_EQ(equal(a, b).data, (Data{1, 0, 0, 0, 0, 0}));
  // Dimensions of size 1 on both sides stay 1.
  EXPECT_EQ(add(make({1, 1}, {2}), make({1, 1}, {3})).shape, (Shape{1, 1}));
}

TEST(KernelsOpsTest, ComparisonsWithNaNAreFalse) {
  Tensor n = make({1}, {kNaN});
  Tensor one = make({1}, {1});
  EXPECT_EQ(equal(n, n).data, (Data{0}));
  EXPECT_EQ(greater(n, one).data, (Data{0}));
  EXPECT_EQ(greaterEqual(one, n).data, (Data{0}));
}

TEST(KernelsOpsTest, MaximumMinimumNanModes) {
  Tensor a = make({4}, {1, kNaN, kNaN, -0.5f});
  Tensor b = make({4}, {2, 3, kNaN, -1});
  Tensor mp = maximum(a, b);
  EXPECT_EQ(mp.data[0], 2);
  EXPECT_TRUE(std::isnan(mp.data[1]));
  EXPECT_TRUE(std::isnan(mp.data[2]));
  EXPECT_EQ(mp.data[3], -0.5f);
  Tensor mi = maximum(a, b, NanMode::Ignore);
  EXPECT_EQ(mi.data[1], 3);
  EXPECT_TRUE(std::isnan(mi.data[2]));
  Tensor ni = minimum(a, b, NanMode::Ignore);
  EXPECT_EQ(ni.data[0], 1);
  EXPECT_EQ(ni.data[1], 3);
  EXPECT_EQ(ni.data[3], -1);
  EXPECT_TRUE(std::isnan(minimum(a, b).data[1]));
}

TEST(KernelsOpsTest, ClampNanModes) {
  Tensor x = make({3}, {kNaN, -5, 5});
  Tensor p = clamp(x, -1, 1);
  EXPECT_TRUE(std::isnan(p.data[0]));
  EXPECT_EQ(p.data[1], -1);
  EXPECT_EQ(p.data[2], 1);
  EXPECT_EQ(clamp(x, -1, 1, NanMode::Ignore).data, (Data{-1, -1, 1}));
}

TEST(KernelsOpsTest, IntegerDivisionAndShift) {
  Tensor a = make({4}, {7, -7, 7, -7});
  Tensor b = make({4}, {2, 2, -2, -2});
  // Truncation toward zero.
  EXPECT_EQ(intDiv(a, b).data, (Data{3, -3, -3, 3}));
  // (a * b + 2^(s-1)) >> s: 7*3 = 21 -> (21 + 2) >> 2 = 5; -21 -> -5.
  EXPECT_EQ(mulShift(make({2}, {7, -7}), make({1}, {3}), 2).data,
            (Data{5, -5}));
  EXPECT_EQ(mulShift(make({1}, {7}), make({1}, {3}), 0).data, (Data{21}));
}

TEST(KernelsOpsTest, LogicalOpsAndSelect) {
  Tensor a = make({4}, {0, 0, 1, 1});
  Tensor b = make({4}, {0, 1, 0, 2});
  EXPECT_EQ(logicalAnd(a, b).data, (Data{0, 0, 0, 1}));
  EXPECT_EQ(logicalOr(a, b).data, (Data{0, 1, 1, 1}));
  EXPECT_EQ(logicalXor(a, b).data, (Data{0, 1, 1, 0}));
  // All three operands broadcast: cond [2,1], onTrue [1,3], onFalse [].
  Tensor s =
      select(make({2, 1}, {1, 0}), make({1, 3}, {1, 2, 3}), make({}, {-1}));
  ASSERT_EQ(s.shape, (Shape{2, 3}));
  EXPECT_EQ(s.data, (Data{1, 2, 3, -1, -1, -1}));
}

TEST(KernelsOpsTest, Reductions) {
  Tensor x = iota({2, 3});
  Tensor s0 = reduceSum(x, 0);
  EXPECT_EQ(s0.shape, (Shape{1, 3}));
  EXPECT_EQ(s0.data, (Data{3, 5, 7}));
  EXPECT_EQ(reduceSum(x, 1).data, (Data{3, 12}));
  EXPECT_EQ(reduceProduct(x, 1).data, (Data{0, 60}));
  EXPECT_EQ(reduceMax(x, 0).data, (Data{3, 4, 5}));
  EXPECT_EQ(reduceMin(x, 1).data, (Data{0, 3}));
  Tensor b = make({2, 2}, {1, 0, 1, 1});
  EXPECT_EQ(reduceAll(b, 1).data, (Data{0, 1}));
  EXPECT_EQ(reduceAny(make({2, 2}, {0, 0, 0, 3}), 1).data, (Data{0, 1}));
  // A reduced dimension of extent 1 is the identity.
  EXPECT_EQ(reduceSum(make({1, 2}, {4, 5}), 0).data, (Data{4, 5}));
  // Sums accumulate in double: 2^24 + 1 + 1 is exact there.
  EXPECT_EQ(reduceSum(make({3}, {16777216.0f, 1, 1}), 0).data,
            (Data{16777218.0f}));
}

TEST(KernelsOpsTest, ReductionNanModes) {
  Tensor x = make({2, 2}, {1, kNaN, kNaN, kNaN});
  Tensor p = reduceMax(x, 1);
  EXPECT_TRUE(std::isnan(p.data[0]));
  Tensor i = reduceMax(x, 1, NanMode::Ignore);
  EXPECT_EQ(i.data[0], 1);
  EXPECT_TRUE(std::isnan(i.data[1]));
  EXPECT_EQ(reduceMin(x, 1, NanMode::Ignore).data[0], 1);
  EXPECT_TRUE(std::isnan(reduceSum(x, 1).data[0]));
}

TEST(KernelsOpsTest, ArgMax) {
  Tensor x = make({2, 4}, {1, 5, 5, 2, 3, kNaN, 9, kNaN});
  Tensor p = argMax(x, 1);
  EXPECT_EQ(p.shape, (Shape{2}));
  // Ties pick the first; under Propagate the first NaN wins.
  EXPECT_EQ(p.data, (Data{1, 1}));
  EXPECT_EQ(argMax(x, 1, NanMode::Ignore).data, (Data{1, 2}));
  EXPECT_EQ(argMax(make({2}, {kNaN, kNaN}), 0, NanMode::Ignore).data,
            (Data{0}));
  Tensor c = argMax(iota({2, 3}), 0);
  EXPECT_EQ(c.shape, (Shape{3}));
  EXPECT_EQ(c.data, (Data{1, 1, 1}));
  EXPECT_EQ(argMax(make({1}, {-kInf}), 0).data, (Data{0}));
}

TEST(KernelsOpsTest, ConcatTileReverse) {
  Tensor a = iota({2, 1}), b = iota({2, 2}, 10);
  Tensor c = concat({&a, &b}, 1);
  ASSERT_EQ(c.shape, (Shape{2, 3}));
  EXPECT_EQ(c.data, (Data{0, 10, 11, 1, 12, 13}));
  Tensor c0 = concat({&b, &b}, 0);
  EXPECT_EQ(c0.shape, (Shape{4, 2}));
  Tensor t = tile(make({1, 2}, {1, 2}), {2, 2});
  ASSERT_EQ(t.shape, (Shape{2, 4}));
  EXPECT_EQ(t.data, (Data{1, 2, 1, 2, 1, 2, 1, 2}));
  EXPECT_EQ(tile(b, {1, 1}).data, b.data);
  Tensor x = iota({2, 3});
  EXPECT_EQ(reverse(x, 0).data, (Data{3, 4, 5, 0, 1, 2}));
  EXPECT_EQ(reverse(x, 1).data, (Data{2, 1, 0, 5, 4, 3}));
  EXPECT_EQ(reverse(make({1}, {7}), 0).data, (Data{7}));
}

TEST(KernelsOpsTest, GatherScatter) {
  Tensor values = iota({2, 3, 2});
  Tensor idx = make({2, 2}, {2, 0, 1, 1});
  Tensor g = gather(values, idx);
  ASSERT_EQ(g.shape, (Shape{2, 2, 2}));
  EXPECT_EQ(g.data, (Data{4, 5, 0, 1, 8, 9, 8, 9}));
  Tensor s =
      scatter(values, make({2, 1}, {1, 0}), make({2, 1, 2}, {-1, -2, -3, -4}));
  EXPECT_EQ(s.data, (Data{0, 1, -1, -2, 4, 5, -3, -4, 8, 9, 10, 11}));
}

TEST(KernelsOpsTest, DepthwiseConv2d) {
  // Two channels, multiplier 2: output channel c*2+m uses weight[.,.,c,m].
  Tensor x = iota({1, 2, 2, 2});
  Tensor w = make({1, 1, 2, 2}, {1, 10, 100, 1000});
  Tensor y = depthwiseConv2d(x, w, make({4}, {0, 0, 0, 0.5f}), Window2D());
  ASSERT_EQ(y.shape, (Shape{1, 2, 2, 4}));
  EXPECT_EQ(y.data[0], 0);
  EXPECT_EQ(y.data[1], 0);
  EXPECT_EQ(y.data[2], 100);
  EXPECT_EQ(y.data[3], 1000.5f);
  // 2x2 window of ones with padding 1 on each side: 3x3 output.
  Tensor ones = make({2, 2, 1, 1}, {1, 1, 1, 1});
  Window2D win;
  win.padTop = win.padBottom = win.padLeft = win.padRight = 1;
  Tensor z = depthwiseConv2d(iota({1, 2, 2, 1}), ones, Tensor(), win);
  ASSERT_EQ(z.shape, (Shape{1, 3, 3, 1}));
  EXPECT_EQ(z.data, (Data{0, 1, 1, 2, 6, 4, 2, 5, 3}));
}

TEST(KernelsOpsTest, TransposeConv2d) {
  // 1x2x2x1 input, 2x2 kernel of ones, stride 2: each input cell becomes a
  // 2x2 block.
  Tensor x = make({1, 2, 2, 1}, {1, 2, 3, 4});
  Tensor w = make({1, 2, 2, 1}, {1, 1, 1, 1});
  Tensor y = transposeConv2d(x, w, make({1}, {0.5f}), {0, 0, 0, 0}, {2, 2});
  ASSERT_EQ(y.shape, (Shape{1, 4, 4, 1}));
  EXPECT_EQ(y.data, (Data{1.5f, 1.5f, 2.5f, 2.5f, 1.5f, 1.5f, 2.5f, 2.5f, 3.5f,
                          3.5f, 4.5f, 4.5f, 3.5f, 3.5f, 4.5f, 4.5f}));
  // Stride 1 overlaps the blocks; negative out_pad crops the first row and
  // column, positive out_pad adds a zero (bias-only) border.
  Tensor o = transposeConv2d(x, w, Tensor(), {-1, 0, 0, 1}, {1, 1});
  ASSERT_EQ(o.shape, (Shape{1, 2, 4, 1}));
  EXPECT_EQ(o.data, (Data{4, 10, 6, 0, 3, 7, 4, 0}));
}

TEST(KernelsOpsTest, Conv3d) {
  // A 2x2x2 kernel of ones over a 2x2x2 volume: the sum, plus bias.
  Tensor x = iota({1, 2, 2, 2, 1});
  Tensor w = make({1, 2, 2, 2, 1}, Data(8, 1.0f));
  Tensor y = conv3d(x, w, make({1}, {1}), Window3D());
  ASSERT_EQ(y.shape, (Shape{1, 1, 1, 1, 1}));
  EXPECT_EQ(y.data, (Data{29}));
  // Front padding and depth stride 2.
  Window3D win;
  win.padFront = 1;
  win.strideD = 2;
  Tensor z = conv3d(x, w, Tensor(), win);
  ASSERT_EQ(z.shape, (Shape{1, 1, 1, 1, 1}));
  EXPECT_EQ(z.data, (Data{6}));
}

TEST(KernelsOpsTest, MaxPoolNanModes) {
  Tensor x = make({1, 2, 2, 1}, {1, kNaN, 3, 2});
  Window2D win;
  win.kH = win.kW = 2;
  EXPECT_TRUE(std::isnan(maxPool2d(x, win).data[0]));
  EXPECT_EQ(maxPool2d(x, win, NanMode::Ignore).data, (Data{3}));
}

TEST(KernelsOpsTest, ResizeOutputSize) {
  EXPECT_EQ(resizeOutputSize(3, 2, 1, 0, 1), 6);
  // half_pixel 3 -> 6: scale 12/6, offset -3, border 3.
  EXPECT_EQ(resizeOutputSize(3, 12, 6, -3, 3), 6);
  EXPECT_EQ(resizeOutputSize(4, 3, 4, 0, -1), 3);
  // Not an exact division, or invalid scale.
  EXPECT_EQ(resizeOutputSize(3, 2, 3, 0, 0), -1);
  EXPECT_EQ(resizeOutputSize(3, 0, 1, 0, 0), -1);
  EXPECT_EQ(resizeOutputSize(1, 1, 1, 0, 0), 1);
}

TEST(KernelsOpsTest, ResizeNearestAndBilinear) {
  Tensor x = make({1, 1, 2, 1}, {0, 10});
  ResizeParams p;
  p.scale = {1, 1, 4, 1}; // width x4, positions ox / 4
  p.border = {0, 3};
  Tensor n = resize(x, p);
  ASSERT_EQ(n.shape, (Shape{1, 1, 8, 1}));
  // Fractions 0, .25, .5, .75 -> the upper neighbour from 0.5 on; the last
  // positions clamp to the edge.
  EXPECT_EQ(n.data, (Data{0, 0, 10, 10, 10, 10, 10, 10}));
  p.bilinear = true;
  Tensor b = resize(x, p);
  EXPECT_EQ(b.data, (Data{0, 2.5f, 5, 7.5f, 10, 10, 10, 10}));
  // A negative offset samples before the first cell: clamped.
  ResizeParams h;
  h.scale = {1, 1, 4, 2};
  h.offset = {0, -1};
  h.border = {0, 1};
  h.bilinear = true;
  Tensor hb = resize(x, h);
  ASSERT_EQ(hb.shape, (Shape{1, 1, 4, 1}));
  EXPECT_EQ(hb.data, (Data{0, 2.5f, 7.5f, 10}));
  // Dimension 1 input: every output copies it.
  ResizeParams one;
  one.scale = {2, 1, 2, 1};
  one.border = {1, 1};
  Tensor single = resize(make({1, 1, 1, 1}, {4}), one);
  ASSERT_EQ(single.shape, (Shape{1, 2, 2, 1}));
  EXPECT_EQ(single.data, (Data{4, 4, 4, 4}));
}

TEST(KernelsOpsTest, RoundToHalfFormats) {
  EXPECT_EQ(roundToF16(1.0f), 1.0f);
  // 1 + 2^-11 is halfway between 1 and 1 + 2^-10: ties to even.
  EXPECT_EQ(roundToF16(1.00048828125f), 1.0f);
  EXPECT_EQ(roundToF16(1.00146484375f), 1.001953125f);
  EXPECT_EQ(roundToF16(65519.0f), 65504.0f);
  EXPECT_EQ(roundToF16(65520.0f), kInf);
  EXPECT_EQ(roundToF16(-1e9f), -kInf);
  // Subnormal f16: multiples of 2^-24.
  EXPECT_EQ(roundToF16(std::ldexp(1.4f, -24)), std::ldexp(1.0f, -24));
  EXPECT_EQ(roundToF16(std::ldexp(0.4f, -24)), 0.0f);
  EXPECT_TRUE(std::isnan(roundToF16(kNaN)));
  EXPECT_EQ(roundToBF16(1.0f + std::ldexp(1.0f, -8)), 1.0f);
  EXPECT_EQ(roundToBF16(1.0f + 3 * std::ldexp(1.0f, -8)),
            1.0f + std::ldexp(1.0f, -6));
  EXPECT_EQ(roundToBF16(3.4e38f), kInf);
}

TEST(KernelsOpsTest, Cast) {
  Tensor x = make({8}, {-2.5f, -1.5f, -0.5f, 0.5f, 1.5f, 2.5f, 300, kNaN});
  // Round half to even, saturate, NaN -> 0.
  EXPECT_EQ(cast(x, ElementType::F32, ElementType::I8).data,
            (Data{-2, -2, -0.0f, 0, 2, 2, 127, 0}));
  EXPECT_EQ(cast(x, ElementType::F32, ElementType::I16).data[6], 300);
  // Integer narrowing keeps the low bits.
  EXPECT_EQ(
      cast(make({4}, {300, -129, 128, 255}), ElementType::I32, ElementType::I8)
          .data,
      (Data{44, 127, -128, -1}));
  EXPECT_EQ(
      cast(make({3}, {0, -3, kNaN}), ElementType::F32, ElementType::Bool).data,
      (Data{0, 1, 1}));
  EXPECT_EQ(cast(make({2}, {1, 0}), ElementType::Bool, ElementType::I32).data,
            (Data{1, 0}));
  EXPECT_EQ(cast(make({1}, {65520}), ElementType::F32, ElementType::F16).data,
            (Data{kInf}));
  EXPECT_EQ(cast(make({1}, {-7}), ElementType::I8, ElementType::F32).data,
            (Data{-7}));
}

} // namespace
