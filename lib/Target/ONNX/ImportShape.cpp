//===- ImportShape.cpp - Shape, data movement and constant folding --------===//
//
// Reshape-like ops (Flatten, Reshape, Squeeze, Unsqueeze), Transpose, Concat,
// Split, Slice, Pad, Gather, Expand, Tile, Cast, Constant, ConstantOfShape,
// Identity and Dropout, plus the import-time folding of shape computations
// (Shape, Size and the ops above on constants), which exporters emit around
// Reshape.
//
//===----------------------------------------------------------------------===//

#include "Importer.h"

#include "mlir/Dialect/Tosa/IR/TosaOps.h"

#include "llvm/ADT/STLExtras.h"

#include <cmath>
#include <numeric>

using namespace mlir;
using namespace cim::onnx_import;
using llvm::SmallVector;
using llvm::StringRef;

//===----------------------------------------------------------------------===//
// Shared shape arithmetic
//===----------------------------------------------------------------------===//

/// ONNX Reshape's target: 0 copies the input dimension (unless allowzero),
/// -1 is inferred. Returns an empty string on success, else the problem.
static std::string reshapeTarget(llvm::ArrayRef<int64_t> in,
                                 llvm::ArrayRef<int64_t> target, bool allowZero,
                                 Shape &out) {
  int inferIndex = -1;
  out.clear();
  for (auto [i, d] : llvm::enumerate(target)) {
    if (d == 0 && !allowZero) {
      if (i >= in.size())
        return "shape entry " + std::to_string(i) +
               " is 0 but the input has rank " + std::to_string(in.size());
      out.push_back(in[i]);
    } else if (d == -1) {
      if (inferIndex >= 0)
        return "shape has more than one -1";
      inferIndex = i;
      out.push_back(1);
    } else if (d < 0 || d > kMaxElements) {
      return "shape entry " + std::to_string(i) + " is " + std::to_string(d);
    } else {
      out.push_back(d);
    }
  }
  if (!withinSizeLimit(out))
    return "shape " + shapeStr(out) + " is too large";
  int64_t total = numElements(in), known = numElements(out);
  if (inferIndex >= 0) {
    if (known == 0 || total % known != 0)
      return "cannot reshape " + shapeStr(in) + " to " + shapeStr(out) +
             " with one inferred dimension";
    out[inferIndex] = total / known;
  } else if (known != total) {
    return "cannot reshape " + shapeStr(in) + " to " + shapeStr(out);
  }
  return "";
}

/// Squeeze/Unsqueeze result shape; empty string on success.
static std::string squeezeShape(bool unsqueeze, llvm::ArrayRef<int64_t> in,
                                const std::optional<Shape> &axesIn,
                                Shape &out) {
  int64_t rank = in.size();
  out.clear();
  if (!unsqueeze) {
    SmallVector<bool> drop(rank, false);
    if (!axesIn || axesIn->empty()) {
      for (int64_t i = 0; i < rank; ++i)
        drop[i] = in[i] == 1;
    } else {
      for (int64_t a : *axesIn) {
        int64_t n = a < 0 ? a + rank : a;
        if (n < 0 || n >= rank)
          return "axis " + std::to_string(a) + " is out of range";
        if (in[n] != 1)
          return "axis " + std::to_string(a) + " has size " +
                 std::to_string(in[n]) + ", not 1";
        drop[n] = true;
      }
    }
    for (int64_t i = 0; i < rank; ++i)
      if (!drop[i])
        out.push_back(in[i]);
    return "";
  }
  if (!axesIn)
    return "axes are required";
  int64_t outRank = rank + axesIn->size();
  SmallVector<bool> inserted(outRank, false);
  for (int64_t a : *axesIn) {
    int64_t n = a < 0 ? a + outRank : a;
    if (n < 0 || n >= outRank || inserted[n])
      return "axis " + std::to_string(a) + " is out of range or repeated";
    inserted[n] = true;
  }
  for (int64_t i = 0, j = 0; i < outRank; ++i)
    out.push_back(inserted[i] ? 1 : in[j++]);
  return "";
}

/// ONNX Slice bounds of one axis, clamped as the operator defines them:
/// the indices it reads, in order.
static Shape sliceIndices(int64_t dim, int64_t start, int64_t end,
                          int64_t step) {
  Shape idx;
  if (step > 0) {
    start = start < 0 ? start + dim : start;
    end = end < 0 ? end + dim : end;
    start = std::clamp<int64_t>(start, 0, dim);
    end = std::clamp<int64_t>(end, 0, dim);
    for (int64_t i = start; i < end; i += step)
      idx.push_back(i);
  } else {
    start = start < 0 ? start + dim : start;
    end = end < 0 ? end + dim : end;
    start = std::clamp<int64_t>(start, 0, dim - 1);
    end = std::clamp<int64_t>(end, -1, dim - 1);
    for (int64_t i = start; i > end; i += step)
      idx.push_back(i);
  }
  return idx;
}

/// Elements `indices` of `axis` of a host tensor.
static HostTensor hostTake(const HostTensor &t, int64_t axis,
                           llvm::ArrayRef<int64_t> indices) {
  HostTensor out;
  out.type = t.type;
  out.raw = t.raw;
  out.shape = t.shape;
  out.shape[axis] = indices.size();
  llvm::ArrayRef<int64_t> dims(t.shape);
  int64_t outer = numElements(dims.take_front(axis));
  int64_t inner = numElements(dims.drop_front(axis + 1));
  int64_t dim = t.shape[axis];
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t i : indices)
      for (int64_t in = 0; in < inner; ++in) {
        int64_t src = (o * dim + i) * inner + in;
        if (t.isFloat())
          out.floats.push_back(t.floats[src]);
        else
          out.ints.push_back(t.ints[src]);
      }
  return out;
}

FailureOr<std::optional<Shape>>
Importer::axesOperand(const onnx::NodeProto &node, Location loc, int inputIndex,
                      int64_t inputFrom) {
  if (opset() < inputFrom) {
    if (!findAttr(node, "axes"))
      return std::optional<Shape>();
    return std::optional<Shape>(intsAttr(node, "axes", {}));
  }
  if (!hasInput(node, inputIndex))
    return std::optional<Shape>();
  FailureOr<SmallVector<int64_t>> axes =
      readInts(node.input(inputIndex), loc, node);
  if (failed(axes))
    return failure();
  return std::optional<Shape>(Shape(axes->begin(), axes->end()));
}

