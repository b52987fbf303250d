//===- ImportResize.cpp - Resize as tosa.resize or interpolation matrices -===//
//
// Nearest and linear Resize with the coordinate transforms TOSA's integer
// arithmetic expresses become one tosa.resize. The other forms (cubic,
// tf_crop_and_resize, align_corners with a length of 1 or a fractional
// resized length) are still separable: every output row is a fixed weighted
// sum of input rows, every output column one of input columns. The importer
// computes those weights per resized axis, with ONNX's semantics, as an
// [in, out] matrix and applies it with tosa.matmul (constant on the right,
// the form of the linear layers), plus a constant for tf_crop_and_resize's
// extrapolation_value. See docs/onnx-import.md.
//
//===----------------------------------------------------------------------===//

#include "Importer.h"

#include "mlir/Dialect/Tosa/IR/TosaOps.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>
#include <numeric>

using namespace mlir;
using namespace cim::onnx_import;
using llvm::SmallVector;
using llvm::StringRef;

/// Largest interpolation matrix of one axis, in elements (16 MB of float32):
/// the matrices are constants in the IR, and a larger resize of a
/// constant-weight form is better split by the model's author.
static constexpr int64_t kMaxResizeMatrix = int64_t(1) << 22;

/// `scale` as n/d with small integers, if it is one (ONNX stores scales as
/// float32, so 1/3 arrives as 0.333333343).
static bool rationalScale(float scale, int64_t &n, int64_t &d) {
  if (!(scale > 0.0f) || scale > 1024.0f)
    return false;
  for (d = 1; d <= 1024; ++d) {
    double v = double(scale) * double(d);
    double r = std::round(v);
    if (r >= 1 && std::fabs(v - r) <= 1e-5 * v) {
      n = int64_t(r);
      return true;
    }
  }
  return false;
}

/// `v` as a person writes it (0.5, not 5.000000e-01).
static std::string shortNumber(double v) {
  std::string s;
  llvm::raw_string_ostream(s) << llvm::format("%g", v);
  return s;
}

namespace {
/// One resized axis as ONNX's coordinate transforms see it.
struct ResizeAxis {
  int64_t in = 1, out = 1;
  /// The given scale, or out / in when sizes are given.
  double scale = 1.0;
  /// in * scale: ONNX's reference computes align_corners, pytorch_half_pixel
  /// and tf_crop_and_resize with this length, which is fractional when a
  /// scale does not divide evenly (0.6 * 4 = 2.4 for an output of 2).
  double length = 1.0;
  double roiStart = 0.0, roiEnd = 1.0;
};

/// The attributes that shape the weights.
struct ResizeOptions {
  std::string mode, coord, nearestMode;
  double cubicA = -0.75;
  bool excludeOutside = false;
};

/// Weights of one axis: out[o] = sum_i w[i * out + o] * in[i], or the
/// extrapolation value where outside[o].
struct AxisWeights {
  std::vector<double> w;
  std::vector<char> outside;

  bool isIdentity(int64_t in, int64_t out) const {
    if (in != out || llvm::is_contained(outside, 1))
      return false;
    for (int64_t i = 0; i < in; ++i)
      for (int64_t o = 0; o < out; ++o)
        if (w[i * out + o] != (i == o ? 1.0 : 0.0))
          return false;
    return true;
  }
};
} // namespace

