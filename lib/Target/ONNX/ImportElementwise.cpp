//===- ImportElementwise.cpp - Activations, arithmetic, Softmax -----------===//
//
// Elementwise ONNX operators keep the layout of their data operand(s):
// constants are broadcast to the same rank and permuted to it at import, so
// an NHWC chain (conv, bias, activation, pool) needs no transposes.
//
//===----------------------------------------------------------------------===//

#include "Importer.h"

#include "mlir/Dialect/Tosa/IR/TosaOps.h"

#include "llvm/ADT/STLExtras.h"

#include <cmath>
#include <limits>

using namespace mlir;
using namespace cim::onnx_import;
using llvm::SmallVector;
using llvm::StringRef;

static constexpr float kInf = std::numeric_limits<float>::infinity();

FailureOr<Importer::Operands> Importer::elementwiseOperands(
    const onnx::NodeProto &node, Location loc,
    llvm::ArrayRef<std::string> names,
    llvm::function_ref<void(std::vector<float> &)> constTransform,
    llvm::ArrayRef<int> transformed) {
  size_t count = names.size();
  SmallVector<bool, 3> isConst(count);
  SmallVector<Shape, 3> shapes(count);
  SmallVector<Tensor *, 3> tensors(count, nullptr);
  SmallVector<ConstData, 3> consts(count);
  Operands ops;
  for (size_t i = 0; i < count; ++i) {
    isConst[i] = !values.count(names[i]) && isConstant(names[i]);
    if (isConst[i]) {
      FailureOr<ConstData> c = readConstant(names[i], loc, node);
      if (failed(c))
        return failure();
      consts[i] = std::move(*c);
      shapes[i] = consts[i].shape;
      if (constTransform && llvm::is_contained(transformed, int(i)))
        constTransform(consts[i].data);
    } else {
      FailureOr<Tensor *> t = getTensor(names[i], loc, node);
      if (failed(t))
        return failure();
      tensors[i] = *t;
      shapes[i] = (*t)->shape;
    }
    if (i == 0) {
      ops.shape = shapes[0];
    } else if (!broadcastShapes(Shape(ops.shape), shapes[i], ops.shape)) {
      return nodeError(loc, node)
             << "input shapes " << shapeStr(shapes[0]) << " and "
             << shapeStr(shapes[i]) << " do not broadcast";
    }
  }
  size_t rank = ops.shape.size();

  // Follow the layout of a full-rank NHWC data operand; FlatNHWC is kept only
  // when every operand is the same flattened layout.
  for (Tensor *t : tensors)
    if (t && t->shape.size() == rank && t->layout == Layout::NHWC)
      ops.layout = Layout::NHWC;
  bool allFlat = llvm::all_of(tensors, [&](Tensor *t) {
    return t && t->layout == Layout::FlatNHWC && t->shape == ops.shape &&
           t->chw == tensors[0]->chw;
  });
  if (allFlat) {
    ops.layout = Layout::FlatNHWC;
    ops.chw = tensors[0]->chw;
  }

  for (size_t i = 0; i < count; ++i) {
    // TOSA broadcasting needs equal ranks: pad with leading ones.
    Shape padded(rank - shapes[i].size(), 1);
    padded.append(shapes[i].begin(), shapes[i].end());
    if (isConst[i]) {
      std::vector<float> data = consts[i].data;
      Shape phys = padded;
      if (ops.layout == Layout::NHWC) {
        data = permuteData(data, padded, kToNHWC);
        phys = physicalShape(padded, Layout::NHWC);
      }
      bool changed = constTransform && llvm::is_contained(transformed, int(i));
      std::string name = consts[i].name + (changed ? ".reciprocal" : "") +
                         (ops.layout == Layout::NHWC ? ".nhwc" : "");
      ops.values.push_back(makeConst(phys, data, consts[i].raw, name, loc));
      continue;
    }
    Tensor &t = *tensors[i];
    if (ops.layout == Layout::FlatNHWC) {
      ops.values.push_back(t.value);
    } else if (t.shape.size() == rank) {
      ops.values.push_back(inLayout(t, ops.layout, loc));
    } else {
      Value v = onnxData(t, loc, padded);
      ops.values.push_back(
          ops.layout == Layout::NHWC ? transpose(v, kToNHWC, loc) : v);
    }
  }
  return ops;
}

