//===- Kernels.cpp - Float kernels of the digital unit --------------------===//
//
// Straightforward loop nests over row-major float32 tensors. Every reduction
// accumulates in double in one fixed order and the code is single-threaded,
// so the same inputs always give the same bits.
//
//===----------------------------------------------------------------------===//

#include "cim/Kernels/Kernels.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>

namespace cim::kernels {

int64_t numElements(const std::vector<int64_t> &shape) {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

int64_t Tensor::numel() const { return numElements(shape); }

std::optional<std::vector<int64_t>>
broadcastShapes(const std::vector<int64_t> &a, const std::vector<int64_t> &b) {
  size_t rank = std::max(a.size(), b.size());
  std::vector<int64_t> out(rank, 1);
  for (size_t i = 0; i < rank; ++i) {
    int64_t da = i < rank - a.size() ? 1 : a[i - (rank - a.size())];
    int64_t db = i < rank - b.size() ? 1 : b[i - (rank - b.size())];
    if (da == db || db == 1)
      out[i] = da;
    else if (da == 1)
      out[i] = db;
    else
      return std::nullopt;
  }
  return out;
}

int64_t windowOutputSize(int64_t in, int64_t k, int64_t stride, int64_t padA,
                         int64_t padB, int64_t dilation) {
  if (in < 0 || k < 1 || stride < 1 || dilation < 1 || padA < 0 || padB < 0)
    return -1;
  int64_t span = in + padA + padB - dilation * (k - 1) - 1;
  if (span < 0)
    return -1;
  return span / stride + 1;
}

Tensor conv2d(const Tensor &input, const Tensor &weight, const Tensor &bias,
              const Window2D &window) {
  assert(input.shape.size() == 4 && weight.shape.size() == 4 &&
         "conv2d expects NHWC input and OHWI weight");
  const int64_t n = input.shape[0], h = input.shape[1], w = input.shape[2],
                c = input.shape[3];
  const int64_t oc = weight.shape[0], kh = weight.shape[1],
                kw = weight.shape[2];
  assert(weight.shape[3] == c && "conv2d channel mismatch");
  assert((bias.numel() == oc || bias.numel() == 1 || bias.data.empty()) &&
         "conv2d bias must have one value per output channel");
  const int64_t oh = windowOutputSize(h, kh, window.strideH, window.padTop,
                                      window.padBottom, window.dilationH);
  const int64_t ow = windowOutputSize(w, kw, window.strideW, window.padLeft,
                                      window.padRight, window.dilationW);
  assert(oh >= 0 && ow >= 0 && "conv2d window does not fit");

  Tensor out;
  out.shape = {n, oh, ow, oc};
  out.data.assign(static_cast<size_t>(n * oh * ow * oc), 0.0f);
  const float *x = input.data.data();
  const float *wt = weight.data.data();
  float *y = out.data.data();
  for (int64_t b = 0; b < n; ++b)
    for (int64_t i = 0; i < oh; ++i)
      for (int64_t j = 0; j < ow; ++j)
        for (int64_t o = 0; o < oc; ++o) {
          double acc = 0.0;
          for (int64_t p = 0; p < kh; ++p) {
            int64_t yi =
                i * window.strideH - window.padTop + p * window.dilationH;
            if (yi < 0 || yi >= h)
              continue;
            for (int64_t q = 0; q < kw; ++q) {
              int64_t xj =
                  j * window.strideW - window.padLeft + q * window.dilationW;
              if (xj < 0 || xj >= w)
                continue;
              const float *xrow = x + ((b * h + yi) * w + xj) * c;
              const float *wrow = wt + ((o * kh + p) * kw + q) * c;
              for (int64_t ic = 0; ic < c; ++ic)
                acc += static_cast<double>(xrow[ic]) *
                       static_cast<double>(wrow[ic]);
            }
          }
          if (!bias.data.empty())
            acc += bias.data[bias.data.size() == 1 ? 0 : o];
          y[((b * oh + i) * ow + j) * oc + o] = static_cast<float>(acc);
        }
  return out;
}

Tensor matmul(const Tensor &a, const Tensor &b) {
  assert(a.shape.size() == 3 && b.shape.size() == 3 &&
         "matmul expects rank-3 operands");
  const int64_t ba = a.shape[0], n = a.shape[1], k = a.shape[2];
  const int64_t bb = b.shape[0], m = b.shape[2];
  assert(b.shape[1] == k && "matmul contraction mismatch");
  assert((ba == bb || ba == 1 || bb == 1) && "matmul batch mismatch");
  const int64_t batch = std::max(ba, bb);

  Tensor out;
  out.shape = {batch, n, m};
  out.data.assign(static_cast<size_t>(batch * n * m), 0.0f);
  for (int64_t s = 0; s < batch; ++s) {
    const float *pa = a.data.data() + (ba == 1 ? 0 : s) * n * k;
    const float *pb = b.data.data() + (bb == 1 ? 0 : s) * k * m;
    float *py = out.data.data() + s * n * m;
    for (int64_t i = 0; i < n; ++i)
      for (int64_t j = 0; j < m; ++j) {
        double acc = 0.0;
        for (int64_t t = 0; t < k; ++t)
          acc += static_cast<double>(pa[i * k + t]) *
                 static_cast<double>(pb[t * m + j]);
        py[i * m + j] = static_cast<float>(acc);
      }
  }
  return out;
}

namespace {

/// Shared loop nest of the two pools: calls `reduce(first, value)` for every
/// in-bounds cell of each window and `finish(inBounds)` for the result.
template <typename Init, typename Reduce, typename Finish>
Tensor pool2d(const Tensor &input, const Window2D &window, Init init,
              Reduce reduce, Finish finish) {
  assert(input.shape.size() == 4 && "pool expects an NHWC input");
  const int64_t n = input.shape[0], h = input.shape[1], w = input.shape[2],
                c = input.shape[3];
  const int64_t oh =
      windowOutputSize(h, window.kH, window.strideH, window.padTop,
                       window.padBottom, window.dilationH);
  const int64_t ow =
      windowOutputSize(w, window.kW, window.strideW, window.padLeft,
                       window.padRight, window.dilationW);
  assert(oh >= 0 && ow >= 0 && "pool window does not fit");

  Tensor out;
  out.shape = {n, oh, ow, c};
  out.data.assign(static_cast<size_t>(n * oh * ow * c), 0.0f);
  const float *x = input.data.data();
  float *y = out.data.data();
  for (int64_t b = 0; b < n; ++b)
    for (int64_t i = 0; i < oh; ++i)
      for (int64_t j = 0; j < ow; ++j)
        for (int64_t ch = 0; ch < c; ++ch) {
          double acc = init();
          int64_t inBounds = 0;
          for (int64_t p = 0; p < window.kH; ++p) {
            int64_t yi =
                i * window.strideH - window.padTop + p * window.dilationH;
            if (yi < 0 || yi >= h)
              continue;
            for (int64_t q = 0; q < window.kW; ++q) {
              int64_t xj =
                  j * window.strideW - window.padLeft + q * window.dilationW;
              if (xj < 0 || xj >= w)
                continue;
              acc = reduce(acc, static_cast<double>(
                                    x[((b * h + yi) * w + xj) * c + ch]));
              ++inBounds;
            }
          }
          y[((b * oh + i) * ow + j) * c + ch] =
              static_cast<float>(finish(acc, inBounds));
        }
  return out;
}

/// Strides of an operand of shape `s` in the index space of a broadcast
/// result of rank `rank` (0 on broadcast dimensions).
std::vector<int64_t> broadcastStrides(const std::vector<int64_t> &s,
                                      size_t rank) {
  std::vector<int64_t> strides(rank, 0);
  int64_t stride = 1;
  for (size_t i = 0; i < s.size(); ++i) {
    size_t d = s.size() - 1 - i;
    size_t od = rank - 1 - i;
    strides[od] = s[d] == 1 ? 0 : stride;
    stride *= s[d];
  }
  return strides;
}

/// Elementwise operation over N operands with NumPy broadcasting: `fn`
/// receives one float per operand.
template <size_t N, typename Fn>
Tensor broadcastNary(const std::array<const Tensor *, N> &operands, Fn fn) {
  std::optional<std::vector<int64_t>> shape = operands[0]->shape;
  for (size_t k = 1; k < N && shape; ++k)
    shape = broadcastShapes(*shape, operands[k]->shape);
  assert(shape && "operands do not broadcast");
  Tensor out;
  out.shape = *shape;
  const size_t rank = out.shape.size();
  const int64_t total = numElements(out.shape);
  out.data.assign(static_cast<size_t>(total), 0.0f);

  std::array<std::vector<int64_t>, N> strides;
  for (size_t k = 0; k < N; ++k)
    strides[k] = broadcastStrides(operands[k]->shape, rank);
  std::vector<int64_t> index(rank, 0);
  std::array<int64_t, N> offset{};
  std::array<float, N> args{};
  for (int64_t e = 0; e < total; ++e) {
    for (size_t k = 0; k < N; ++k)
      args[k] = operands[k]->data[offset[k]];
    out.data[e] = fn(args);
    // Advance the multi-index like an odometer, keeping operand offsets.
    for (size_t d = rank; d-- > 0;) {
      if (++index[d] < out.shape[d]) {
        for (size_t k = 0; k < N; ++k)
          offset[k] += strides[k][d];
        break;
      }
      for (size_t k = 0; k < N; ++k)
        offset[k] -= strides[k][d] * (out.shape[d] - 1);
      index[d] = 0;
    }
  }
  return out;
}

/// Elementwise binary operation with NumPy broadcasting.
template <typename Fn>
Tensor broadcastBinary(const Tensor &a, const Tensor &b, Fn fn) {
  return broadcastNary<2>({&a, &b}, [&](const std::array<float, 2> &v) {
    return static_cast<float>(fn(v[0], v[1]));
  });
}

/// Elementwise unary operation.
template <typename Fn> Tensor mapUnary(const Tensor &input, Fn fn) {
  Tensor out;
  out.shape = input.shape;
  out.data.resize(input.data.size());
  for (size_t i = 0; i < input.data.size(); ++i)
    out.data[i] = static_cast<float>(fn(input.data[i]));
  return out;
}

/// A unary function evaluated in double and rounded once to float.
template <typename Fn> Tensor mapUnaryDouble(const Tensor &input, Fn fn) {
  return mapUnary(input, [&](float v) {
    return static_cast<float>(fn(static_cast<double>(v)));
  });
}

/// The larger of two values under `nanMode`.
float maxOf(float a, float b, NanMode nanMode) {
  if (std::isnan(a) || std::isnan(b)) {
    if (nanMode == NanMode::Propagate)
      return std::numeric_limits<float>::quiet_NaN();
    return std::isnan(a) ? b : a;
  }
  return a >= b ? a : b;
}

float minOf(float a, float b, NanMode nanMode) {
  if (std::isnan(a) || std::isnan(b)) {
    if (nanMode == NanMode::Propagate)
      return std::numeric_limits<float>::quiet_NaN();
    return std::isnan(a) ? b : a;
  }
  return a <= b ? a : b;
}

/// Sizes around `axis`: outer (before), extent, inner (after).
struct AxisSplit {
  int64_t outer = 1, extent = 1, inner = 1;
};

AxisSplit splitAt(const std::vector<int64_t> &shape, int64_t axis) {
  assert(axis >= 0 && axis < static_cast<int64_t>(shape.size()) &&
         "axis out of range");
  AxisSplit s;
  for (int64_t d = 0; d < axis; ++d)
    s.outer *= shape[d];
  s.extent = shape[axis];
  for (size_t d = axis + 1; d < shape.size(); ++d)
    s.inner *= shape[d];
  return s;
}

/// Folds every line along `axis` with `step(acc, value)` from `init`,
/// keeping the axis with extent 1.
template <typename Step>
Tensor reduceAxis(const Tensor &input, int64_t axis, double init, Step step) {
  AxisSplit s = splitAt(input.shape, axis);
  Tensor out;
  out.shape = input.shape;
  out.shape[axis] = 1;
  out.data.assign(static_cast<size_t>(s.outer * s.inner), 0.0f);
  for (int64_t o = 0; o < s.outer; ++o)
    for (int64_t i = 0; i < s.inner; ++i) {
      double acc = init;
      for (int64_t k = 0; k < s.extent; ++k)
        acc = step(acc, input.data[(o * s.extent + k) * s.inner + i]);
      out.data[o * s.inner + i] = static_cast<float>(acc);
    }
  return out;
}

} // namespace

Tensor maxPool2d(const Tensor &input, const Window2D &window, NanMode nanMode) {
  // The window starts from NaN under Ignore so that an all-NaN window stays
  // NaN; padding cells are never visited.
  const double start = nanMode == NanMode::Ignore
                           ? std::numeric_limits<double>::quiet_NaN()
                           : -std::numeric_limits<double>::infinity();
  return pool2d(
      input, window, [&] { return start; },
      [&](double acc, double v) {
        return static_cast<double>(
            maxOf(static_cast<float>(acc), static_cast<float>(v), nanMode));
      },
      [](double acc, int64_t) { return acc; });
}

Tensor avgPool2d(const Tensor &input, const Window2D &window,
                 bool countIncludePad) {
  const double full = static_cast<double>(window.kH * window.kW);
  return pool2d(
      input, window, [] { return 0.0; },
      [](double acc, double v) { return acc + v; },
      [&](double acc, int64_t inBounds) {
        double count = countIncludePad ? full : static_cast<double>(inBounds);
        return count > 0 ? acc / count : 0.0;
      });
}

Tensor add(const Tensor &a, const Tensor &b) {
  return broadcastBinary(a, b, [](float x, float y) { return x + y; });
}

Tensor sub(const Tensor &a, const Tensor &b) {
  return broadcastBinary(a, b, [](float x, float y) { return x - y; });
}

Tensor mul(const Tensor &a, const Tensor &b) {
  return broadcastBinary(a, b, [](float x, float y) { return x * y; });
}

Tensor clamp(const Tensor &input, float lo, float hi, NanMode nanMode) {
  Tensor out = input;
  for (float &v : out.data) {
    if (std::isnan(v)) {
      // Propagate keeps NaN (as ONNX Clip does); Ignore lets max(NaN, lo)
      // pick lo.
      if (nanMode == NanMode::Ignore)
        v = lo;
      continue;
    }
    if (v < lo)
      v = lo;
    else if (v > hi)
      v = hi;
  }
  return out;
}

Tensor relu(const Tensor &input) {
  return clamp(input, 0.0f, std::numeric_limits<float>::infinity());
}

Tensor transpose(const Tensor &input, const std::vector<int64_t> &perm) {
  const size_t rank = input.shape.size();
  assert(perm.size() == rank && "transpose permutation has the wrong rank");
  Tensor out;
  out.shape.resize(rank);
  for (size_t i = 0; i < rank; ++i)
    out.shape[i] = input.shape[perm[i]];
  const int64_t total = input.numel();
  out.data.assign(static_cast<size_t>(total), 0.0f);

  std::vector<int64_t> inStrides(rank, 1);
  for (size_t d = rank; d-- > 1;)
    inStrides[d - 1] = inStrides[d] * input.shape[d];
  // Stride in the input of each output dimension.
  std::vector<int64_t> strides(rank);
  for (size_t i = 0; i < rank; ++i)
    strides[i] = inStrides[perm[i]];

  std::vector<int64_t> index(rank, 0);
  int64_t src = 0;
  for (int64_t e = 0; e < total; ++e) {
    out.data[e] = input.data[src];
    for (size_t d = rank; d-- > 0;) {
      if (++index[d] < out.shape[d]) {
        src += strides[d];
        break;
      }
      src -= strides[d] * (out.shape[d] - 1);
      index[d] = 0;
    }
  }
  return out;
}

Tensor reshape(const Tensor &input, const std::vector<int64_t> &shape) {
  Tensor out;
  out.shape = shape;
  int64_t known = 1;
  int64_t inferred = -1;
  for (size_t i = 0; i < shape.size(); ++i) {
    if (shape[i] == -1) {
      assert(inferred < 0 && "reshape with more than one -1");
      inferred = static_cast<int64_t>(i);
    } else {
      known *= shape[i];
    }
  }
  if (inferred >= 0)
    out.shape[inferred] = known == 0 ? 0 : input.numel() / known;
  assert(out.numel() == input.numel() && "reshape changes the element count");
  out.data = input.data;
  return out;
}

Tensor slice(const Tensor &input, const std::vector<int64_t> &start,
             const std::vector<int64_t> &size) {
  const size_t rank = input.shape.size();
  assert(start.size() == rank && size.size() == rank &&
         "slice bounds have the wrong rank");
  Tensor out;
  out.shape = size;
  const int64_t total = out.numel();
  out.data.assign(static_cast<size_t>(total), 0.0f);
  std::vector<int64_t> inStrides(rank, 1);
  for (size_t d = rank; d-- > 1;)
    inStrides[d - 1] = inStrides[d] * input.shape[d];
  int64_t src = 0;
  for (size_t d = 0; d < rank; ++d) {
    assert(start[d] >= 0 && size[d] >= 0 &&
           start[d] + size[d] <= input.shape[d] && "slice out of bounds");
    src += start[d] * inStrides[d];
  }
  std::vector<int64_t> index(rank, 0);
  for (int64_t e = 0; e < total; ++e) {
    out.data[e] = input.data[src];
    for (size_t d = rank; d-- > 0;) {
      if (++index[d] < out.shape[d]) {
        src += inStrides[d];
        break;
      }
      src -= inStrides[d] * (out.shape[d] - 1);
      index[d] = 0;
    }
  }
  return out;
}

Tensor pad(const Tensor &input, const std::vector<int64_t> &before,
           const std::vector<int64_t> &after, float value) {
  const size_t rank = input.shape.size();
  assert(before.size() == rank && after.size() == rank &&
         "pad amounts have the wrong rank");
  Tensor out;
  out.shape.resize(rank);
  for (size_t d = 0; d < rank; ++d) {
    assert(before[d] >= 0 && after[d] >= 0 && "negative padding");
    out.shape[d] = input.shape[d] + before[d] + after[d];
  }
  out.data.assign(static_cast<size_t>(out.numel()), value);

  std::vector<int64_t> outStrides(rank, 1);
  for (size_t d = rank; d-- > 1;)
    outStrides[d - 1] = outStrides[d] * out.shape[d];
  // Walk the input in order; each element lands at its shifted index.
  std::vector<int64_t> index(rank, 0);
  const int64_t total = input.numel();
  for (int64_t e = 0; e < total; ++e) {
    int64_t dst = 0;
    for (size_t d = 0; d < rank; ++d)
      dst += (index[d] + before[d]) * outStrides[d];
    out.data[dst] = input.data[e];
    for (size_t d = rank; d-- > 0;) {
      if (++index[d] < input.shape[d])
        break;
      index[d] = 0;
    }
  }
  return out;
}

Tensor depthwiseConv2d(const Tensor &input, const Tensor &weight,
                       const Tensor &bias, const Window2D &window) {
  assert(input.shape.size() == 4 && weight.shape.size() == 4 &&
         "depthwise_conv2d expects NHWC input and [KH,KW,C,M] weight");
  const int64_t n = input.shape[0], h = input.shape[1], w = input.shape[2],
                c = input.shape[3];
  const int64_t kh = weight.shape[0], kw = weight.shape[1], m = weight.shape[3];
  assert(weight.shape[2] == c && "depthwise_conv2d channel mismatch");
  const int64_t oc = c * m;
  assert((bias.numel() == oc || bias.numel() == 1 || bias.data.empty()) &&
         "depthwise_conv2d bias must have one value per output channel");
  const int64_t oh = windowOutputSize(h, kh, window.strideH, window.padTop,
                                      window.padBottom, window.dilationH);
  const int64_t ow = windowOutputSize(w, kw, window.strideW, window.padLeft,
                                      window.padRight, window.dilationW);
  assert(oh >= 0 && ow >= 0 && "depthwise_conv2d window does not fit");

  Tensor out;
  out.shape = {n, oh, ow, oc};
  out.data.assign(static_cast<size_t>(n * oh * ow * oc), 0.0f);
  for (int64_t b = 0; b < n; ++b)
    for (int64_t i = 0; i < oh; ++i)
      for (int64_t j = 0; j < ow; ++j)
        for (int64_t ic = 0; ic < c; ++ic)
          for (int64_t mm = 0; mm < m; ++mm) {
            double acc = 0.0;
            for (int64_t p = 0; p < kh; ++p) {
              int64_t yi =
                  i * window.strideH - window.padTop + p * window.dilationH;
              if (yi < 0 || yi >= h)
                continue;
              for (int64_t q = 0; q < kw; ++q) {
                int64_t xj =
                    j * window.strideW - window.padLeft + q * window.dilationW;
                if (xj < 0 || xj >= w)
                  continue;
                acc += static_cast<double>(
                           input.data[((b * h + yi) * w + xj) * c + ic]) *
                       static_cast<double>(
                           weight.data[((p * kw + q) * c + ic) * m + mm]);
              }
            }
            const int64_t o = ic * m + mm;
            if (!bias.data.empty())
              acc += bias.data[bias.data.size() == 1 ? 0 : o];
            out.data[((b * oh + i) * ow + j) * oc + o] =
                static_cast<float>(acc);
          }
  return out;
}

Tensor transposeConv2d(const Tensor &input, const Tensor &weight,
                       const Tensor &bias, const std::array<int64_t, 4> &outPad,
                       const std::array<int64_t, 2> &stride) {
  assert(input.shape.size() == 4 && weight.shape.size() == 4 &&
         "transpose_conv2d expects NHWC input and OHWI weight");
  const int64_t n = input.shape[0], h = input.shape[1], w = input.shape[2],
                c = input.shape[3];
  const int64_t oc = weight.shape[0], kh = weight.shape[1],
                kw = weight.shape[2];
  assert(weight.shape[3] == c && "transpose_conv2d channel mismatch");
  assert(stride[0] >= 1 && stride[1] >= 1 && "transpose_conv2d stride");
  assert((bias.numel() == oc || bias.numel() == 1 || bias.data.empty()) &&
         "transpose_conv2d bias must have one value per output channel");
  const int64_t oh = (h - 1) * stride[0] + outPad[0] + outPad[1] + kh;
  const int64_t ow = (w - 1) * stride[1] + outPad[2] + outPad[3] + kw;
  assert(oh >= 0 && ow >= 0 && "transpose_conv2d output is empty");

  Tensor out;
  out.shape = {n, oh, ow, oc};
  out.data.assign(static_cast<size_t>(n * oh * ow * oc), 0.0f);
  for (int64_t b = 0; b < n; ++b)
    for (int64_t i = 0; i < oh; ++i)
      for (int64_t j = 0; j < ow; ++j)
        for (int64_t o = 0; o < oc; ++o) {
          double acc = 0.0;
          // Input (yi, xj) lands on output yi * stride + outPad + p.
          for (int64_t p = 0; p < kh; ++p) {
            int64_t ty = i - outPad[0] - p;
            if (ty < 0 || ty % stride[0] != 0 || ty / stride[0] >= h)
              continue;
            int64_t yi = ty / stride[0];
            for (int64_t q = 0; q < kw; ++q) {
              int64_t tx = j - outPad[2] - q;
              if (tx < 0 || tx % stride[1] != 0 || tx / stride[1] >= w)
                continue;
              int64_t xj = tx / stride[1];
              const float *xrow =
                  input.data.data() + ((b * h + yi) * w + xj) * c;
              const float *wrow =
                  weight.data.data() + ((o * kh + p) * kw + q) * c;
              for (int64_t ic = 0; ic < c; ++ic)
                acc += static_cast<double>(xrow[ic]) *
                       static_cast<double>(wrow[ic]);
            }
          }
          if (!bias.data.empty())
            acc += bias.data[bias.data.size() == 1 ? 0 : o];
          out.data[((b * oh + i) * ow + j) * oc + o] = static_cast<float>(acc);
        }
  return out;
}

Tensor conv3d(const Tensor &input, const Tensor &weight, const Tensor &bias,
              const Window3D &window) {
  assert(input.shape.size() == 5 && weight.shape.size() == 5 &&
         "conv3d expects NDHWC input and [OC,KD,KH,KW,IC] weight");
  const int64_t n = input.shape[0], d = input.shape[1], h = input.shape[2],
                w = input.shape[3], c = input.shape[4];
  const int64_t oc = weight.shape[0], kd = weight.shape[1],
                kh = weight.shape[2], kw = weight.shape[3];
  assert(weight.shape[4] == c && "conv3d channel mismatch");
  assert((bias.numel() == oc || bias.numel() == 1 || bias.data.empty()) &&
         "conv3d bias must have one value per output channel");
  const int64_t od = windowOutputSize(d, kd, window.strideD, window.padFront,
                                      window.padBack, window.dilationD);
  const int64_t oh = windowOutputSize(h, kh, window.strideH, window.padTop,
                                      window.padBottom, window.dilationH);
  const int64_t ow = windowOutputSize(w, kw, window.strideW, window.padLeft,
                                      window.padRight, window.dilationW);
  assert(od >= 0 && oh >= 0 && ow >= 0 && "conv3d window does not fit");

  Tensor out;
  out.shape = {n, od, oh, ow, oc};
  out.data.assign(static_cast<size_t>(n * od * oh * ow * oc), 0.0f);
  for (int64_t b = 0; b < n; ++b)
    for (int64_t z = 0; z < od; ++z)
      for (int64_t i = 0; i < oh; ++i)
        for (int64_t j = 0; j < ow; ++j)
          for (int64_t o = 0; o < oc; ++o) {
            double acc = 0.0;
            for (int64_t r = 0; r < kd; ++r) {
              int64_t zi =
                  z * window.strideD - window.padFront + r * window.dilationD;
              if (zi < 0 || zi >= d)
                continue;
              for (int64_t p = 0; p < kh; ++p) {
                int64_t yi =
                    i * window.strideH - window.padTop + p * window.dilationH;
                if (yi < 0 || yi >= h)
                  continue;
                for (int64_t q = 0; q < kw; ++q) {
                  int64_t xj = j * window.strideW - window.padLeft +
                               q * window.dilationW;
                  if (xj < 0 || xj >= w)
                    continue;
                  const float *xrow = input.data.data() +
                                      (((b * d + zi) * h + yi) * w + xj) * c;
                  const float *wrow = weight.data.data() +
                                      (((o * kd + r) * kh + p) * kw + q) * c;
                  for (int64_t ic = 0; ic < c; ++ic)
                    acc += static_cast<double>(xrow[ic]) *
                           static_cast<double>(wrow[ic]);
                }
              }
            }
            if (!bias.data.empty())
              acc += bias.data[bias.data.size() == 1 ? 0 : o];
            out.data[(((b * od + z) * oh + i) * ow + j) * oc + o] =
                static_cast<float>(acc);
          }
  return out;
}

Tensor div(const Tensor &a, const Tensor &b) {
  return broadcastBinary(a, b, [](float x, float y) { return x / y; });
}

Tensor intDiv(const Tensor &a, const Tensor &b) {
  return broadcastBinary(a, b, [](float x, float y) {
    const int64_t num = static_cast<int64_t>(x), den = static_cast<int64_t>(y);
    assert(den != 0 && "integer division by zero");
    return static_cast<float>(num / den);
  });
}

Tensor mulShift(const Tensor &a, const Tensor &b, int shift) {
  assert(shift >= 0 && shift <= 63 && "mul shift out of range");
  return broadcastBinary(a, b, [shift](float x, float y) {
    int64_t product = static_cast<int64_t>(x) * static_cast<int64_t>(y);
    if (shift > 0)
      product = (product + (int64_t(1) << (shift - 1))) >> shift;
    return static_cast<float>(product);
  });
}

Tensor pow(const Tensor &a, const Tensor &b) {
  return broadcastBinary(a, b, [](float x, float y) {
    return static_cast<float>(
        std::pow(static_cast<double>(x), static_cast<double>(y)));
  });
}

Tensor maximum(const Tensor &a, const Tensor &b, NanMode nanMode) {
  return broadcastBinary(
      a, b, [nanMode](float x, float y) { return maxOf(x, y, nanMode); });
}

Tensor minimum(const Tensor &a, const Tensor &b, NanMode nanMode) {
  return broadcastBinary(
      a, b, [nanMode](float x, float y) { return minOf(x, y, nanMode); });
}

Tensor equal(const Tensor &a, const Tensor &b) {
  return broadcastBinary(a, b, [](float x, float y) { return x == y; });
}

Tensor greater(const Tensor &a, const Tensor &b) {
  return broadcastBinary(a, b, [](float x, float y) { return x > y; });
}

Tensor greaterEqual(const Tensor &a, const Tensor &b) {
  return broadcastBinary(a, b, [](float x, float y) { return x >= y; });
}

Tensor logicalAnd(const Tensor &a, const Tensor &b) {
  return broadcastBinary(
      a, b, [](float x, float y) { return x != 0.0f && y != 0.0f; });
}

Tensor logicalOr(const Tensor &a, const Tensor &b) {
  return broadcastBinary(
      a, b, [](float x, float y) { return x != 0.0f || y != 0.0f; });
}

Tensor logicalXor(const Tensor &a, const Tensor &b) {
  return broadcastBinary(
      a, b, [](float x, float y) { return (x != 0.0f) != (y != 0.0f); });
}

Tensor select(const Tensor &cond, const Tensor &onTrue, const Tensor &onFalse) {
  return broadcastNary<3>(
      {&cond, &onTrue, &onFalse},
      [](const std::array<float, 3> &v) { return v[0] != 0.0f ? v[1] : v[2]; });
}

Tensor abs(const Tensor &input) {
  return mapUnary(input, [](float v) { return std::fabs(v); });
}

Tensor ceil(const Tensor &input) {
  return mapUnary(input, [](float v) { return std::ceil(v); });
}

Tensor floor(const Tensor &input) {
  return mapUnary(input, [](float v) { return std::floor(v); });
}

Tensor cos(const Tensor &input) {
  return mapUnaryDouble(input, [](double v) { return std::cos(v); });
}

Tensor sin(const Tensor &input) {
  return mapUnaryDouble(input, [](double v) { return std::sin(v); });
}

Tensor erf(const Tensor &input) {
  return mapUnaryDouble(input, [](double v) { return std::erf(v); });
}

Tensor exp(const Tensor &input) {
  return mapUnaryDouble(input, [](double v) { return std::exp(v); });
}

Tensor log(const Tensor &input) {
  return mapUnaryDouble(input, [](double v) { return std::log(v); });
}

Tensor negate(const Tensor &input) {
  return mapUnary(input, [](float v) { return -v; });
}

Tensor reciprocal(const Tensor &input) {
  return mapUnary(input, [](float v) { return 1.0f / v; });
}

Tensor rsqrt(const Tensor &input) {
  return mapUnaryDouble(input, [](double v) { return 1.0 / std::sqrt(v); });
}

Tensor sigmoid(const Tensor &input) {
  return mapUnaryDouble(input,
                        [](double v) { return 1.0 / (1.0 + std::exp(-v)); });
}

Tensor tanh(const Tensor &input) {
  return mapUnaryDouble(input, [](double v) { return std::tanh(v); });
}

Tensor logicalNot(const Tensor &input) {
  return mapUnary(input, [](float v) { return v == 0.0f; });
}

Tensor reduceSum(const Tensor &input, int64_t axis) {
  return reduceAxis(input, axis, 0.0,
                    [](double acc, float v) { return acc + v; });
}

Tensor reduceProduct(const Tensor &input, int64_t axis) {
  return reduceAxis(input, axis, 1.0,
                    [](double acc, float v) { return acc * v; });
}

Tensor reduceMax(const Tensor &input, int64_t axis, NanMode nanMode) {
  // Ignore starts from NaN so that an all-NaN line stays NaN.
  const double start = nanMode == NanMode::Ignore
                           ? std::numeric_limits<double>::quiet_NaN()
                           : -std::numeric_limits<double>::infinity();
  return reduceAxis(input, axis, start, [nanMode](double acc, float v) {
    return static_cast<double>(maxOf(static_cast<float>(acc), v, nanMode));
  });
}

Tensor reduceMin(const Tensor &input, int64_t axis, NanMode nanMode) {
  const double start = nanMode == NanMode::Ignore
                           ? std::numeric_limits<double>::quiet_NaN()
                           : std::numeric_limits<double>::infinity();
  return reduceAxis(input, axis, start, [nanMode](double acc, float v) {
    return static_cast<double>(minOf(static_cast<float>(acc), v, nanMode));
  });
}

Tensor reduceAll(const Tensor &input, int64_t axis) {
  return reduceAxis(input, axis, 1.0, [](double acc, float v) {
    return acc != 0.0 && v != 0.0f ? 1.0 : 0.0;
  });
}

Tensor reduceAny(const Tensor &input, int64_t axis) {
  return reduceAxis(input, axis, 0.0, [](double acc, float v) {
    return acc != 0.0 || v != 0.0f ? 1.0 : 0.0;
  });
}

Tensor argMax(const Tensor &input, int64_t axis, NanMode nanMode) {
  AxisSplit s = splitAt(input.shape, axis);
  Tensor out;
  out.shape = input.shape;
  out.shape.erase(out.shape.begin() + axis);
  out.data.assign(static_cast<size_t>(s.outer * s.inner), 0.0f);
  for (int64_t o = 0; o < s.outer; ++o)
    for (int64_t i = 0; i < s.inner; ++i) {
      int64_t best = -1;
      float bestValue = 0.0f;
      for (int64_t k = 0; k < s.extent; ++k) {
        float v = input.data[(o * s.extent + k) * s.inner + i];
        if (std::isnan(v)) {
          if (nanMode == NanMode::Propagate) {
            best = k;
            break;
          }
          continue;
        }
        if (best < 0 || v > bestValue) {
          best = k;
          bestValue = v;
        }
      }
      out.data[o * s.inner + i] = static_cast<float>(best < 0 ? 0 : best);
    }
  return out;
}

Tensor concat(const std::vector<const Tensor *> &inputs, int64_t axis) {
  assert(!inputs.empty() && "concat of nothing");
  Tensor out;
  out.shape = inputs.front()->shape;
  out.shape[axis] = 0;
  for (const Tensor *t : inputs) {
    assert(t->shape.size() == out.shape.size() && "concat rank mismatch");
    out.shape[axis] += t->shape[axis];
  }
  AxisSplit s = splitAt(out.shape, axis);
  out.data.reserve(static_cast<size_t>(out.numel()));
  // Row-major: for every outer index, each input contributes its contiguous
  // block of extent * inner values.
  for (int64_t o = 0; o < s.outer; ++o)
    for (const Tensor *t : inputs) {
      const int64_t block = t->shape[axis] * s.inner;
      const float *src = t->data.data() + o * block;
      out.data.insert(out.data.end(), src, src + block);
    }
  return out;
}

Tensor tile(const Tensor &input, const std::vector<int64_t> &multiples) {
  const size_t rank = input.shape.size();
  assert(multiples.size() == rank && "tile multiples have the wrong rank");
  Tensor out;
  out.shape.resize(rank);
  for (size_t d = 0; d < rank; ++d) {
    assert(multiples[d] >= 0 && "negative tile multiple");
    out.shape[d] = input.shape[d] * multiples[d];
  }
  const int64_t total = out.numel();
  out.data.assign(static_cast<size_t>(total), 0.0f);
  std::vector<int64_t> inStrides(rank, 1);
  for (size_t d = rank; d-- > 1;)
    inStrides[d - 1] = inStrides[d] * input.shape[d];
  std::vector<int64_t> index(rank, 0);
  for (int64_t e = 0; e < total; ++e) {
    int64_t src = 0;
    for (size_t d = 0; d < rank; ++d)
      src += (index[d] % input.shape[d]) * inStrides[d];
    out.data[e] = input.data[src];
    for (size_t d = rank; d-- > 0;) {
      if (++index[d] < out.shape[d])
        break;
      index[d] = 0;
    }
  }
  return out;
}

Tensor reverse(const Tensor &input, int64_t axis) {
  AxisSplit s = splitAt(input.shape, axis);
  Tensor out;
  out.shape = input.shape;
  out.data.resize(input.data.size());
  for (int64_t o = 0; o < s.outer; ++o)
    for (int64_t k = 0; k < s.extent; ++k) {
      const float *src =
          input.data.data() + (o * s.extent + (s.extent - 1 - k)) * s.inner;
      std::copy(src, src + s.inner,
                out.data.begin() + (o * s.extent + k) * s.inner);
    }
  return out;
}

Tensor gather(const Tensor &values, const Tensor &indices) {
  assert(values.shape.size() == 3 && indices.shape.size() == 2 &&
         values.shape[0] == indices.shape[0] &&
         "gather expects values [N,K,C] and indices [N,W]");
  const int64_t n = values.shape[0], k = values.shape[1], c = values.shape[2],
                w = indices.shape[1];
  Tensor out;
  out.shape = {n, w, c};
  out.data.resize(static_cast<size_t>(n * w * c));
  for (int64_t b = 0; b < n; ++b)
    for (int64_t j = 0; j < w; ++j) {
      const int64_t row = static_cast<int64_t>(indices.data[b * w + j]);
      assert(row >= 0 && row < k && "gather index out of range");
      const float *src = values.data.data() + (b * k + row) * c;
      std::copy(src, src + c, out.data.begin() + (b * w + j) * c);
    }
  return out;
}

Tensor scatter(const Tensor &valuesIn, const Tensor &indices,
               const Tensor &input) {
  assert(valuesIn.shape.size() == 3 && indices.shape.size() == 2 &&
         input.shape.size() == 3 && "scatter expects rank 3, 2 and 3");
  const int64_t n = valuesIn.shape[0], k = valuesIn.shape[1],
                c = valuesIn.shape[2], w = indices.shape[1];
  assert(indices.shape[0] == n && input.shape[0] == n && input.shape[1] == w &&
         input.shape[2] == c && "scatter operand shapes do not match");
  Tensor out = valuesIn;
  for (int64_t b = 0; b < n; ++b)
    for (int64_t j = 0; j < w; ++j) {
      const int64_t row = static_cast<int64_t>(indices.data[b * w + j]);
      assert(row >= 0 && row < k && "scatter index out of range");
      const float *src = input.data.data() + (b * w + j) * c;
      std::copy(src, src + c, out.data.begin() + (b * k + row) * c);
    }
  return out;
}

namespace {

/// Floor division for a positive divisor.
int64_t floorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && a < 0) ? q - 1 : q;
}

} // namespace