/// ONNX's source coordinate of output index `x`; false when it lies outside
/// the input (tf_crop_and_resize only).
static bool sourceCoordinate(const ResizeAxis &a, const std::string &coord,
                             double x, double &src) {
  double inLast = double(a.in - 1);
  if (coord == "half_pixel") {
    src = (x + 0.5) / a.scale - 0.5;
  } else if (coord == "pytorch_half_pixel") {
    // 0 for a length of 1, as the operator's definition and ONNX Runtime
    // have it (ONNX's Python reference takes -0.5; only cubic can tell).
    src = a.length == 1.0 ? 0.0 : (x + 0.5) / a.scale - 0.5;
  } else if (coord == "asymmetric") {
    src = x / a.scale;
  } else if (coord == "tf_half_pixel_for_nn") {
    src = (x + 0.5) / a.scale;
  } else if (coord == "align_corners") {
    src = a.length == 1.0 ? 0.0 : x * inLast / (a.length - 1.0);
  } else { // tf_crop_and_resize
    double extent = (a.roiEnd - a.roiStart) * inLast;
    src = a.length == 1.0 ? extent / 2 : x * extent / (a.length - 1.0);
    src += a.roiStart * inLast;
    // TensorFlow's CropAndResize: samples off the input take the
    // extrapolation value instead of the border.
    if (src < 0.0 || src > inLast)
      return false;
  }
  return true;
}

/// The taps of one output sample: `n` coefficients for the input indices
/// first, first + 1, ..., from the fraction `ratio` in (0, 1] of the source
/// coordinate past index `first + n/2 - 1`.
static SmallVector<double, 4> tapCoefficients(const ResizeOptions &opts,
                                              double ratio) {
  if (opts.mode == "cubic") {
    // Keys' cubic convolution kernel with parameter A, at distances
    // 1 + r, r, 1 - r and 2 - r.
    double a = opts.cubicA;
    auto near = [&](double d) { return ((a + 2) * d - (a + 3)) * d * d + 1; };
    auto far = [&](double d) {
      return ((a * d - 5 * a) * d + 8 * a) * d - 4 * a;
    };
    return {far(ratio + 1), near(ratio), near(1 - ratio), far(2 - ratio)};
  }
  if (opts.mode == "linear")
    return {1 - ratio, ratio};
  // Nearest: ratio 1 is an integer coordinate, the right-hand tap.
  if (ratio == 1.0)
    return {0, 1};
  bool right;
  if (opts.nearestMode == "round_prefer_floor")
    right = ratio > 0.5;
  else if (opts.nearestMode == "round_prefer_ceil")
    right = ratio >= 0.5;
  else
    right = opts.nearestMode == "ceil";
  return {right ? 0.0 : 1.0, right ? 1.0 : 0.0};
}

/// The weights of axis `a`. Fails with the output index whose source
/// coordinate is not a usable number, or where exclude_outside leaves no
/// weight to normalize by.
static bool axisWeights(const ResizeAxis &a, const ResizeOptions &opts,
                        AxisWeights &result, int64_t &badIndex) {
  result.w.assign(a.in * a.out, 0.0);
  result.outside.assign(a.out, 0);
  for (int64_t o = 0; o < a.out; ++o) {
    double src;
    if (!sourceCoordinate(a, opts.coord, double(o), src)) {
      result.outside[o] = 1;
      continue;
    }
    // ONNX takes the n input indices nearest to src (the lower one on a
    // tie) in the input padded by ceil(n/2) border copies, with the weights
    // of the fraction past the left one; an integer src has fraction 1.
    // Scales and sizes are bounded, so only a degenerate attribute gets
    // here; the bound keeps the conversion to an integer defined.
    if (!(std::fabs(src) <= double(kMaxElements))) {
      badIndex = o;
      return false;
    }
    double fl = std::floor(src);
    int64_t left = int64_t(fl) - (src == fl ? 1 : 0);
    double ratio = src - double(left);
    SmallVector<double, 4> coeffs = tapCoefficients(opts, ratio);
    int64_t n = coeffs.size(), pad = (n + 1) / 2;
    int64_t first = left - (n / 2 - 1);
    // The nearest indices of a coordinate beyond the padding are the last
    // ones of the padded input.
    first = std::clamp<int64_t>(first, -pad, a.in - 1 + pad - (n - 1));
    if (opts.excludeOutside) {
      double sum = 0;
      for (int64_t k = 0; k < n; ++k) {
        int64_t idx = first + k;
        if (idx < 0 || idx >= a.in)
          coeffs[k] = 0;
        sum += coeffs[k];
      }
      if (sum == 0.0) {
        badIndex = o;
        return false;
      }
      for (double &c : coeffs)
        c /= sum;
    }
    for (int64_t k = 0; k < n; ++k) {
      int64_t idx = std::clamp<int64_t>(first + k, 0, a.in - 1);
      result.w[idx * a.out + o] += coeffs[k];
    }
  }
  return true;
}

