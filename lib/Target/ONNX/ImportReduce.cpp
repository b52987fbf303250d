//===- ImportReduce.cpp - Reductions and LayerNormalization ---------------===//
//
// Reduce* as one TOSA reduction per axis (which keeps the axis with size 1),
// on NHWC values directly, with elementwise ops around it (ReduceL2 is the
// square root of the sum of squares); LayerNormalization decomposed into
// reductions and elementwise ops, and MeanVarianceNormalization likewise.
//
//===----------------------------------------------------------------------===//

#include "Importer.h"

#include "mlir/Dialect/Tosa/IR/TosaOps.h"

#include "llvm/ADT/STLExtras.h"

#include <limits>

using namespace mlir;
using namespace cim::onnx_import;
using llvm::SmallVector;
using llvm::StringRef;

Value Importer::reduceAxes(Value v, llvm::ArrayRef<int64_t> axes,
                           ReduceKind kind, Location loc) {
  auto nan = tosa::NanPropagationModeAttr::get(
      ctx, tosa::NanPropagationMode::PROPAGATE);
  for (int64_t axis : axes) {
    Shape shape(cast<RankedTensorType>(v.getType()).getShape());
    if (shape[axis] == 1)
      continue; // Nothing to reduce.
    shape[axis] = 1;
    auto axisAttr = builder.getI32IntegerAttr(axis);
    switch (kind) {
    case ReduceKind::Sum:
      v = tosa::ReduceSumOp::create(builder, loc, f32(shape), v, axisAttr);
      break;
    case ReduceKind::Max:
      v = tosa::ReduceMaxOp::create(builder, loc, f32(shape), v, axisAttr, nan);
      break;
    case ReduceKind::Min:
      v = tosa::ReduceMinOp::create(builder, loc, f32(shape), v, axisAttr, nan);
      break;
    case ReduceKind::Product:
      v = tosa::ReduceProductOp::create(builder, loc, f32(shape), v, axisAttr);
      break;
    }
  }
  return v;
}

FailureOr<Shape> Importer::normAxes(llvm::ArrayRef<int64_t> axes,
                                    int64_t rank, Location loc,
                                    const onnx::NodeProto &node) {
  Shape out;
  for (int64_t a : axes) {
    FailureOr<int64_t> n = normAxis(a, rank, loc, node);
    if (failed(n))
      return failure();
    if (llvm::is_contained(out, *n))
      return nodeError(loc, node) << "axis " << a << " is repeated";
    out.push_back(*n);
  }
  llvm::sort(out);
  return out;
}

Importer::Moments Importer::moments(Value v, llvm::ArrayRef<int64_t> shape,
                                    llvm::ArrayRef<int64_t> axes,
                                    Location loc) {
  int64_t count = 1;
  for (int64_t a : axes)
    count *= shape[a];
  Value invCount = scalarConst(1.0f / float(count), shape.size(), loc);
  Value mean = mul(reduceAxes(v, axes, ReduceKind::Sum, loc), invCount, loc);
  Value centered = tosa::SubOp::create(builder, loc, v.getType(), v, mean);
  Value variance =
      mul(reduceAxes(mul(centered, centered, loc), axes, ReduceKind::Sum, loc),
          invCount, loc);
  return {mean, centered, variance};
}