void Importer::defineElementwise(const onnx::NodeProto &node,
                                 const Operands &ops, Value result) {
  Tensor out;
  out.layout = ops.layout;
  out.shape = ops.shape;
  out.chw = ops.chw;
  out.value = result;
  define(node, 0, std::move(out));
}

//===----------------------------------------------------------------------===//
// Unary
//===----------------------------------------------------------------------===//

LogicalResult Importer::lowerUnary(const onnx::NodeProto &node, Location loc) {
  StringRef op = node.op_type();
  FailureOr<Tensor *> x = getTensor(node.input(0), loc, node);
  if (failed(x))
    return failure();
  Tensor &in = **x;
  Value v = in.value;
  Type type = v.getType();
  size_t rank = cast<RankedTensorType>(type).getRank();
  auto clamp = [&](Value a, float lo, float hi) -> Value {
    return tosa::ClampOp::create(builder, loc, type, a,
                                 builder.getF32FloatAttr(lo),
                                 builder.getF32FloatAttr(hi));
  };
  auto scalar = [&](float c) { return scalarConst(c, rank, loc); };
  Value result;
  if (op == "Relu") {
    result = clamp(v, 0.0f, kInf);
  } else if (op == "LeakyRelu") {
    float alpha = floatAttr(node, "alpha", 0.01f);
    if (alpha >= 0.0f && alpha <= 1.0f) {
      // max(x, alpha * x) is x for x >= 0 and alpha * x below.
      result = tosa::MaximumOp::create(builder, loc, type, v,
                                       mul(v, scalar(alpha), loc));
    } else {
      Value neg = mul(clamp(v, -kInf, 0.0f), scalar(alpha), loc);
      result =
          tosa::AddOp::create(builder, loc, type, clamp(v, 0.0f, kInf), neg);
    }
  } else if (op == "Sigmoid") {
    result = tosa::SigmoidOp::create(builder, loc, type, v);
  } else if (op == "Tanh") {
    result = tosa::TanhOp::create(builder, loc, type, v);
  } else if (op == "Erf") {
    result = tosa::ErfOp::create(builder, loc, type, v);
  } else if (op == "Exp") {
    result = tosa::ExpOp::create(builder, loc, type, v);
  } else if (op == "Log") {
    result = tosa::LogOp::create(builder, loc, type, v);
  } else if (op == "Abs") {
    result = tosa::AbsOp::create(builder, loc, type, v);
  } else if (op == "Neg") {
    result = tosa::NegateOp::create(builder, loc, type, v);
  } else if (op == "Reciprocal") {
    result = tosa::ReciprocalOp::create(builder, loc, type, v);
  } else if (op == "Sqrt") {
    result = tosa::PowOp::create(builder, loc, type, v, scalar(0.5f));
  } else if (op == "HardSigmoid" || op == "HardSwish") {
    // clamp(alpha * x + beta, 0, 1); HardSwish multiplies that by x.
    bool swish = op == "HardSwish";
    float alpha = swish ? 1.0f / 6.0f : floatAttr(node, "alpha", 0.2f);
    float beta = swish ? 0.5f : floatAttr(node, "beta", 0.5f);
    Value lin = tosa::AddOp::create(builder, loc, type,
                                    mul(v, scalar(alpha), loc), scalar(beta));
    result = clamp(lin, 0.0f, 1.0f);
    if (swish)
      result = mul(v, result, loc);
  } else if (op == "Elu" || op == "Celu" || op == "Selu") {
    // max(x, 0) + alpha * (exp(min(x, 0) / s) - 1), with s = alpha for Celu
    // (else 1): the exponential only sees x <= 0, so it cannot overflow, and
    // its term is 0 for x >= 0. Selu scales the sum by gamma.
    float alpha = floatAttr(node, "alpha",
                            op == "Selu" ? 1.67326319217681884765625f : 1.0f);
    if (op == "Celu" && alpha == 0.0f)
      return nodeError(loc, node) << "alpha must not be 0";
    Value neg = clamp(v, -kInf, 0.0f);
    if (op == "Celu" && alpha != 1.0f)
      neg = mul(neg, scalar(1.0f / alpha), loc);
    Value expm1 = tosa::SubOp::create(
        builder, loc, type, tosa::ExpOp::create(builder, loc, type, neg),
        scalar(1.0f));
    result = tosa::AddOp::create(builder, loc, type, clamp(v, 0.0f, kInf),
                                 mul(expm1, scalar(alpha), loc));
    if (op == "Selu")
      result = mul(result,
                   scalar(floatAttr(node, "gamma", 1.05070102214813232421875f)),
                   loc);
  } else if (op == "Softplus") {
    // log(exp(x) + 1) as max(x, 0) + log(exp(-|x|) + 1): no overflow for
    // large x.
    Value negAbs = tosa::NegateOp::create(
        builder, loc, type, tosa::AbsOp::create(builder, loc, type, v));
    Value log1p = tosa::LogOp::create(
        builder, loc, type,
        tosa::AddOp::create(builder, loc, type,
                            tosa::ExpOp::create(builder, loc, type, negAbs),
                            scalar(1.0f)));
    result =
        tosa::AddOp::create(builder, loc, type, clamp(v, 0.0f, kInf), log1p);
  } else if (op == "Softsign") {
    // x / (1 + |x|)
    Value den = tosa::AddOp::create(builder, loc, type,
                                    tosa::AbsOp::create(builder, loc, type, v),
                                    scalar(1.0f));
    result = mul(v, tosa::ReciprocalOp::create(builder, loc, type, den), loc);
  } else if (op == "ThresholdedRelu") {
    // x where x > alpha, else 0.
    float alpha = floatAttr(node, "alpha", 1.0f);
    auto condType = RankedTensorType::get(
        cast<RankedTensorType>(type).getShape(), builder.getI1Type());
    Value cond =
        tosa::GreaterOp::create(builder, loc, condType, v, scalar(alpha));
    result = tosa::SelectOp::create(builder, loc, type, cond, v, scalar(0.0f));
  } else {
    return nodeError(loc, node) << "has no lowering";
  }
  // Elementwise: stay in whatever layout the input has. The NHWC source of a
  // flattened value is not transformed, so it cannot stand in for the result.
  Tensor t;
  t.layout = in.layout;
  t.shape = in.shape;
  t.chw = in.chw;
  t.value = result;
  define(node, 0, std::move(t));
  return success();
}