LogicalResult Importer::lowerResize(const onnx::NodeProto &node, Location loc) {
  std::string mode = stringAttr(node, "mode", "nearest");
  if (mode != "nearest" && mode != "linear" && mode != "cubic")
    return nodeError(loc, node) << "mode '" << mode
                                << "' is not supported (nearest, linear or "
                                   "cubic)";
  // Opset 10's Resize is the old Upsample: asymmetric coordinates, floor.
  bool v10 = opset() < 11;
  if (v10 && mode == "cubic")
    return nodeError(loc, node)
           << "mode 'cubic' needs opset 11 or newer (the model has opset "
           << opset() << ")";
  std::string coord =
      v10 ? "asymmetric"
          : stringAttr(node, "coordinate_transformation_mode", "half_pixel");
  std::string nearestMode =
      v10 ? "floor" : stringAttr(node, "nearest_mode", "round_prefer_floor");
  if (coord != "half_pixel" && coord != "pytorch_half_pixel" &&
      coord != "align_corners" && coord != "asymmetric" &&
      coord != "tf_half_pixel_for_nn" && coord != "tf_crop_and_resize")
    return nodeError(loc, node)
           << "coordinate_transformation_mode '" << coord
           << "' is not supported (half_pixel, pytorch_half_pixel, "
              "align_corners, asymmetric, tf_half_pixel_for_nn or "
              "tf_crop_and_resize)";
  if (mode == "nearest" && nearestMode != "round_prefer_floor" &&
      nearestMode != "round_prefer_ceil" && nearestMode != "floor" &&
      nearestMode != "ceil")
    return nodeError(loc, node)
           << "nearest_mode '" << nearestMode << "' is not supported";
  FailureOr<Tensor *> x = getTensor(node.input(0), loc, node);
  if (failed(x))
    return failure();
  Tensor &in = **x;
  if (in.shape.size() != 4)
    return nodeError(loc, node) << "only rank-4 inputs are supported, input is "
                                << shapeStr(in.shape);

  // Output size and the scale ONNX's coordinate transform uses: the given
  // scales, or out/in when sizes are given.
  int scalesIdx = v10 ? 1 : 2, sizesIdx = 3;
  std::vector<double> scales;
  Shape outShape;
  if (hasInput(node, scalesIdx)) {
    FailureOr<HostTensor> s = readHost(node.input(scalesIdx), loc, node);
    if (failed(s))
      return failure();
    for (int64_t i = 0; i < s->size(); ++i)
      scales.push_back(s->at(i));
  }
  if (!scales.empty()) {
    if (scales.size() != 4)
      return nodeError(loc, node) << "expected 4 scales, got " << scales.size();
    for (int i = 0; i < 4; ++i) {
      if (!(float(scales[i]) > 0.0f) || !std::isfinite(float(scales[i])))
        return nodeError(loc, node)
               << "scales must be positive and finite, got " << scales[i];
      outShape.push_back(
          int64_t(std::floor(double(in.shape[i]) * float(scales[i]))));
    }
  } else if (hasInput(node, sizesIdx)) {
    FailureOr<SmallVector<int64_t>> sizes =
        readInts(node.input(sizesIdx), loc, node);
    if (failed(sizes))
      return failure();
    if (sizes->size() != 4)
      return nodeError(loc, node) << "expected 4 sizes, got " << sizes->size();
    outShape.assign(sizes->begin(), sizes->end());
  } else {
    return nodeError(loc, node) << "needs constant scales or sizes";
  }
  if (outShape[0] != in.shape[0] || outShape[1] != in.shape[1])
    return nodeError(loc, node)
           << "only the spatial dimensions (2 and 3) may be resized";
  if (outShape[2] < 1 || outShape[3] < 1 || outShape[2] > kMaxElements ||
      outShape[3] > kMaxElements)
    return nodeError(loc, node)
           << "output " << shapeStr(outShape) << " is empty or too large";

  ResizeAxis axes[2];
  for (int i = 0; i < 2; ++i) {
    ResizeAxis &a = axes[i];
    a.in = in.shape[2 + i];
    a.out = outShape[2 + i];
    if (!scales.empty()) {
      // As ONNX's reference computes it: a float32 product.
      a.scale = double(float(scales[2 + i]));
      a.length = double(float(scales[2 + i]) * float(a.in));
    } else {
      a.scale = double(a.out) / double(a.in);
      a.length = double(a.out);
    }
  }
  // TOSA's resize has integer source coordinates (o * D + offset) / N: no
  // cubic kernel, no extrapolation, and align_corners only as the ratio of
  // whole lengths greater than 1.
  bool byMatrices = mode == "cubic" || coord == "tf_crop_and_resize";
  if (coord == "align_corners")
    for (const ResizeAxis &a : axes)
      if (a.in == 1 || a.out == 1 || a.length != double(a.out))
        byMatrices = true;
  if (byMatrices) {
    ResizeOptions opts;
    opts.mode = mode;
    opts.coord = coord;
    opts.nearestMode = nearestMode;
    opts.cubicA = floatAttr(node, "cubic_coeff_a", -0.75f);
    opts.excludeOutside = intAttr(node, "exclude_outside", 0) != 0;
    float extrapolation = floatAttr(node, "extrapolation_value", 0.0f);
    if (coord == "tf_crop_and_resize" && hasInput(node, 1)) {
      FailureOr<HostTensor> roi = readHost(node.input(1), loc, node);
      if (failed(roi))
        return failure();
      // An empty roi is what exporters write for "not given": the whole
      // input, as ONNX Runtime reads it.
      if (roi->size() != 0) {
        if (roi->size() != 8)
          return nodeError(loc, node)
                 << "roi must hold 8 values (starts and ends of the 4 "
                    "dimensions), has "
                 << roi->size();
        // N and C keep their sizes; a crop of them would resample them.
        for (int d = 0; d < 2; ++d)
          if (in.shape[d] > 1 && (roi->at(d) != 0.0 || roi->at(4 + d) != 1.0))
            return nodeError(loc, node)
                   << "roi of dimension " << d << " must be [0, 1], got ["
                   << shortNumber(roi->at(d)) << ", "
                   << shortNumber(roi->at(4 + d)) << "]";
        for (int i = 0; i < 2; ++i) {
          axes[i].roiStart = double(float(roi->at(2 + i)));
          axes[i].roiEnd = double(float(roi->at(6 + i)));
          if (!std::isfinite(axes[i].roiStart) ||
              !std::isfinite(axes[i].roiEnd))
            return nodeError(loc, node) << "roi must be finite";
        }
      }
    }
    // Per axis: the [in, out] weights, empty when the axis is unchanged.
    std::vector<float> weights[2];
    AxisWeights aw[2];
    for (int i = 0; i < 2; ++i) {
      const ResizeAxis &a = axes[i];
      if (a.in * a.out > kMaxResizeMatrix)
        return nodeError(loc, node)
               << "the interpolation matrix of dimension " << 2 + i
               << " would be " << a.in << "x" << a.out << " (" << a.in * a.out
               << " elements); at most " << kMaxResizeMatrix
               << " are supported";
      int64_t bad;
      if (!axisWeights(a, opts, aw[i], bad))
        return nodeError(loc, node)
               << "no interpolation weights for output index " << bad
               << " of dimension " << 2 + i
               << " (a source coordinate out of range, or exclude_outside "
                  "leaving weights that sum to 0)";
      if (!aw[i].isIdentity(a.in, a.out))
        weights[i].assign(aw[i].w.begin(), aw[i].w.end());
    }
    // Rows or columns outside the crop have no weights; they get the
    // extrapolation value from a constant added afterwards. A column outside
    // in a row inside gets it times that row's weights, as ONNX
    // interpolates rows of values that are the extrapolation value there.
    std::vector<float> bias;
    bool anyOutside = llvm::is_contained(aw[0].outside, 1) ||
                      llvm::is_contained(aw[1].outside, 1);
    if (anyOutside && extrapolation != 0.0f) {
      const ResizeAxis &h = axes[0], &w = axes[1];
      bias.assign(h.out * w.out, 0.0f);
      for (int64_t y = 0; y < h.out; ++y) {
        double rowSum = 0;
        for (int64_t i = 0; i < h.in; ++i)
          rowSum += aw[0].w[i * h.out + y];
        for (int64_t xo = 0; xo < w.out; ++xo) {
          if (aw[0].outside[y])
            bias[y * w.out + xo] = extrapolation;
          else if (aw[1].outside[xo])
            bias[y * w.out + xo] = float(double(extrapolation) * rowSum);
        }
      }
    }
    return emitSeparableResize(node, loc, in, outShape, weights[0], weights[1],
                               bias);
  }

  // TOSA: input coordinate = (out * D + offset) / N per axis, all integers.
  // With N = 2n and D = 2d for the scale n/d, every ONNX transform ONNX
  // defines except tf_crop_and_resize is exact.
  Shape scaleAttr(4), offset(2), border(2);
  for (int i = 0; i < 2; ++i) {
    int64_t inDim = in.shape[2 + i], outDim = outShape[2 + i];
    int64_t n, d;
    if (coord == "align_corners") {
      n = outDim - 1;
      d = inDim - 1;
    } else if (!scales.empty()) {
      if (!rationalScale(float(scales[2 + i]), n, d))
        return nodeError(loc, node) << "scale " << scales[2 + i]
                                    << " is not a ratio of integers up to 1024";
    } else {
      n = outDim;
      d = inDim;
    }
    int64_t g = std::gcd(n, d);
    n /= g;
    d /= g;
    if (n > 1024 || d > 1024)
      return nodeError(loc, node)
             << "scale " << n << "/" << d << " has terms larger than 1024";
    int64_t bigN = 2 * n, bigD = 2 * d, off;
    if (coord == "asymmetric" || coord == "align_corners")
      off = 0;
    else if (coord == "half_pixel")
      off = d - n;
    else if (coord == "pytorch_half_pixel")
      off = outDim > 1 ? d - n : 0;
    else // tf_half_pixel_for_nn
      off = d;
    if (mode == "nearest") {
      // TOSA rounds half up: floor(x + 1/2). Shift the offset so that this
      // gives ONNX's rounding of x = y / N.
      if (nearestMode == "round_prefer_floor")
        off -= 1;
      else if (nearestMode == "floor")
        off -= bigN / 2;
      else if (nearestMode == "ceil")
        off += bigN / 2 - 1;
    }
    scaleAttr[2 * i] = bigN;
    scaleAttr[2 * i + 1] = bigD;
    offset[i] = off;
    // TOSA: out = ((in - 1) * N - offset + border) / D + 1.
    border[i] = (outDim - 1) * bigD - (inDim - 1) * bigN + off;
  }
  Shape outPhys = physicalShape(outShape, Layout::NHWC);
  Value result = tosa::ResizeOp::create(
      builder, loc, f32(outPhys), inLayout(in, Layout::NHWC, loc),
      makeShape(scaleAttr, loc), makeShape(offset, loc), makeShape(border, loc),
      mode == "nearest" ? tosa::ResizeMode::NEAREST_NEIGHBOR
                        : tosa::ResizeMode::BILINEAR);
  defineValue(node, 0, result, Layout::NHWC, outShape);
  return success();
}