//===----------------------------------------------------------------------===//
// Folding at import
//===----------------------------------------------------------------------===//

LogicalResult Importer::tryFold(const onnx::NodeProto &node, Location loc,
                                bool &folded) {
  folded = false;
  StringRef op = node.op_type();
  if (domainName(node.domain()) != "ai.onnx" || node.output_size() < 1)
    return success();
  auto shapeOf = [&](StringRef name) -> std::optional<Shape> {
    auto it = values.find(name);
    if (it != values.end())
      return it->second.shape;
    auto c = constants.find(name);
    if (c != constants.end())
      return Shape(c->second->dims().begin(), c->second->dims().end());
    return std::nullopt;
  };
  if (op == "Shape" || op == "Size") {
    std::optional<Shape> shape = shapeOf(node.input(0));
    if (!shape)
      return nodeError(loc, node)
             << "input '" << node.input(0) << "' is not defined";
    HostTensor h;
    h.type = onnx::TensorProto::INT64;
    if (op == "Size") {
      h.ints = {numElements(*shape)};
    } else {
      int64_t rank = shape->size();
      int64_t start = intAttr(node, "start", 0);
      int64_t end = intAttr(node, "end", rank);
      start = std::clamp<int64_t>(start < 0 ? start + rank : start, 0, rank);
      end = std::clamp<int64_t>(end < 0 ? end + rank : end, 0, rank);
      for (int64_t i = start; i < end; ++i)
        h.ints.push_back((*shape)[i]);
      h.shape = {int64_t(h.ints.size())};
    }
    defineConstant(node.output(0), h);
    folded = true;
    return success();
  }

  static const llvm::StringSet<> foldable = {
      "Gather",  "Concat",  "Unsqueeze", "Squeeze",  "Slice", "Cast",
      "Reshape", "Flatten", "Identity",  "Dropout",  "Add",   "Sub",
      "Mul",     "Div",     "Neg",       "Transpose"};
  if (!foldable.contains(op) || node.input_size() == 0)
    return success();
  for (const std::string &input : node.input())
    if (!input.empty() && !isConstant(input))
      return success();
  FailureOr<HostTensor> x = readHost(node.input(0), loc, node);
  if (failed(x))
    return failure();
  HostTensor out;
  if (op == "Identity" || op == "Dropout") {
    if (failed(rejectExtraOutputs(node, loc, 1)))
      return failure();
    // Share the tensor: weights stay resource blobs under their own name.
    constants[node.output(0)] = constants[node.input(0)];
    folded = true;
    return success();
  }
  if (op == "Gather") {
    FailureOr<HostTensor> idx = readHost(node.input(1), loc, node);
    if (failed(idx))
      return failure();
    int64_t rank = x->shape.size();
    FailureOr<int64_t> axis =
        normAxis(intAttr(node, "axis", 0), rank, loc, node);
    if (failed(axis))
      return failure();
    Shape flat;
    for (int64_t i = 0; i < idx->size(); ++i) {
      int64_t v = idx->intAt(i), dim = x->shape[*axis];
      if (v < -dim || v >= dim)
        return nodeError(loc, node) << "index " << v << " is out of range";
      flat.push_back(v < 0 ? v + dim : v);
    }
    out = hostTake(*x, *axis, flat);
    Shape shape(x->shape.begin(), x->shape.begin() + *axis);
    shape.append(idx->shape.begin(), idx->shape.end());
    shape.append(x->shape.begin() + *axis + 1, x->shape.end());
    out.shape = shape;
  } else if (op == "Concat") {
    int64_t rank = x->shape.size();
    FailureOr<int64_t> axis =
        normAxis(intAttr(node, "axis", 0), rank, loc, node);
    if (failed(axis))
      return failure();
    SmallVector<HostTensor> parts;
    for (const std::string &input : node.input()) {
      FailureOr<HostTensor> p = readHost(input, loc, node);
      if (failed(p))
        return failure();
      if (p->shape.size() != size_t(rank) || p->isFloat() != x->isFloat())
        return nodeError(loc, node) << "inputs differ in rank or type";
      parts.push_back(std::move(*p));
    }
    out.type = x->type;
    out.shape = x->shape;
    out.shape[*axis] = 0;
    for (const HostTensor &p : parts)
      out.shape[*axis] += p.shape[*axis];
    llvm::ArrayRef<int64_t> dims(x->shape);
    int64_t outer = numElements(dims.take_front(*axis));
    for (int64_t o = 0; o < outer; ++o)
      for (const HostTensor &p : parts) {
        int64_t chunk =
            numElements(llvm::ArrayRef<int64_t>(p.shape).drop_front(*axis));
        for (int64_t i = o * chunk; i < (o + 1) * chunk; ++i) {
          if (p.isFloat())
            out.floats.push_back(p.floats[i]);
          else
            out.ints.push_back(p.ints[i]);
        }
      }
  } else if (op == "Unsqueeze" || op == "Squeeze") {
    FailureOr<std::optional<Shape>> axes = axesOperand(node, loc, 1, 13);
    if (failed(axes))
      return failure();
    out = *x;
    std::string err =
        squeezeShape(op == "Unsqueeze", x->shape, *axes, out.shape);
    if (!err.empty())
      return nodeError(loc, node) << err;
  } else if (op == "Reshape" || op == "Flatten") {
    out = *x;
    if (op == "Flatten") {
      int64_t rank = x->shape.size();
      FailureOr<int64_t> axis = normAxis(intAttr(node, "axis", 1), rank, loc,
                                         node, /*inclusive=*/true);
      if (failed(axis))
        return failure();
      llvm::ArrayRef<int64_t> dims(x->shape);
      out.shape = {numElements(dims.take_front(*axis)),
                   numElements(dims.drop_front(*axis))};
    } else {
      FailureOr<SmallVector<int64_t>> target =
          readInts(node.input(1), loc, node);
      if (failed(target))
        return failure();
      std::string err = reshapeTarget(
          x->shape, *target, intAttr(node, "allowzero", 0) != 0, out.shape);
      if (!err.empty())
        return nodeError(loc, node) << err;
    }
  } else if (op == "Transpose") {
    int64_t rank = x->shape.size();
    Shape perm = intsAttr(node, "perm", {});
    if (perm.empty())
      for (int64_t i = rank - 1; i >= 0; --i)
        perm.push_back(i);
    Shape sorted(perm);
    llvm::sort(sorted);
    for (int64_t i = 0; i < rank; ++i)
      if (sorted.size() != size_t(rank) || sorted[i] != i)
        return nodeError(loc, node)
               << "perm is not a permutation of the " << rank << " axes";
    out = *x;
    Shape outShape;
    for (int64_t p : perm)
      outShape.push_back(x->shape[p]);
    out.shape = outShape;
    // Gather each output element from its source position.
    SmallVector<int64_t> strides(rank, 1);
    for (int64_t i = rank - 1; i > 0; --i)
      strides[i - 1] = strides[i] * x->shape[i];
    SmallVector<int64_t> index(rank, 0);
    out.ints.clear();
    out.floats.clear();
    for (int64_t flat = 0, n = x->size(); flat < n; ++flat) {
      int64_t src = 0;
      for (int64_t i = 0; i < rank; ++i)
        src += index[i] * strides[perm[i]];
      if (x->isFloat())
        out.floats.push_back(x->floats[src]);
      else
        out.ints.push_back(x->ints[src]);
      for (int64_t i = rank - 1; i >= 0; --i) {
        if (++index[i] < outShape[i])
          break;
        index[i] = 0;
      }
    }
  } else if (op == "Slice") {
    Shape starts, ends, axes, steps;
    if (opset() < 10) {
      starts = intsAttr(node, "starts", {});
      ends = intsAttr(node, "ends", {});
      axes = intsAttr(node, "axes", {});
    } else {
      for (int i = 1; i <= 4; ++i) {
        if (!hasInput(node, i))
          continue;
        FailureOr<SmallVector<int64_t>> v = readInts(node.input(i), loc, node);
        if (failed(v))
          return failure();
        Shape &dst = i == 1 ? starts : i == 2 ? ends : i == 3 ? axes : steps;
        dst.assign(v->begin(), v->end());
      }
    }
    int64_t rank = x->shape.size();
    if (axes.empty())
      for (size_t i = 0; i < starts.size(); ++i)
        axes.push_back(i);
    if (steps.empty())
      steps.assign(starts.size(), 1);
    if (ends.size() != starts.size() || axes.size() != starts.size() ||
        steps.size() != starts.size())
      return nodeError(loc, node)
             << "starts, ends, axes and steps differ in length";
    out = *x;
    for (size_t i = 0; i < starts.size(); ++i) {
      FailureOr<int64_t> axis = normAxis(axes[i], rank, loc, node);
      if (failed(axis))
        return failure();
      if (steps[i] == 0)
        return nodeError(loc, node) << "step 0";
      out = hostTake(
          out, *axis,
          sliceIndices(out.shape[*axis], starts[i], ends[i], steps[i]));
    }
  } else if (op == "Cast") {
    int64_t to = intAttr(node, "to", onnx::TensorProto::FLOAT);
    out.shape = x->shape;
    out.type = to;
    out.raw = x->raw;
    bool toFloat =
        to == onnx::TensorProto::FLOAT || to == onnx::TensorProto::DOUBLE;
    bool toInt =
        to == onnx::TensorProto::INT64 || to == onnx::TensorProto::INT32 ||
        to == onnx::TensorProto::INT16 || to == onnx::TensorProto::INT8 ||
        to == onnx::TensorProto::UINT8 || to == onnx::TensorProto::BOOL;
    if (!toFloat && !toInt)
      return nodeError(loc, node)
             << "cast of a constant to ONNX data type " << to
             << " is not supported (float, double or an integer type)";
    for (int64_t i = 0, n = x->size(); i < n; ++i) {
      double v = x->at(i);
      if (toFloat) {
        out.floats.push_back(to == onnx::TensorProto::FLOAT ? double(float(v))
                                                            : v);
      } else if (to == onnx::TensorProto::BOOL) {
        out.ints.push_back(v != 0);
      } else {
        if (!std::isfinite(v) || std::fabs(v) > 9.2e18)
          return nodeError(loc, node) << "value " << v << " does not fit";
        out.ints.push_back(x->isFloat() ? int64_t(std::trunc(v)) : x->ints[i]);
      }
    }
  } else {
    // Arithmetic with numpy broadcasting.
    SmallVector<HostTensor, 2> in{*x};
    if (op != "Neg") {
      FailureOr<HostTensor> y = readHost(node.input(1), loc, node);
      if (failed(y))
        return failure();
      if (y->isFloat() != x->isFloat())
        return nodeError(loc, node) << "operands differ in type";
      in.push_back(std::move(*y));
    }
    Shape shape = x->shape;
    if (in.size() == 2 && !broadcastShapes(x->shape, in[1].shape, shape))
      return nodeError(loc, node)
             << "shapes " << shapeStr(x->shape) << " and "
             << shapeStr(in[1].shape) << " do not broadcast";
    if (numElements(shape) > (int64_t(1) << 20))
      return success(); // Large float arithmetic stays in the graph.
    out.type = x->type;
    out.shape = shape;
    int64_t n = numElements(shape), rank = shape.size();
    auto srcIndex = [&](const HostTensor &t, int64_t flat) {
      int64_t src = 0, stride = 1;
      int64_t offset = rank - t.shape.size();
      for (int64_t i = rank - 1; i >= 0; --i) {
        int64_t coord = flat % shape[i];
        flat /= shape[i];
        if (i >= offset) {
          int64_t d = t.shape[i - offset];
          src += (d == 1 ? 0 : coord) * stride;
          stride *= d;
        }
      }
      return src;
    };
    for (int64_t i = 0; i < n; ++i) {
      if (x->isFloat()) {
        double a = in[0].floats[srcIndex(in[0], i)];
        double b = in.size() > 1 ? in[1].floats[srcIndex(in[1], i)] : 0.0;
        double r = op == "Add"   ? a + b
                   : op == "Sub" ? a - b
                   : op == "Mul" ? a * b
                   : op == "Div" ? a / b
                                 : -a;
        out.floats.push_back(
            x->type == onnx::TensorProto::FLOAT ? double(float(r)) : r);
      } else {
        int64_t a = in[0].ints[srcIndex(in[0], i)];
        int64_t b = in.size() > 1 ? in[1].ints[srcIndex(in[1], i)] : 0;
        if (op == "Div" && b == 0)
          return nodeError(loc, node) << "integer division by zero";
        int64_t r = op == "Add"   ? a + b
                    : op == "Sub" ? a - b
                    : op == "Mul" ? a * b
                    : op == "Div" ? a / b
                                  : -a;
        out.ints.push_back(r);
      }
    }
  }
  defineConstant(node.output(0), out);
  folded = true;
  return success();
}