//===----------------------------------------------------------------------===//
// Binary and variadic
//===----------------------------------------------------------------------===//

/// True if `name` is a constant whose every element equals `v`.
static bool isSplat(const llvm::StringMap<const onnx::TensorProto *> &consts,
                    StringRef name, float v) {
  auto it = consts.find(name);
  if (it == consts.end() || it->second->data_type() != onnx::TensorProto::FLOAT)
    return false;
  const onnx::TensorProto &t = *it->second;
  if (t.has_raw_data()) {
    const std::string &raw = t.raw_data();
    if (raw.empty() || raw.size() % 4)
      return false;
    for (size_t i = 0; i < raw.size(); i += 4) {
      float f;
      std::memcpy(&f, raw.data() + i, 4);
      if (f != v)
        return false;
    }
    return true;
  }
  return t.float_data_size() > 0 &&
         llvm::all_of(t.float_data(), [&](float f) { return f == v; });
}

LogicalResult Importer::lowerBinary(const onnx::NodeProto &node, Location loc) {
  StringRef op = node.op_type();
  if (node.input_size() != 2)
    return nodeError(loc, node) << "expected 2 inputs";
  // Pow(x, 2) is x * x (exact, and what LayerNorm-style graphs use).
  if (op == "Pow" && isSplat(constants, node.input(1), 2.0f) &&
      !values.count(node.input(1))) {
    FailureOr<Operands> ops =
        elementwiseOperands(node, loc, {node.input(0), node.input(0)});
    if (failed(ops))
      return failure();
    // The exponent may broadcast the result to a higher rank.
    FailureOr<Operands> full =
        elementwiseOperands(node, loc, {node.input(0), node.input(1)});
    if (failed(full))
      return failure();
    if (full->shape != ops->shape)
      return nodeError(loc, node) << "the exponent must not broadcast x";
    defineElementwise(node, *ops, mul(ops->values[0], ops->values[1], loc));
    return success();
  }
  // Pow takes an exponent of any numeric type; a constant integer one is
  // used as float32 (the base, and so the result, are float32).
  std::string exponent = node.input(1);
  if (op == "Pow" && !values.count(exponent) && isConstant(exponent)) {
    FailureOr<HostTensor> h = readHost(exponent, loc, node);
    if (failed(h))
      return failure();
    if (!h->isFloat()) {
      HostTensor asFloat;
      asFloat.shape = h->shape;
      for (int64_t i = 0, e = h->size(); i < e; ++i)
        asFloat.floats.push_back(h->at(i));
      exponent += "/as_float32";
      while (values.count(exponent) || isConstant(exponent))
        exponent += "_";
      defineConstant(exponent, asFloat);
    }
  }
  // Float division is a multiplication by the reciprocal; a constant
  // divisor is inverted at import.
  bool constDivisor =
      op == "Div" && !values.count(node.input(1)) && isConstant(node.input(1));
  FailureOr<Operands> ops = elementwiseOperands(
      node, loc, {node.input(0), exponent},
      [](std::vector<float> &d) {
        for (float &v : d)
          v = 1.0f / v;
      },
      constDivisor ? llvm::ArrayRef<int>{1} : llvm::ArrayRef<int>{});
  if (failed(ops))
    return failure();
  Value a = ops->values[0], b = ops->values[1];
  auto type = f32(physicalShape(ops->shape, ops->layout));
  Value result;
  if (op == "Add") {
    result = tosa::AddOp::create(builder, loc, type, a, b);
  } else if (op == "Sub") {
    result = tosa::SubOp::create(builder, loc, type, a, b);
  } else if (op == "Mul") {
    result = mul(a, b, loc);
  } else if (op == "Div") {
    if (!constDivisor)
      b = tosa::ReciprocalOp::create(builder, loc, b.getType(), b);
    result = mul(a, b, loc);
  } else {
    result = tosa::PowOp::create(builder, loc, type, a, b);
  }
  defineElementwise(node, *ops, result);
  return success();
}