LogicalResult Importer::emitSeparableResize(const onnx::NodeProto &node,
                                            Location loc, Tensor &in,
                                            llvm::ArrayRef<int64_t> outShape,
                                            llvm::ArrayRef<float> hWeights,
                                            llvm::ArrayRef<float> wWeights,
                                            llvm::ArrayRef<float> bias) {
  // An NHWC input (a convolution's result) stays NHWC for the next
  // convolution; anything else stays in ONNX order.
  Layout layout = in.layout == Layout::NHWC ? Layout::NHWC : Layout::ONNX;
  SmallVector<int32_t, 4> layoutOrder =
      layout == Layout::NHWC
          ? SmallVector<int32_t, 4>(std::begin(kToNHWC), std::end(kToNHWC))
          : SmallVector<int32_t, 4>{0, 1, 2, 3};
  // Start from ONNX order, where the width is last already; an NHWC input
  // shares that transpose with its other consumers.
  Value v = inLayout(in, Layout::ONNX, loc);
  // The ONNX dimension that each physical dimension of `v` holds, and the
  // current size of each ONNX dimension.
  SmallVector<int32_t, 4> order{0, 1, 2, 3};
  Shape dims = in.shape;
  auto physical = [&]() {
    Shape s;
    for (int32_t d : order)
      s.push_back(dims[d]);
    return s;
  };
  // Brings `v` to `newOrder`; a reshape when only dimensions of size 1 move.
  auto reorder = [&](llvm::ArrayRef<int32_t> newOrder) {
    SmallVector<int32_t, 4> perm;
    for (int32_t d : newOrder)
      perm.push_back(llvm::find(order, d) - order.begin());
    auto bigDims = [&](llvm::ArrayRef<int32_t> o) {
      SmallVector<int32_t, 4> r;
      for (int32_t d : o)
        if (dims[d] != 1)
          r.push_back(d);
      return r;
    };
    bool onlyUnitDimsMove = bigDims(order) == bigDims(newOrder);
    order.assign(newOrder.begin(), newOrder.end());
    v = onlyUnitDimsMove ? reshape(v, physical(), loc)
                         : transpose(v, perm, loc);
  };

  std::string name = nodeNames[&node];
  struct Step {
    int32_t dim;
    llvm::ArrayRef<float> weights;
    const char *suffix;
  } steps[] = {{3, wWeights, ".resize_w"}, {2, hWeights, ".resize_h"}};
  for (const Step &step : steps) {
    if (step.weights.empty())
      continue;
    int64_t inDim = dims[step.dim], outDim = outShape[step.dim];
    // The resized dimension last, the others folded into the rows.
    SmallVector<int32_t, 4> newOrder;
    for (int32_t d : order)
      if (d != step.dim)
        newOrder.push_back(d);
    newOrder.push_back(step.dim);
    reorder(newOrder);
    int64_t rows = numElements(dims) / inDim;
    dims[step.dim] = outDim;
    if (!withinSizeLimit(dims))
      return nodeError(loc, node)
             << "the intermediate result " << shapeStr(dims) << " is too large";
    Value a = reshape(v, {1, rows, inDim}, loc);
    Value b = makeConst({1, inDim, outDim}, step.weights, /*asResource=*/true,
                        name + step.suffix, loc);
    Value mm =
        tosa::MatMulOp::create(builder, loc, f32({1, rows, outDim}), a, b);
    v = reshape(mm, physical(), loc);
  }
  reorder(layoutOrder);
  if (!bias.empty()) {
    Value c =
        makeConst(physicalShape({1, 1, outShape[2], outShape[3]}, layout), bias,
                  /*asResource=*/true, name + ".extrapolation", loc);
    v = tosa::AddOp::create(builder, loc, f32(physical()), v, c);
  }
  defineValue(node, 0, v, layout, outShape);
  return success();
}