//===----------------------------------------------------------------------===//
// Reshape-like
//===----------------------------------------------------------------------===//

LogicalResult Importer::lowerFlatten(const onnx::NodeProto &node,
                                     Location loc) {
  FailureOr<Tensor *> x = getTensor(node.input(0), loc, node);
  if (failed(x))
    return failure();
  Tensor &in = **x;
  int64_t rank = in.shape.size();
  FailureOr<int64_t> axis = normAxis(intAttr(node, "axis", 1), rank, loc, node,
                                     /*inclusive=*/true);
  if (failed(axis))
    return failure();
  llvm::ArrayRef<int64_t> dims(in.shape);
  Shape outShape{numElements(dims.take_front(*axis)),
                 numElements(dims.drop_front(*axis))};
  Tensor out;
  out.shape = outShape;
  if (in.layout == Layout::NHWC && *axis == 1) {
    // Keep the NHWC order and let the consumer permute its weights.
    out.layout = Layout::FlatNHWC;
    out.chw = {in.shape[1], in.shape[2], in.shape[3]};
    out.nhwcSource = in.value;
    out.value = reshape(in.value, outShape, loc);
  } else if (in.layout == Layout::FlatNHWC && *axis == 1) {
    out.layout = Layout::FlatNHWC;
    out.chw = in.chw;
    out.nhwcSource = in.nhwcSource;
    out.value = in.value;
  } else {
    out.value = onnxData(in, loc, outShape);
  }
  define(node, 0, std::move(out));
  return success();
}