LogicalResult Importer::lowerVariadic(const onnx::NodeProto &node,
                                      Location loc) {
  StringRef op = node.op_type();
  SmallVector<std::string, 3> names(node.input().begin(), node.input().end());
  if (names.empty())
    return nodeError(loc, node) << "needs at least one input";
  FailureOr<Operands> ops = elementwiseOperands(node, loc, names);
  if (failed(ops))
    return failure();
  auto type = f32(physicalShape(ops->shape, ops->layout));
  Value acc = ops->values[0];
  if (names.size() == 1) {
    // One input of the result's shape: the value itself.
    defineElementwise(node, *ops, acc);
    return success();
  }
  for (size_t i = 1; i < ops->values.size(); ++i) {
    Value b = ops->values[i];
    if (op == "Max")
      acc = tosa::MaximumOp::create(builder, loc, type, acc, b);
    else if (op == "Min")
      acc = tosa::MinimumOp::create(builder, loc, type, acc, b);
    else
      acc = tosa::AddOp::create(builder, loc, type, acc, b);
  }
  defineElementwise(node, *ops, acc);
  return success();
}

LogicalResult Importer::lowerClip(const onnx::NodeProto &node, Location loc) {
  float lo = -kInf, hi = kInf;
  SmallVector<std::string, 3> dataBounds;
  SmallVector<bool, 2> boundIsMax;
  if (opset() < 11) {
    lo = floatAttr(node, "min", -std::numeric_limits<float>::max());
    hi = floatAttr(node, "max", std::numeric_limits<float>::max());
  } else {
    for (int i = 1; i <= 2; ++i) {
      if (!hasInput(node, i))
        continue;
      StringRef name = node.input(i);
      if (!values.count(name) && isConstant(name)) {
        FailureOr<ConstData> c = readConstant(name, loc, node);
        if (failed(c))
          return failure();
        if (c->data.size() != 1)
          return nodeError(loc, node)
                 << "input '" << name << "' must be a scalar";
        (i == 1 ? lo : hi) = c->data[0];
      } else {
        dataBounds.push_back(name.str());
        boundIsMax.push_back(i == 1);
      }
    }
  }
  FailureOr<Tensor *> x = getTensor(node.input(0), loc, node);
  if (failed(x))
    return failure();
  Tensor &in = **x;
  Value result = tosa::ClampOp::create(builder, loc, in.value.getType(),
                                       in.value, builder.getF32FloatAttr(lo),
                                       builder.getF32FloatAttr(hi));
  Tensor t;
  t.layout = in.layout;
  t.shape = in.shape;
  t.chw = in.chw;
  t.value = result;
  define(node, 0, std::move(t));
  // Bounds computed at run time: max(x, min) then min(.., max).
  for (auto [name, isMin] : llvm::zip(dataBounds, boundIsMax)) {
    FailureOr<Operands> ops =
        elementwiseOperands(node, loc, {node.output(0), name});
    if (failed(ops))
      return failure();
    if (ops->shape != in.shape)
      return nodeError(loc, node) << "bound '" << name << "' must be a scalar";
    auto type = f32(physicalShape(ops->shape, ops->layout));
    Value v = isMin ? Value(tosa::MaximumOp::create(
                          builder, loc, type, ops->values[0], ops->values[1]))
                    : Value(tosa::MinimumOp::create(
                          builder, loc, type, ops->values[0], ops->values[1]));
    defineElementwise(node, *ops, v);
  }
  return success();
}