int64_t resizeOutputSize(int64_t in, int64_t scaleN, int64_t scaleD,
                         int64_t offset, int64_t border) {
  if (in < 1 || scaleN < 1 || scaleD < 1)
    return -1;
  const int64_t span = (in - 1) * scaleN - offset + border;
  if (span < 0 || span % scaleD != 0)
    return -1;
  return span / scaleD + 1;
}

Tensor resize(const Tensor &input, const ResizeParams &params) {
  assert(input.shape.size() == 4 && "resize expects an NHWC input");
  const int64_t n = input.shape[0], ih = input.shape[1], iw = input.shape[2],
                c = input.shape[3];
  const int64_t yN = params.scale[0], yD = params.scale[1],
                xN = params.scale[2], xD = params.scale[3];
  const int64_t oh =
      resizeOutputSize(ih, yN, yD, params.offset[0], params.border[0]);
  const int64_t ow =
      resizeOutputSize(iw, xN, xD, params.offset[1], params.border[1]);
  assert(oh >= 0 && ow >= 0 && "resize parameters are invalid");

  Tensor out;
  out.shape = {n, oh, ow, c};
  out.data.assign(static_cast<size_t>(n * oh * ow * c), 0.0f);
  auto at = [&](int64_t b, int64_t y, int64_t x, int64_t ch) {
    return static_cast<double>(input.data[((b * ih + y) * iw + x) * c + ch]);
  };
  for (int64_t oy = 0; oy < oh; ++oy) {
    // Sample position y / yN = iy + dy with 0 <= dy < 1.
    const int64_t y = oy * yD + params.offset[0];
    const int64_t iy = floorDiv(y, yN);
    const double dy = static_cast<double>(y - iy * yN) / yN;
    const int64_t iy0 = std::clamp<int64_t>(iy, 0, ih - 1);
    const int64_t iy1 = std::clamp<int64_t>(iy + 1, 0, ih - 1);
    for (int64_t ox = 0; ox < ow; ++ox) {
      const int64_t x = ox * xD + params.offset[1];
      const int64_t ix = floorDiv(x, xN);
      const double dx = static_cast<double>(x - ix * xN) / xN;
      const int64_t ix0 = std::clamp<int64_t>(ix, 0, iw - 1);
      const int64_t ix1 = std::clamp<int64_t>(ix + 1, 0, iw - 1);
      for (int64_t b = 0; b < n; ++b)
        for (int64_t ch = 0; ch < c; ++ch) {
          double v;
          if (params.bilinear) {
            v = at(b, iy0, ix0, ch) * (1.0 - dy) * (1.0 - dx);
            v += at(b, iy0, ix1, ch) * (1.0 - dy) * dx;
            v += at(b, iy1, ix0, ch) * dy * (1.0 - dx);
            v += at(b, iy1, ix1, ch) * dy * dx;
          } else {
            v = at(b, dy >= 0.5 ? iy1 : iy0, dx >= 0.5 ? ix1 : ix0, ch);
          }
          out.data[((b * oh + oy) * ow + ox) * c + ch] = static_cast<float>(v);
        }
    }
  }
  return out;
}