LogicalResult Importer::lowerReshape(const onnx::NodeProto &node,
                                     Location loc) {
  FailureOr<Tensor *> x = getTensor(node.input(0), loc, node);
  if (failed(x))
    return failure();
  FailureOr<SmallVector<int64_t>> target = readInts(node.input(1), loc, node);
  if (failed(target))
    return failure();
  Tensor &in = **x;
  Shape outShape;
  std::string err = reshapeTarget(in.shape, *target,
                                  intAttr(node, "allowzero", 0) != 0, outShape);
  if (!err.empty())
    return nodeError(loc, node) << err;
  Tensor out;
  out.shape = outShape;
  if (in.layout == Layout::FlatNHWC && outShape == in.shape) {
    out.layout = Layout::FlatNHWC;
    out.chw = in.chw;
    out.nhwcSource = in.nhwcSource;
    out.value = in.value;
  } else {
    out.value = onnxData(in, loc, outShape);
  }
  define(node, 0, std::move(out));
  return success();
}

LogicalResult Importer::lowerSqueeze(const onnx::NodeProto &node,
                                     Location loc) {
  FailureOr<Tensor *> x = getTensor(node.input(0), loc, node);
  if (failed(x))
    return failure();
  FailureOr<std::optional<Shape>> axes = axesOperand(node, loc, 1, 13);
  if (failed(axes))
    return failure();
  Shape outShape;
  std::string err =
      squeezeShape(node.op_type() == "Unsqueeze", (*x)->shape, *axes, outShape);
  if (!err.empty())
    return nodeError(loc, node) << err;
  defineValue(node, 0, onnxData(**x, loc, outShape), Layout::ONNX, outShape);
  return success();
}

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

LogicalResult Importer::lowerTranspose(const onnx::NodeProto &node,
                                       Location loc) {
  FailureOr<Tensor *> x = getTensor(node.input(0), loc, node);
  if (failed(x))
    return failure();
  Tensor &in = **x;
  int64_t rank = in.shape.size();
  Shape perm = intsAttr(node, "perm", {});
  if (perm.empty())
    for (int64_t i = rank - 1; i >= 0; --i)
      perm.push_back(i);
  Shape sorted(perm);
  llvm::sort(sorted);
  for (int64_t i = 0; i < rank; ++i)
    if (sorted.size() != size_t(rank) || sorted[i] != i)
      return nodeError(loc, node)
             << "perm is not a permutation of the " << rank << " axes";
  Shape outShape;
  for (int64_t p : perm)
    outShape.push_back(in.shape[p]);
  // On an NHWC value, compose with the layout: one transpose (or none).
  SmallVector<int32_t> phys;
  Value src;
  if (in.layout == Layout::NHWC) {
    src = in.value;
    for (int64_t p : perm)
      phys.push_back(kToNCHW[p]);
  } else {
    src = inLayout(in, Layout::ONNX, loc);
    for (int64_t p : perm)
      phys.push_back(p);
  }
  bool identity = true;
  for (int64_t i = 0; i < rank; ++i)
    identity &= phys[i] == i;
  Value result = identity ? src : transpose(src, phys, loc);
  defineValue(node, 0, result, Layout::ONNX, outShape);
  return success();
}

LogicalResult Importer::lowerConcat(const onnx::NodeProto &node, Location loc) {
  SmallVector<Tensor *> ins;
  SmallVector<std::optional<ConstData>> consts;
  Shape first;
  bool nhwc = false;
  for (const std::string &name : node.input()) {
    if (!values.count(name) && isConstant(name)) {
      FailureOr<ConstData> c = readConstant(name, loc, node);
      if (failed(c))
        return failure();
      consts.push_back(std::move(*c));
      ins.push_back(nullptr);
    } else {
      FailureOr<Tensor *> t = getTensor(name, loc, node);
      if (failed(t))
        return failure();
      ins.push_back(*t);
      consts.push_back(std::nullopt);
      nhwc |= (*t)->layout == Layout::NHWC;
    }
  }
  if (ins.empty())
    return nodeError(loc, node) << "needs at least one input";
  auto shapeAt = [&](size_t i) -> Shape {
    return ins[i] ? ins[i]->shape : consts[i]->shape;
  };
  first = shapeAt(0);
  int64_t rank = first.size();
  FailureOr<int64_t> axis = normAxis(intAttr(node, "axis", 0), rank, loc, node);
  if (failed(axis))
    return failure();
  Shape outShape = first;
  outShape[*axis] = 0;
  for (size_t i = 0; i < ins.size(); ++i) {
    Shape s = shapeAt(i);
    for (int64_t d = 0; d < rank; ++d)
      if (s.size() != size_t(rank) || (d != *axis && s[d] != first[d]))
        return nodeError(loc, node)
               << "input shapes " << shapeStr(first) << " and " << shapeStr(s)
               << " differ outside axis " << *axis;
    outShape[*axis] += s[*axis];
  }
  Layout layout = nhwc && rank == 4 ? Layout::NHWC : Layout::ONNX;
  SmallVector<Value> operands;
  for (size_t i = 0; i < ins.size(); ++i) {
    Shape s = shapeAt(i);
    if (s[*axis] == 0)
      continue; // ONNX allows empty inputs; TOSA has no empty tensors.
    if (ins[i]) {
      operands.push_back(inLayout(*ins[i], layout, loc));
      continue;
    }
    std::vector<float> data = consts[i]->data;
    std::string name = consts[i]->name;
    if (layout == Layout::NHWC) {
      data = permuteData(data, s, kToNHWC);
      name += ".nhwc";
    }
    operands.push_back(
        makeConst(physicalShape(s, layout), data, consts[i]->raw, name, loc));
  }
  if (operands.empty())
    return nodeError(loc, node) << "all inputs are empty";
  int32_t physAxis = layout == Layout::NHWC ? kToNCHW[*axis] : *axis;
  Value result = operands.size() == 1
                     ? operands[0]
                     : Value(tosa::ConcatOp::create(
                           builder, loc, f32(physicalShape(outShape, layout)),
                           operands, physAxis));
  defineValue(node, 0, result, layout, outShape);
  return success();
}