LogicalResult Importer::lowerReduce(const onnx::NodeProto &node, Location loc) {
  StringRef op = node.op_type();
  FailureOr<Tensor *> x = getTensor(node.input(0), loc, node);
  if (failed(x))
    return failure();
  Tensor &in = **x;
  int64_t rank = in.shape.size();
  // ReduceSum takes its axes as an input from opset 13. The others do from
  // opset 18, which lowerNewerOpsets has turned back into the attribute.
  FailureOr<std::optional<Shape>> axesOpt = axesOperand(
      node, loc, 1, op == "ReduceSum" ? 13 : std::numeric_limits<int64_t>::max());
  if (failed(axesOpt))
    return failure();
  bool keepDims = intAttr(node, "keepdims", 1) != 0;
  // The ops that are a plain reduction return the input unchanged for an
  // empty reduction; the others still apply their elementwise parts (a
  // reduction over no axes), e.g. ReduceL1 is |x|.
  bool plain = op == "ReduceMean" || op == "ReduceSum" || op == "ReduceMax" ||
               op == "ReduceMin" || op == "ReduceProd";
  Shape axes;
  if (*axesOpt && !(*axesOpt)->empty()) {
    FailureOr<Shape> normalized = normAxes(**axesOpt, rank, loc, node);
    if (failed(normalized))
      return failure();
    axes = std::move(*normalized);
  } else if (intAttr(node, "noop_with_empty_axes", 0) != 0) {
    if (plain) {
      Tensor copy = in;
      define(node, 0, std::move(copy));
      return success();
    }
  } else {
    for (int64_t a = 0; a < rank; ++a)
      axes.push_back(a);
  }
  llvm::sort(axes);
  if (rank == 0 && plain) {
    Tensor copy = in;
    define(node, 0, std::move(copy));
    return success();
  }

  Layout layout = in.layout == Layout::NHWC ? Layout::NHWC : Layout::ONNX;
  Value v = inLayout(in, layout, loc);
  auto type = cast<RankedTensorType>(v.getType());
  Shape physAxes;
  for (int64_t a : axes)
    physAxes.push_back(layout == Layout::NHWC ? kToNCHW[a] : a);
  ReduceKind kind = op == "ReduceMax"    ? ReduceKind::Max
                    : op == "ReduceMin"  ? ReduceKind::Min
                    : op == "ReduceProd" ? ReduceKind::Product
                                         : ReduceKind::Sum;
  // Elementwise work before the sum: |x|, x*x, or exp(x - max) with the
  // maximum over the same axes, so that LogSumExp cannot overflow.
  Value max;
  if (op == "ReduceL1") {
    v = tosa::AbsOp::create(builder, loc, type, v);
  } else if (op == "ReduceL2" || op == "ReduceSumSquare") {
    v = mul(v, v, loc);
  } else if (op == "ReduceLogSumExp") {
    max = reduceAxes(v, physAxes, ReduceKind::Max, loc);
    v = tosa::ExpOp::create(builder, loc, type,
                            tosa::SubOp::create(builder, loc, type, v, max));
  }
  Value result = reduceAxes(v, physAxes, kind, loc);
  auto resultType = cast<RankedTensorType>(result.getType());
  if (op == "ReduceMean") {
    int64_t count = 1;
    for (int64_t a : axes)
      count *= in.shape[a];
    result = mul(result, scalarConst(1.0f / float(count), rank, loc), loc);
  } else if (op == "ReduceL2") {
    result = tosa::PowOp::create(builder, loc, resultType, result,
                                 scalarConst(0.5f, rank, loc));
  } else if (op == "ReduceLogSum" || op == "ReduceLogSumExp") {
    result = tosa::LogOp::create(builder, loc, resultType, result);
    if (max)
      result = tosa::AddOp::create(builder, loc, resultType, result, max);
  }
  Shape kept(in.shape);
  for (int64_t a : axes)
    kept[a] = 1;
  Tensor out;
  out.value = result;
  out.layout = layout;
  out.shape = kept;
  if (!keepDims) {
    Shape dropped;
    for (int64_t a = 0; a < rank; ++a)
      if (!llvm::is_contained(axes, a))
        dropped.push_back(in.shape[a]);
    Value data = onnxData(out, loc, dropped);
    out = Tensor();
    out.shape = dropped;
    out.value = data;
  }
  define(node, 0, std::move(out));
  return success();
}

