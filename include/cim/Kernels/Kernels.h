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
/// NHWC; padding never wins the max. Honours window dilation.
Tensor maxPool2d(const Tensor &input, const Window2D &window);
/// NHWC; divides by the window cells inside the input unless
/// countIncludePad.
Tensor avgPool2d(const Tensor &input, const Window2D &window,
                 bool countIncludePad);
/// NumPy broadcasting.
Tensor add(const Tensor &a, const Tensor &b);
Tensor sub(const Tensor &a, const Tensor &b);
Tensor mul(const Tensor &a, const Tensor &b);
Tensor clamp(const Tensor &input, float lo, float hi);
Tensor relu(const Tensor &input);
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

} // namespace cim::kernels

#endif // CIM_KERNELS_KERNELS_H