LogicalResult Importer::lowerSplit(const onnx::NodeProto &node, Location loc) {
  FailureOr<Tensor *> x = getTensor(node.input(0), loc, node);
  if (failed(x))
    return failure();
  Tensor &in = **x;
  int64_t rank = in.shape.size();
  FailureOr<int64_t> axis = normAxis(intAttr(node, "axis", 0), rank, loc, node);
  if (failed(axis))
    return failure();
  int64_t dim = in.shape[*axis], outputs = node.output_size();
  Shape sizes;
  if (opset() < 13) {
    sizes = intsAttr(node, "split", {});
  } else if (hasInput(node, 1)) {
    FailureOr<SmallVector<int64_t>> s = readInts(node.input(1), loc, node);
    if (failed(s))
      return failure();
    sizes.assign(s->begin(), s->end());
  }
  if (sizes.empty()) {
    if (outputs < 1 || dim % outputs != 0)
      return nodeError(loc, node)
             << "cannot split " << dim << " into " << outputs << " equal parts";
    sizes.assign(outputs, dim / outputs);
  }
  if (int64_t(sizes.size()) != outputs ||
      llvm::any_of(sizes, [](int64_t s) { return s < 1; }) ||
      std::accumulate(sizes.begin(), sizes.end(), int64_t(0)) != dim)
    return nodeError(loc, node)
           << "split sizes must be positive, one per output, and add up to "
           << dim;
  Layout layout = in.layout == Layout::NHWC ? Layout::NHWC : Layout::ONNX;
  Value v = inLayout(in, layout, loc);
  int64_t physAxis = layout == Layout::NHWC ? kToNCHW[*axis] : *axis;
  Shape phys = physicalShape(in.shape, layout);
  int64_t offset = 0;
  for (int64_t i = 0; i < outputs; ++i) {
    Shape start(rank, 0), size(phys);
    start[physAxis] = offset;
    size[physAxis] = sizes[i];
    Shape outShape(in.shape);
    outShape[*axis] = sizes[i];
    if (!node.output(i).empty())
      defineValue(node, i, slice(v, start, size, loc), layout, outShape);
    offset += sizes[i];
  }
  return success();
}

Value Importer::gatherAxis(Value v, llvm::ArrayRef<int64_t> shape, int64_t axis,
                           llvm::ArrayRef<int64_t> indices, Location loc) {
  int64_t rank = shape.size();
  Shape outShape(shape);
  outShape[axis] = indices.size();
  bool contiguous = true;
  for (size_t i = 1; i < indices.size(); ++i)
    contiguous &= indices[i] == indices[i - 1] + 1;
  if (contiguous) {
    Shape start(rank, 0);
    start[axis] = indices.front();
    return slice(v, start, outShape, loc);
  }
  // tosa.gather reads rows of [N, K, C] values: N = the dimensions before
  // the axis, K = the axis, C = those after; the same indices for every N.
  int64_t outer = numElements(shape.take_front(axis));
  int64_t inner = numElements(shape.drop_front(axis + 1));
  int64_t w = indices.size();
  Value v3 = reshape(v, {outer, shape[axis], inner}, loc);
  std::vector<int32_t> idx;
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t i : indices)
      idx.push_back(int32_t(i));
  auto idxType = RankedTensorType::get({outer, w}, builder.getI32Type());
  Value idxConst = tosa::ConstOp::create(
      builder, loc, idxType,
      DenseElementsAttr::get(idxType, llvm::ArrayRef<int32_t>(idx)));
  Value g = tosa::GatherOp::create(builder, loc, f32({outer, w, inner}), v3,
                                   idxConst);
  return reshape(g, outShape, loc);
}