LogicalResult Importer::lowerPRelu(const onnx::NodeProto &node, Location loc) {
  FailureOr<Operands> ops =
      elementwiseOperands(node, loc, {node.input(0), node.input(1)});
  if (failed(ops))
    return failure();
  Value x = ops->values[0], slope = ops->values[1];
  auto xType = cast<RankedTensorType>(x.getType());
  auto type = f32(physicalShape(ops->shape, ops->layout));
  if (xType != type)
    return nodeError(loc, node) << "slope must broadcast to X's shape";
  // max(x, 0) + slope * min(x, 0): right for any slope sign and size.
  Value pos = tosa::ClampOp::create(builder, loc, type, x,
                                    builder.getF32FloatAttr(0.0f),
                                    builder.getF32FloatAttr(kInf));
  Value neg = tosa::ClampOp::create(builder, loc, type, x,
                                    builder.getF32FloatAttr(-kInf),
                                    builder.getF32FloatAttr(0.0f));
  Value result =
      tosa::AddOp::create(builder, loc, type, pos, mul(neg, slope, loc));
  defineElementwise(node, *ops, result);
  return success();
}

//===----------------------------------------------------------------------===//
// Softmax
//===----------------------------------------------------------------------===//

LogicalResult Importer::lowerSoftmax(const onnx::NodeProto &node,
                                     Location loc) {
  bool isLog = node.op_type() == "LogSoftmax";
  FailureOr<Tensor *> x = getTensor(node.input(0), loc, node);
  if (failed(x))
    return failure();
  Tensor &in = **x;
  int64_t rank = in.shape.size();
  if (rank == 0)
    return nodeError(loc, node) << "input must have rank >= 1";
  // Before opset 13 the input is coerced to 2-D at `axis` (default 1) and
  // normalized over the whole second dimension; from 13 on it is one axis
  // (default -1).
  bool coerce = opset() < 13;
  FailureOr<int64_t> axis = normAxis(intAttr(node, "axis", coerce ? 1 : -1),
                                     rank, loc, node, /*inclusive=*/coerce);
  if (failed(axis))
    return failure();
  Value v;
  Layout layout = Layout::ONNX;
  int64_t physAxis = *axis;
  Shape work;
  if (coerce && *axis != rank - 1) {
    llvm::ArrayRef<int64_t> dims(in.shape);
    work = {numElements(dims.take_front(*axis)),
            numElements(dims.drop_front(*axis))};
    v = onnxData(in, loc, work);
    physAxis = 1;
  } else if (in.layout == Layout::NHWC) {
    layout = Layout::NHWC;
    v = in.value;
    physAxis = kToNCHW[*axis];
  } else {
    v = inLayout(in, Layout::ONNX, loc);
  }
  auto type = cast<RankedTensorType>(v.getType());
  Shape reduced(type.getShape());
  reduced[physAxis] = 1;
  auto axisAttr = builder.getI32IntegerAttr(physAxis);
  Value max =
      tosa::ReduceMaxOp::create(builder, loc, f32(reduced), v, axisAttr,
                                tosa::NanPropagationModeAttr::get(
                                    ctx, tosa::NanPropagationMode::PROPAGATE));
  Value shifted = tosa::SubOp::create(builder, loc, type, v, max);
  Value exp = tosa::ExpOp::create(builder, loc, type, shifted);
  Value sum =
      tosa::ReduceSumOp::create(builder, loc, f32(reduced), exp, axisAttr);
  Value result;
  if (isLog) {
    Value logSum = tosa::LogOp::create(builder, loc, f32(reduced), sum);
    result = tosa::SubOp::create(builder, loc, type, shifted, logSum);
  } else {
    Value inv = tosa::ReciprocalOp::create(builder, loc, f32(reduced), sum);
    result = mul(exp, inv, loc);
  }
  if (!work.empty())
    result = reshape(result, in.shape, loc);
  defineValue(node, 0, result, layout, in.shape);
  return success();
}