namespace {

/// Rounds `v` to a binary float format with `mantissa` explicit bits and
/// exponents down to `minExp` (normal) / `minExp - mantissa` (subnormal),
/// overflowing above `maxValue` to infinity. Ties go to even.
float roundToFormat(float v, int mantissa, int minExp, double maxValue) {
  if (std::isnan(v) || std::isinf(v) || v == 0.0f)
    return v;
  const double a = std::fabs(static_cast<double>(v));
  int exp2 = std::ilogb(a); // a = m * 2^exp2 with 1 <= m < 2
  if (exp2 < minExp)
    exp2 = minExp; // subnormal: fixed quantum
  const double quantum = std::ldexp(1.0, exp2 - mantissa);
  // nearbyint rounds half to even in the default rounding mode.
  double r = std::nearbyint(a / quantum) * quantum;
  // From the largest finite value plus half a quantum on, the rounded
  // value is beyond the format: infinity.
  if (r > maxValue)
    r = std::numeric_limits<double>::infinity();
  return static_cast<float>(std::signbit(v) ? -r : r);
}

int64_t intMin(ElementType t) {
  switch (t) {
  case ElementType::I8:
    return std::numeric_limits<int8_t>::min();
  case ElementType::I16:
    return std::numeric_limits<int16_t>::min();
  case ElementType::I32:
    return std::numeric_limits<int32_t>::min();
  default:
    return std::numeric_limits<int64_t>::min();
  }
}

int64_t intMax(ElementType t) {
  switch (t) {
  case ElementType::I8:
    return std::numeric_limits<int8_t>::max();
  case ElementType::I16:
    return std::numeric_limits<int16_t>::max();
  case ElementType::I32:
    return std::numeric_limits<int32_t>::max();
  default:
    return std::numeric_limits<int64_t>::max();
  }
}

bool isFloatType(ElementType t) {
  return t == ElementType::F32 || t == ElementType::F16 ||
         t == ElementType::BF16;
}

/// The low bits of v as a signed integer of type t (two's complement wrap).
int64_t wrapTo(int64_t v, ElementType t) {
  switch (t) {
  case ElementType::I8:
    return static_cast<int8_t>(static_cast<uint64_t>(v));
  case ElementType::I16:
    return static_cast<int16_t>(static_cast<uint64_t>(v));
  case ElementType::I32:
    return static_cast<int32_t>(static_cast<uint64_t>(v));
  default:
    return v;
  }
}

} // namespace