LogicalResult Importer::lowerSlice(const onnx::NodeProto &node, Location loc) {
  FailureOr<Tensor *> x = getTensor(node.input(0), loc, node);
  if (failed(x))
    return failure();
  Tensor &in = **x;
  int64_t rank = in.shape.size();
  Shape starts, ends, axes, steps;
  if (opset() < 10) {
    starts = intsAttr(node, "starts", {});
    ends = intsAttr(node, "ends", {});
    axes = intsAttr(node, "axes", {});
  } else {
    for (int i = 1; i <= 4; ++i) {
      if (!hasInput(node, i))
        continue;
      FailureOr<SmallVector<int64_t>> v = readInts(node.input(i), loc, node);
      if (failed(v))
        return failure();
      Shape &dst = i == 1 ? starts : i == 2 ? ends : i == 3 ? axes : steps;
      dst.assign(v->begin(), v->end());
    }
  }
  if (axes.empty())
    for (size_t i = 0; i < starts.size(); ++i)
      axes.push_back(i);
  if (steps.empty())
    steps.assign(starts.size(), 1);
  if (ends.size() != starts.size() || axes.size() != starts.size() ||
      steps.size() != starts.size())
    return nodeError(loc, node)
           << "starts, ends, axes and steps differ in length";
  // The indices read along every axis.
  SmallVector<Shape> picks;
  for (int64_t d = 0; d < rank; ++d) {
    Shape all(in.shape[d]);
    std::iota(all.begin(), all.end(), 0);
    picks.push_back(all);
  }
  SmallVector<bool> seen(rank, false);
  for (size_t i = 0; i < starts.size(); ++i) {
    FailureOr<int64_t> axis = normAxis(axes[i], rank, loc, node);
    if (failed(axis))
      return failure();
    if (seen[*axis])
      return nodeError(loc, node) << "axis " << axes[i] << " is repeated";
    seen[*axis] = true;
    if (steps[i] == 0)
      return nodeError(loc, node) << "steps must not be 0";
    picks[*axis] = sliceIndices(in.shape[*axis], starts[i], ends[i], steps[i]);
    if (picks[*axis].empty())
      return nodeError(loc, node) << "the result is empty along axis " << *axis
                                  << "; empty tensors are not supported";
  }
  Shape outShape;
  bool contiguous = true;
  for (const Shape &p : picks) {
    outShape.push_back(p.size());
    for (size_t i = 1; i < p.size(); ++i)
      contiguous &= p[i] == p[i - 1] + 1;
  }
  if (contiguous) {
    // One tosa.slice, in the input's layout when that is NHWC.
    Layout layout = in.layout == Layout::NHWC ? Layout::NHWC : Layout::ONNX;
    Shape start, size;
    for (const Shape &p : picks)
      start.push_back(p.front());
    size = outShape;
    if (layout == Layout::NHWC) {
      start = physicalShape(start, Layout::NHWC);
      size = physicalShape(size, Layout::NHWC);
    }
    defineValue(node, 0, slice(inLayout(in, layout, loc), start, size, loc),
                layout, outShape);
    return success();
  }
  // Strided or reversed: one gather per such axis.
  Value v = inLayout(in, Layout::ONNX, loc);
  Shape shape(in.shape);
  for (int64_t d = 0; d < rank; ++d) {
    if (picks[d].size() == size_t(shape[d]) &&
        llvm::equal(picks[d], llvm::seq<int64_t>(0, shape[d])))
      continue;
    v = gatherAxis(v, shape, d, picks[d], loc);
    shape[d] = picks[d].size();
  }
  defineValue(node, 0, v, Layout::ONNX, outShape);
  return success();
}

LogicalResult Importer::lowerPad(const onnx::NodeProto &node, Location loc) {
  std::string mode = stringAttr(node, "mode", "constant");
  if (mode != "constant" && mode != "reflect" && mode != "edge")
    return nodeError(loc, node) << "mode '" << mode
                                << "' is not supported (constant, reflect or "
                                   "edge)";
  FailureOr<Tensor *> x = getTensor(node.input(0), loc, node);
  if (failed(x))
    return failure();
  Tensor &in = **x;
  int64_t rank = in.shape.size();
  Shape pads;
  float value = 0.0f;
  Value padValue;
  if (opset() < 11) {
    pads = intsAttr(node, "pads", {});
    value = floatAttr(node, "value", 0.0f);
  } else {
    FailureOr<SmallVector<int64_t>> p = readInts(node.input(1), loc, node);
    if (failed(p))
      return failure();
    pads.assign(p->begin(), p->end());
    if (hasInput(node, 2) && !values.count(node.input(2)) &&
        isConstant(node.input(2))) {
      FailureOr<ConstData> c = readConstant(node.input(2), loc, node);
      if (failed(c))
        return failure();
      if (c->data.size() != 1)
        return nodeError(loc, node) << "constant_value must be a scalar";
      value = c->data[0];
    } else if (hasInput(node, 2)) {
      // Computed at run time: TOSA's pad_const is an operand, a [1] tensor.
      FailureOr<Tensor *> c = getTensor(node.input(2), loc, node);
      if (failed(c))
        return failure();
      if (numElements((*c)->shape) != 1)
        return nodeError(loc, node)
               << "constant_value must be a scalar, has shape "
               << shapeStr((*c)->shape);
      padValue = onnxData(**c, loc, {1});
    }
  }
  if (int64_t(pads.size()) != 2 * rank)
    return nodeError(loc, node)
           << "expected " << 2 * rank << " pads, got " << pads.size();
  Layout layout = in.layout == Layout::NHWC ? Layout::NHWC : Layout::ONNX;
  Value v = inLayout(in, layout, loc);
  // Per physical axis: (begin, end) padding.
  SmallVector<std::pair<int64_t, int64_t>> perAxis(rank);
  Shape outShape(in.shape);
  for (int64_t d = 0; d < rank; ++d) {
    int64_t p = layout == Layout::NHWC ? kToNCHW[d] : d;
    perAxis[p] = {pads[d], pads[d + rank]};
    outShape[d] += pads[d] + pads[d + rank];
    if (outShape[d] < 1 || pads[d] > kMaxWindowParam ||
        pads[d + rank] > kMaxWindowParam)
      return nodeError(loc, node)
             << "pads " << pads[d] << ", " << pads[d + rank] << " on axis " << d
             << " leave no data or are too large";
    if (mode == "reflect" &&
        (pads[d] >= in.shape[d] || pads[d + rank] >= in.shape[d]))
      return nodeError(loc, node)
             << "reflect padding on axis " << d
             << " must be smaller than its size " << in.shape[d];
  }
  // Negative pads crop first.
  Shape phys = physicalShape(in.shape, layout), start(rank, 0);
  bool crop = false;
  for (int64_t p = 0; p < rank; ++p) {
    auto &[b, e] = perAxis[p];
    if (b < 0) {
      start[p] = -b;
      phys[p] += b;
      b = 0;
      crop = true;
    }
    if (e < 0) {
      phys[p] += e;
      e = 0;
      crop = true;
    }
  }
  if (crop)
    v = slice(v, start, phys, loc);
  if (mode == "constant") {
    Shape flat, padded(phys);
    for (int64_t p = 0; p < rank; ++p) {
      flat.append({perAxis[p].first, perAxis[p].second});
      padded[p] += perAxis[p].first + perAxis[p].second;
    }
    if (llvm::any_of(flat, [](int64_t p) { return p != 0; }))
      v = tosa::PadOp::create(
          builder, loc, f32(padded), v, makeShape(flat, loc),
          padValue ? padValue
                   : makeConst({1}, value, /*asResource=*/false, "", loc));
  } else {
    // Edge repeats the border element; reflect mirrors without repeating
    // it. Both are concatenations of slices along each axis in turn.
    for (int64_t p = 0; p < rank; ++p) {
      auto [b, e] = perAxis[p];
      if (b == 0 && e == 0)
        continue;
      int64_t dim = phys[p];
      SmallVector<Value> parts;
      auto piece = [&](Shape idx) {
        Shape shape(phys);
        parts.push_back(gatherAxis(v, shape, p, idx, loc));
      };
      Shape before, after;
      for (int64_t i = 0; i < b; ++i)
        before.push_back(mode == "edge" ? 0 : b - i);
      for (int64_t i = 0; i < e; ++i)
        after.push_back(mode == "edge" ? dim - 1 : dim - 2 - i);
      if (!before.empty())
        piece(before);
      parts.push_back(v);
      if (!after.empty())
        piece(after);
      phys[p] = dim + b + e;
      v = tosa::ConcatOp::create(builder, loc, f32(phys), parts, p);
    }
  }
  defineValue(node, 0, v, layout, outShape);
  return success();
}

