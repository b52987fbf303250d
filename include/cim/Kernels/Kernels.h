//===- Kernels.h - Float kernels of the digital unit ------------*- C++ -*-===//
//
// The digital operations of the accelerator, in float32, on row-major
// tensors. The float reference executor (TOSA level) and the bit-accurate
// simulator (.cimb) both call these, so that the only difference between the
// two is what happens inside the crossbars.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_KERNELS_KERNELS_H
#define CIM_KERNELS_KERNELS_H

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

namespace cim::kernels {

struct Tensor {
  std::vector<int64_t> shape;
  std::vector<float> data;
  int64_t numel() const;
};

/// Window geometry of a 2-D conv or pool on NHWC tensors.
struct Window2D {
  int64_t kH = 1, kW = 1;
  int64_t strideH = 1, strideW = 1;
  int64_t padTop = 0, padBottom = 0, padLeft = 0, padRight = 0;
  int64_t dilationH = 1, dilationW = 1;
};

/// Product of the dimensions (1 for a scalar shape).
int64_t numElements(const std::vector<int64_t> &shape);

/// NumPy broadcast of two shapes, or nullopt if they are incompatible.
std::optional<std::vector<int64_t>>
broadcastShapes(const std::vector<int64_t> &a, const std::vector<int64_t> &b);

/// Output extent of one spatial dimension of a window operation:
/// (in + padA + padB - dilation * (k - 1) - 1) / stride + 1, or -1 when the
/// geometry is invalid (non-positive stride or dilation, window larger than
/// the padded input, negative padding).
int64_t windowOutputSize(int64_t in, int64_t k, int64_t stride, int64_t padA,
                         int64_t padB, int64_t dilation);

// The kernels below take their shapes as preconditions (checked with
// assertions): callers validate user-provided shapes first, with the helpers
// above.

/// input NHWC, weight OHWI, bias [O], [1] or empty -> NHWC. The kernel
/// extent comes from the weight (window.kH/kW are not read). Accumulates in
/// double, in a fixed order (kh, kw, ic, then bias), so results are
/// deterministic.
Tensor conv2d(const Tensor &input, const Tensor &weight, const Tensor &bias,
              const Window2D &window);
/// a [B or 1,N,K] x b [B or 1,K,M] -> [B,N,M], double accumulation in
/// increasing k.
Tensor matmul(const Tensor &a, const Tensor &b);
/// How maximum / minimum style operations treat NaN (TOSA's nan_mode):
/// Propagate returns NaN as soon as one operand is NaN; Ignore returns the
/// other operand (NaN only when every operand is NaN).
enum class NanMode { Propagate, Ignore };

/// NHWC; padding never wins the max. Honours window dilation.
Tensor maxPool2d(const Tensor &input, const Window2D &window,
                 NanMode nanMode = NanMode::Propagate);
/// NHWC; divides by the window cells inside the input unless
/// countIncludePad.
Tensor avgPool2d(const Tensor &input, const Window2D &window,
                 bool countIncludePad);
/// Window geometry of a 3-D convolution on NDHWC tensors.
struct Window3D {
  int64_t strideD = 1, strideH = 1, strideW = 1;
  int64_t padFront = 0, padBack = 0, padTop = 0, padBottom = 0, padLeft = 0,
          padRight = 0;
  int64_t dilationD = 1, dilationH = 1, dilationW = 1;
};

/// input NHWC [N,H,W,C], weight [KH,KW,C,M], bias [C*M], [1] or empty ->
/// [N,OH,OW,C*M]; output channel c*M+m convolves input channel c with
/// weight[.,.,c,m]. Same accumulation order as conv2d.
Tensor depthwiseConv2d(const Tensor &input, const Tensor &weight,
                       const Tensor &bias, const Window2D &window);
/// TOSA transpose_conv2d: input NHWC, weight [OC,KH,KW,IC], outPad
/// {top, bottom, left, right} (may be negative: crops), stride {y, x}.
/// Output extent (I - 1) * stride + padA + padB + K. Each output cell sums,
/// in order (kh, kw, ic), the input cells that scatter into it, then bias.
Tensor transposeConv2d(const Tensor &input, const Tensor &weight,
                       const Tensor &bias, const std::array<int64_t, 4> &outPad,
                       const std::array<int64_t, 2> &stride);
/// input NDHWC, weight [OC,KD,KH,KW,IC] -> NDHWC; order (kd, kh, kw, ic),
/// then bias.
Tensor conv3d(const Tensor &input, const Tensor &weight, const Tensor &bias,
              const Window3D &window);

// Elementwise operations. Binary ones broadcast like NumPy (TOSA's
// equal-rank broadcasting is the special case of equal ranks). Booleans are
// 0 / 1 and any non-zero value counts as true. Transcendental functions are
// evaluated in double and rounded once to float.
Tensor add(const Tensor &a, const Tensor &b);
Tensor sub(const Tensor &a, const Tensor &b);
Tensor mul(const Tensor &a, const Tensor &b);
/// Float division (IEEE: x/0 is +-inf, 0/0 NaN).
Tensor div(const Tensor &a, const Tensor &b);
/// Integer division truncating toward zero; b holds no zero (precondition).
Tensor intDiv(const Tensor &a, const Tensor &b);
/// Integer product with TOSA's rounding right shift:
/// (a * b + 2^(shift-1)) >> shift, computed in 64 bits; shift 0 is a * b.
Tensor mulShift(const Tensor &a, const Tensor &b, int shift);
Tensor pow(const Tensor &a, const Tensor &b);
Tensor maximum(const Tensor &a, const Tensor &b,
               NanMode nanMode = NanMode::Propagate);
Tensor minimum(const Tensor &a, const Tensor &b,
               NanMode nanMode = NanMode::Propagate);
/// Comparisons give 1 / 0; every comparison with NaN is false.
Tensor equal(const Tensor &a, const Tensor &b);
Tensor greater(const Tensor &a, const Tensor &b);
Tensor greaterEqual(const Tensor &a, const Tensor &b);
Tensor logicalAnd(const Tensor &a, const Tensor &b);
Tensor logicalOr(const Tensor &a, const Tensor &b);
Tensor logicalXor(const Tensor &a, const Tensor &b);
/// cond ? onTrue : onFalse, the three operands broadcast together.
Tensor select(const Tensor &cond, const Tensor &onTrue, const Tensor &onFalse);

Tensor abs(const Tensor &input);
Tensor ceil(const Tensor &input);
Tensor floor(const Tensor &input);
Tensor cos(const Tensor &input);
Tensor sin(const Tensor &input);
Tensor erf(const Tensor &input);
Tensor exp(const Tensor &input);
Tensor log(const Tensor &input);
Tensor negate(const Tensor &input);
Tensor reciprocal(const Tensor &input);
Tensor rsqrt(const Tensor &input);
Tensor sigmoid(const Tensor &input);
Tensor tanh(const Tensor &input);
Tensor logicalNot(const Tensor &input);

/// min(max(x, lo), hi) under nanMode: Propagate keeps NaN, Ignore maps it
/// to lo.
Tensor clamp(const Tensor &input, float lo, float hi,
             NanMode nanMode = NanMode::Propagate);
Tensor relu(const Tensor &input);

// Reductions along one axis; the axis is kept with extent 1. Sums and
// products accumulate in double in increasing index order.
Tensor reduceSum(const Tensor &input, int64_t axis);
Tensor reduceProduct(const Tensor &input, int64_t axis);
Tensor reduceMax(const Tensor &input, int64_t axis,
                 NanMode nanMode = NanMode::Propagate);
Tensor reduceMin(const Tensor &input, int64_t axis,
                 NanMode nanMode = NanMode::Propagate);
Tensor reduceAll(const Tensor &input, int64_t axis);
Tensor reduceAny(const Tensor &input, int64_t axis);
/// Index of the first maximum along `axis`, which is removed from the
/// shape. Propagate: the first NaN wins; Ignore: NaNs are skipped (index 0
/// when every value is NaN).
Tensor argMax(const Tensor &input, int64_t axis,
              NanMode nanMode = NanMode::Propagate);
/// out.shape[i] = input.shape[perm[i]].
Tensor transpose(const Tensor &input, const std::vector<int64_t> &perm);
/// Same elements, new shape; one dimension may be -1 (inferred).
Tensor reshape(const Tensor &input, const std::vector<int64_t> &shape);
/// The block of `size[d]` elements from `start[d]` in every dimension.
Tensor slice(const Tensor &input, const std::vector<int64_t> &start,
             const std::vector<int64_t> &size);
/// Adds before[d] / after[d] cells of `value` around dimension d.
Tensor pad(const Tensor &input, const std::vector<int64_t> &before,
           const std::vector<int64_t> &after, float value);
/// Joins tensors of equal rank along `axis`; the other extents match.
Tensor concat(const std::vector<const Tensor *> &inputs, int64_t axis);
/// Repeats the input multiples[d] times along dimension d.
Tensor tile(const Tensor &input, const std::vector<int64_t> &multiples);
/// Reverses the order of the elements along `axis`.
Tensor reverse(const Tensor &input, int64_t axis);
/// values [N,K,C], indices [N,W] (each in [0, K)) -> [N,W,C].
Tensor gather(const Tensor &values, const Tensor &indices);
/// valuesIn [N,K,C] with rows indices[n][w] (each in [0, K)) replaced by
/// input[n][w] ([N,W,C]), in increasing w.
Tensor scatter(const Tensor &valuesIn, const Tensor &indices,
               const Tensor &input);

/// Parameters of TOSA resize: scale {y_n, y_d, x_n, x_d}, offset {y, x},
/// border {y, x}.
struct ResizeParams {
  std::array<int64_t, 4> scale = {1, 1, 1, 1};
  std::array<int64_t, 2> offset = {0, 0};
  std::array<int64_t, 2> border = {0, 0};
  bool bilinear = false;
};
/// TOSA's output extent (in - 1) * n - offset + border) / d + 1, or -1 when
/// the division is not exact or the parameters are invalid.
int64_t resizeOutputSize(int64_t in, int64_t scaleN, int64_t scaleD,
                         int64_t offset, int64_t border);
/// NHWC resize as TOSA defines it for floating point: the sample position
/// of output (oy, ox) is ((oy * y_d + offset_y) / y_n, ...); nearest picks
/// the upper neighbour from a fraction of 0.5 on, bilinear weights the four
/// neighbours; neighbours are clamped to the input.
Tensor resize(const Tensor &input, const ResizeParams &params);

/// Element types a tensor's float values may stand for.
enum class ElementType { F32, F16, BF16, Bool, I8, I16, I32, I64 };
/// Rounds a float to the nearest float16 / bfloat16 value (ties to even,
/// overflow to infinity, NaN stays NaN), returned as float.
float roundToF16(float v);
float roundToBF16(float v);
/// TOSA cast. Floating point to integer rounds to nearest, ties to even,
/// and saturates (NaN becomes 0); integer to narrower integer keeps the low
/// bits; to bool is "!= 0"; to f16 / bf16 rounds to nearest even.
Tensor cast(const Tensor &input, ElementType from, ElementType to);

} // namespace cim::kernels

#endif // CIM_KERNELS_KERNELS_H