LogicalResult Importer::lowerLayerNorm(const onnx::NodeProto &node,
                                       Location loc) {
  FailureOr<Tensor *> x = getTensor(node.input(0), loc, node);
  if (failed(x))
    return failure();
  Tensor &in = **x;
  int64_t rank = in.shape.size();
  FailureOr<int64_t> axis =
      normAxis(intAttr(node, "axis", -1), rank, loc, node);
  if (failed(axis))
    return failure();
  float eps = floatAttr(node, "epsilon", 1e-5f);
  Value v = inLayout(in, Layout::ONNX, loc);
  auto type = cast<RankedTensorType>(v.getType());
  Shape axes;
  for (int64_t a = *axis; a < rank; ++a)
    axes.push_back(a);
  auto [mean, centered, var] = moments(v, in.shape, axes, loc);
  Value varEps = tosa::AddOp::create(builder, loc, var.getType(), var,
                                     scalarConst(eps, rank, loc));
  Value inv = tosa::RsqrtOp::create(builder, loc, var.getType(), varEps);
  Value norm = mul(centered, inv, loc);

  // Scale and bias broadcast like any elementwise operand.
  std::string tmp = node.output(0) + ".normalized";
  Tensor t;
  t.value = norm;
  t.shape = in.shape;
  values[tmp] = std::move(t);
  FailureOr<Operands> ops =
      elementwiseOperands(node, loc, {tmp, node.input(1)});
  if (failed(ops))
    return failure();
  if (ops->shape != in.shape)
    return nodeError(loc, node) << "Scale must broadcast to X's shape";
  Value result = mul(ops->values[0], ops->values[1], loc);
  if (hasInput(node, 2)) {
    Tensor s;
    s.value = result;
    s.shape = in.shape;
    values[tmp] = std::move(s);
    FailureOr<Operands> ops2 =
        elementwiseOperands(node, loc, {tmp, node.input(2)});
    if (failed(ops2))
      return failure();
    if (ops2->shape != in.shape)
      return nodeError(loc, node) << "B must broadcast to X's shape";
    result = tosa::AddOp::create(builder, loc, type, ops2->values[0],
                                 ops2->values[1]);
  }
  values.erase(tmp);
  defineValue(node, 0, result, Layout::ONNX, in.shape);
  // The optional Mean and InvStdDev outputs: [d0, .., d(axis-1), 1, .., 1].
  Shape statShape(in.shape);
  for (int64_t a : axes)
    statShape[a] = 1;
  if (hasOutput(node, 1))
    defineValue(node, 1, mean, Layout::ONNX, statShape);
  if (hasOutput(node, 2))
    defineValue(node, 2, inv, Layout::ONNX, statShape);
  return success();
}

/// (x - mean) / (sqrt(variance) + 1e-9) over `axes` (default N, H, W), as
/// ONNX's function body defines it; the variance is taken of the centered
/// values (the same value as its E[x^2] - E[x]^2, without the cancellation).
LogicalResult Importer::lowerMeanVarianceNorm(const onnx::NodeProto &node,
                                              Location loc) {
  FailureOr<Tensor *> x = getTensor(node.input(0), loc, node);
  if (failed(x))
    return failure();
  Tensor &in = **x;
  int64_t rank = in.shape.size();
  FailureOr<Shape> axes =
      normAxes(intsAttr(node, "axes", {0, 2, 3}), rank, loc, node);
  if (failed(axes))
    return failure();
  Value v = inLayout(in, Layout::ONNX, loc);
  auto [mean, centered, var] = moments(v, in.shape, *axes, loc);
  Value stdDev = tosa::PowOp::create(builder, loc, var.getType(), var,
                                     scalarConst(0.5f, rank, loc));
  Value den = tosa::AddOp::create(builder, loc, var.getType(), stdDev,
                                  scalarConst(1e-9f, rank, loc));
  Value result = mul(
      centered, tosa::ReciprocalOp::create(builder, loc, den.getType(), den),
      loc);
  defineValue(node, 0, result, Layout::ONNX, in.shape);
  return success();
}