LogicalResult Importer::lowerGather(const onnx::NodeProto &node, Location loc) {
  FailureOr<Tensor *> x = getTensor(node.input(0), loc, node);
  if (failed(x))
    return failure();
  Tensor &in = **x;
  int64_t rank = in.shape.size();
  FailureOr<int64_t> axis = normAxis(intAttr(node, "axis", 0), rank, loc, node);
  if (failed(axis))
    return failure();
  if (!isConstant(node.input(1)))
    return nodeError(loc, node)
           << "indices '" << node.input(1)
           << "' must be a constant (only constant indices are supported)";
  FailureOr<HostTensor> idx = readHost(node.input(1), loc, node);
  if (failed(idx))
    return failure();
  if (idx->isFloat())
    return nodeError(loc, node) << "indices must be integers";
  int64_t dim = in.shape[*axis];
  Shape flat;
  for (int64_t i = 0; i < idx->size(); ++i) {
    int64_t v = idx->ints[i];
    if (v < -dim || v >= dim)
      return nodeError(loc, node)
             << "index " << v << " is out of range for dimension " << dim;
    flat.push_back(v < 0 ? v + dim : v);
  }
  if (flat.empty())
    return nodeError(loc, node) << "empty indices are not supported";
  Shape outShape(in.shape.begin(), in.shape.begin() + *axis);
  outShape.append(idx->shape.begin(), idx->shape.end());
  outShape.append(in.shape.begin() + *axis + 1, in.shape.end());
  Value g =
      gatherAxis(inLayout(in, Layout::ONNX, loc), in.shape, *axis, flat, loc);
  defineValue(node, 0, reshape(g, outShape, loc), Layout::ONNX, outShape);
  return success();
}

FailureOr<SmallVector<int64_t>>
Importer::constantInts(const onnx::NodeProto &node, Location loc, int index,
                       StringRef what) {
  if (!hasInput(node, index))
    return nodeError(loc, node)
           << "missing input " << index << " (" << what << ")";
  StringRef name = node.input(index);
  if (values.count(name) || !isConstant(name))
    return nodeError(loc, node)
           << what << " '" << name
           << "' must be a constant (initializer or Constant node); static "
              "shapes are read at import";
  return readInts(name, loc, node);
}

void Importer::defineTiled(const onnx::NodeProto &node, Location loc,
                           Tensor &in, llvm::ArrayRef<int64_t> padded,
                           llvm::ArrayRef<int64_t> multiples) {
  Shape outShape;
  for (auto [d, m] : llvm::zip(padded, multiples))
    outShape.push_back(d * m);
  bool nhwc = in.layout == Layout::NHWC && in.shape.size() == padded.size();
  Layout layout = nhwc ? Layout::NHWC : Layout::ONNX;
  Value v = nhwc ? in.value : onnxData(in, loc, padded);
  Shape physMultiples(multiples);
  if (nhwc)
    for (int i = 0; i < 4; ++i)
      physMultiples[i] = multiples[kToNHWC[i]];
  if (llvm::any_of(multiples, [](int64_t m) { return m != 1; }))
    v = tosa::TileOp::create(builder, loc, f32(physicalShape(outShape, layout)),
                             v, makeShape(physMultiples, loc));
  defineValue(node, 0, v, layout, outShape);
}

LogicalResult Importer::lowerExpand(const onnx::NodeProto &node, Location loc) {
  FailureOr<SmallVector<int64_t>> target = constantInts(node, loc, 1, "shape");
  if (failed(target))
    return failure();
  StringRef input = node.input(0);
  bool constInput = !values.count(input) && isConstant(input);
  Shape inShape;
  if (constInput) {
    const onnx::TensorProto &t = *constants.lookup(input);
    inShape.assign(t.dims().begin(), t.dims().end());
  } else {
    FailureOr<Tensor *> x = getTensor(input, loc, node);
    if (failed(x))
      return failure();
    inShape = (*x)->shape;
  }
  // Numpy broadcasting both ways: a 1 in `shape` keeps the input dimension.
  Shape outShape;
  if (llvm::any_of(*target, [](int64_t d) { return d < 0; }) ||
      !broadcastShapes(inShape, *target, outShape))
    return nodeError(loc, node)
           << "input shape " << shapeStr(inShape) << " does not broadcast to "
           << shapeStr(*target);
  if (!withinSizeLimit(outShape))
    return nodeError(loc, node)
           << "result shape " << shapeStr(outShape) << " has more than "
           << kMaxElements << " elements";
  size_t rank = outShape.size();
  Shape padded(rank - inShape.size(), 1);
  padded.append(inShape.begin(), inShape.end());

  // A constant input of a small result is expanded at import, like the shape
  // computations around it.
  if (constInput && numElements(outShape) <= (int64_t(1) << 20)) {
    FailureOr<HostTensor> h = readHost(input, loc, node);
    if (failed(h))
      return failure();
    HostTensor out;
    out.type = h->type;
    out.raw = h->raw;
    out.shape = outShape;
    SmallVector<int64_t> strides(rank, 0);
    for (int64_t i = rank - 1, stride = 1; i >= 0; --i) {
      strides[i] = padded[i] == 1 ? 0 : stride;
      stride *= padded[i];
    }
    SmallVector<int64_t> index(rank, 0);
    for (int64_t flat = 0, n = numElements(outShape); flat < n; ++flat) {
      int64_t src = 0;
      for (size_t i = 0; i < rank; ++i)
        src += index[i] * strides[i];
      if (h->isFloat())
        out.floats.push_back(h->floats[src]);
      else
        out.ints.push_back(h->ints[src]);
      for (int64_t i = rank - 1; i >= 0; --i) {
        if (++index[i] < outShape[i])
          break;
        index[i] = 0;
      }
    }
    defineConstant(node.output(0), out);
    return success();
  }
  FailureOr<Tensor *> x = getTensor(input, loc, node);
  if (failed(x))
    return failure();
  Shape multiples;
  for (size_t i = 0; i < rank; ++i)
    multiples.push_back(padded[i] == outShape[i] ? 1 : outShape[i]);
  defineTiled(node, loc, **x, padded, multiples);
  return success();
}