float roundToF16(float v) {
  return roundToFormat(v, 10, -14, std::ldexp(2047.0, 5));
}

float roundToBF16(float v) {
  return roundToFormat(v, 7, -126, std::ldexp(255.0, 120));
}

Tensor cast(const Tensor &input, ElementType from, ElementType to) {
  return mapUnary(input, [from, to](float v) -> float {
    if (to == ElementType::Bool)
      return v != 0.0f ? 1.0f : 0.0f;
    if (from == ElementType::Bool)
      return v != 0.0f ? 1.0f : 0.0f;
    if (to == ElementType::F32)
      return v;
    if (to == ElementType::F16)
      return roundToF16(v);
    if (to == ElementType::BF16)
      return roundToBF16(v);
    if (isFloatType(from)) {
      if (std::isnan(v))
        return 0.0f;
      // Round half to even, then saturate to the integer range.
      const double r = std::nearbyint(static_cast<double>(v));
      const double lo = static_cast<double>(intMin(to));
      const double hi = static_cast<double>(intMax(to));
      return static_cast<float>(std::min(std::max(r, lo), hi));
    }
    // Integer values held in float: beyond the int64 range only I64 can
    // be the target, and there the value is kept.
    if (std::fabs(v) >= 0x1p63f)
      return v;
    return static_cast<float>(wrapTo(static_cast<int64_t>(v), to));
  });
}

} // namespace cim::kernels
