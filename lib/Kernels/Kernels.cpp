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
            int64_t yi = i * window.strideH - window.padTop +
                         p * window.dilationH;
            if (yi < 0 || yi >= h)
              continue;
            for (int64_t q = 0; q < kw; ++q) {
              int64_t xj = j * window.strideW - window.padLeft +
                           q * window.dilationW;
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
            int64_t yi = i * window.strideH - window.padTop +
                         p * window.dilationH;
            if (yi < 0 || yi >= h)
              continue;
            for (int64_t q = 0; q < window.kW; ++q) {
              int64_t xj = j * window.strideW - window.padLeft +
                           q * window.dilationW;
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

/// Elementwise binary operation with NumPy broadcasting.
template <typename Fn>
Tensor broadcastBinary(const Tensor &a, const Tensor &b, Fn fn) {
  std::optional<std::vector<int64_t>> shape = broadcastShapes(a.shape, b.shape);
  assert(shape && "operands do not broadcast");
  Tensor out;
  out.shape = *shape;
  const size_t rank = out.shape.size();
  const int64_t total = numElements(out.shape);
  out.data.assign(static_cast<size_t>(total), 0.0f);

  // Strides of each operand in the output's index space (0 on broadcast
  // dimensions).
  auto stridesOf = [&](const std::vector<int64_t> &s) {
    std::vector<int64_t> strides(rank, 0);
    int64_t stride = 1;
    for (size_t i = 0; i < s.size(); ++i) {
      size_t d = s.size() - 1 - i;
      size_t od = rank - 1 - i;
      strides[od] = s[d] == 1 ? 0 : stride;
      stride *= s[d];
    }
    return strides;
  };
  std::vector<int64_t> sa = stridesOf(a.shape), sb = stridesOf(b.shape);
  std::vector<int64_t> index(rank, 0);
  int64_t ia = 0, ib = 0;
  for (int64_t e = 0; e < total; ++e) {
    out.data[e] = fn(a.data[ia], b.data[ib]);
    // Advance the multi-index like an odometer, keeping operand offsets.
    for (size_t d = rank; d-- > 0;) {
      if (++index[d] < out.shape[d]) {
        ia += sa[d];
        ib += sb[d];
        break;
      }
      ia -= sa[d] * (out.shape[d] - 1);
      ib -= sb[d] * (out.shape[d] - 1);
      index[d] = 0;
    }
  }
  return out;
}

} // namespace

Tensor maxPool2d(const Tensor &input, const Window2D &window) {
  return pool2d(
      input, window,
      [] { return -std::numeric_limits<double>::infinity(); },
      [](double acc, double v) { return v > acc ? v : acc; },
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

Tensor clamp(const Tensor &input, float lo, float hi) {
  Tensor out = input;
  for (float &v : out.data) {
    // NaN passes through unchanged, as in TOSA and ONNX.
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

} // namespace cim::kernels