LogicalResult Importer::lowerTile(const onnx::NodeProto &node, Location loc) {
  FailureOr<SmallVector<int64_t>> repeats =
      constantInts(node, loc, 1, "repeats");
  if (failed(repeats))
    return failure();
  FailureOr<Tensor *> x = getTensor(node.input(0), loc, node);
  if (failed(x))
    return failure();
  Tensor &in = **x;
  if (repeats->size() != in.shape.size())
    return nodeError(loc, node)
           << "expected " << in.shape.size() << " repeats (one per input "
           << "dimension), got " << repeats->size();
  Shape outShape;
  for (auto [d, r] : llvm::zip(in.shape, *repeats)) {
    if (r < 1 || r > kMaxElements)
      return nodeError(loc, node) << "repeats must be positive and at most "
                                  << kMaxElements << ", got " << r;
    outShape.push_back(d * r);
  }
  if (!withinSizeLimit(outShape))
    return nodeError(loc, node)
           << "result shape " << shapeStr(outShape) << " has more than "
           << kMaxElements << " elements";
  defineTiled(node, loc, in, in.shape, *repeats);
  return success();
}

LogicalResult Importer::lowerCast(const onnx::NodeProto &node, Location loc) {
  int64_t to = intAttr(node, "to", 0);
  FailureOr<bool> boolCast = lowerBoolCast(node, loc);
  if (failed(boolCast) || *boolCast)
    return failure(failed(boolCast));
  FailureOr<Tensor *> x = getTensor(node.input(0), loc, node);
  if (failed(x))
    return failure();
  // Every data value the importer handles is float32.
  if (to != onnx::TensorProto::FLOAT)
    return nodeError(loc, node)
           << "cast of a float32 value to ONNX data type " << to
           << " is not supported (only float32 data is imported)";
  Tensor copy = **x;
  define(node, 0, std::move(copy));
  return success();
}

LogicalResult Importer::lowerConstant(const onnx::NodeProto &node,
                                      Location loc) {
  if (node.attribute_size() != 1)
    return nodeError(loc, node) << "expected exactly one value attribute";
  const onnx::AttributeProto &attr = node.attribute(0);
  StringRef name = attr.name();
  if (name == "value") {
    constants[node.output(0)] = &attr.t();
    return success();
  }
  HostTensor h;
  if (name == "value_float") {
    h.floats = {attr.f()};
  } else if (name == "value_floats") {
    h.floats.assign(attr.floats().begin(), attr.floats().end());
    h.shape = {int64_t(h.floats.size())};
  } else if (name == "value_int") {
    h.type = onnx::TensorProto::INT64;
    h.ints = {attr.i()};
  } else if (name == "value_ints") {
    h.type = onnx::TensorProto::INT64;
    h.ints.assign(attr.ints().begin(), attr.ints().end());
    h.shape = {int64_t(h.ints.size())};
  } else {
    return nodeError(loc, node)
           << "attribute '" << name
           << "' is not supported (value, value_float(s) or value_int(s))";
  }
  defineConstant(node.output(0), h);
  return success();
}

LogicalResult Importer::lowerConstantOfShape(const onnx::NodeProto &node,
                                             Location loc) {
  FailureOr<SmallVector<int64_t>> dims = constantInts(node, loc, 0, "shape");
  if (failed(dims))
    return failure();
  Shape shape(dims->begin(), dims->end());
  // The result is folded at import: bound it well below kMaxElements, since
  // the host copy holds 8 bytes per element.
  constexpr int64_t kMaxFolded = int64_t(1) << 24;
  if (!withinSizeLimit(shape) || numElements(shape) > kMaxFolded)
    return nodeError(loc, node) << "shape " << shapeStr(shape)
                                << " must have dimensions >= 0 and at most "
                                << kMaxFolded << " elements";
  HostTensor value;
  value.floats = {0.0};
  if (const onnx::AttributeProto *attr = findAttr(node, "value")) {
    int32_t type = attr->t().data_type();
    // The types readHost holds; as data only float32 is used later.
    static constexpr int32_t kFoldable[] = {
        onnx::TensorProto::FLOAT, onnx::TensorProto::DOUBLE,
        onnx::TensorProto::INT64, onnx::TensorProto::INT32,
        onnx::TensorProto::INT16, onnx::TensorProto::INT8,
        onnx::TensorProto::UINT8, onnx::TensorProto::BOOL};
    if (!llvm::is_contained(kFoldable, type))
      return nodeError(loc, node)
             << "value has ONNX data type " << type
             << "; only float32 (data) and float, double, integer or bool "
                "(folded shape computations) values are supported";
    // Read like an initializer under the output's name, which the folded
    // result replaces below.
    constants[node.output(0)] = &attr->t();
    FailureOr<HostTensor> h = readHost(node.output(0), loc, node);
    constants.erase(node.output(0));
    if (failed(h))
      return failure();
    if (h->size() != 1)
      return nodeError(loc, node)
             << "value must hold one element, has shape " << shapeStr(h->shape);
    value = std::move(*h);
  }
  // Integer results are shape computations (e.g. the ones of a reduced
  // shape); as data they are rejected where they are used.
  HostTensor out;
  out.type = value.type;
  out.shape = shape;
  int64_t n = numElements(shape);
  if (value.isFloat())
    out.floats.assign(n, value.floats[0]);
  else
    out.ints.assign(n, value.ints[0]);
  defineConstant(node.output(0), out);
  return success();
}

LogicalResult Importer::lowerIdentity(const onnx::NodeProto &node,
                                      Location loc) {
  if (node.op_type() == "Dropout") {
    if (failed(rejectExtraOutputs(node, loc, 1)))
      return failure();
    if (hasInput(node, 2)) {
      FailureOr<HostTensor> training = readHost(node.input(2), loc, node);
      if (failed(training))
        return failure();
      if (training->size() != 1 || training->at(0) != 0)
        return nodeError(loc, node)
               << "training_mode must be false (inference only)";
    }
  }
  FailureOr<Tensor *> x = getTensor(node.input(0), loc, node);
  if (failed(x))
    return failure();
  Tensor copy = **x;
  define(node, 0, std::move(copy));
  return success();
}
