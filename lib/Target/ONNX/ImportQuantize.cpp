//===- ImportQuantize.cpp - QuantizeLinear / DequantizeLinear -------------===//
//
// QDQ models (docs/onnx-import.md, "QDQ models"). The imported module keeps
// float32 tensors throughout: a quantized (integer) ONNX value is held as a
// float32 tensor of its integer values.
//
// - QuantizeLinear of a data value:
//     q = clamp(round_half_even(x / s) + zp, qmin, qmax)
//   as TOSA float ops: x * (1/s), a clamp into a range where float32 holds
//   integers exactly, round half to even by adding and subtracting 1.5 * 2^23
//   (float32 addition rounds to nearest even), + zp, clamp.
// - DequantizeLinear of a data value: (q - zp) * s. A Q -> DQ pair is thus
//   ONNX's fake quantization.
// - Either of a constant is computed at import: DequantizeLinear of an
//   integer initializer (quantized weights) becomes float weights.
//
// The scales are also recorded so that crossbar layers use them instead of
// calibrated ones: annotateQuantizedLayer() attaches `cim.qdq` to the
// tosa.conv2d / tosa.matmul of a Conv, Gemm or MatMul whose weight came from
// a DequantizeLinear of a constant (per-tensor or per-output-channel scales,
// zero point 0) and/or whose input came from a Q -> DQ pair.
//
//===----------------------------------------------------------------------===//

#include "Importer.h"

#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

using namespace mlir;
using namespace cim::onnx_import;
using llvm::SmallVector;
using llvm::StringRef;

namespace {
std::optional<int64_t> normAxisQuiet(int64_t axis, int64_t rank) {
  if (axis < -rank || axis >= rank)
    return std::nullopt;
  return axis < 0 ? axis + rank : axis;
}

/// 1.5 * 2^23: adding and subtracting it rounds a float32 of magnitude below
/// 2^22 to an integer, half to even.
constexpr float kRoundMagic = 12582912.0f;
/// |x / s| is clamped to this before rounding (far outside every 8-bit
/// range, far inside the magic number's).
constexpr float kPreClamp = 65536.0f;

const char *typeName(int32_t type) {
  switch (type) {
  case onnx::TensorProto::UINT8:
    return "uint8";
  case onnx::TensorProto::INT8:
    return "int8";
  case onnx::TensorProto::INT32:
    return "int32";
  default:
    return "?";
  }
}
} // namespace

FailureOr<QuantParams> Importer::readQuantParams(const onnx::NodeProto &node,
                                                 Location loc, int64_t rank,
                                                 llvm::ArrayRef<int64_t> shape,
                                                 int32_t defaultType) {
  QuantParams p;
  bool quantize = node.op_type() == "QuantizeLinear";
  StringRef scaleWhat = quantize ? "y_scale" : "x_scale";
  StringRef zpWhat = quantize ? "y_zero_point" : "x_zero_point";
  if (!hasInput(node, 1))
    return nodeError(loc, node) << "has no " << scaleWhat;
  if (!isConstant(node.input(1)))
    return nodeError(loc, node)
           << scaleWhat << " '" << node.input(1)
           << "' must be a constant (initializer); the importer needs the "
              "scales at compile time";
  FailureOr<HostTensor> scale = readHost(node.input(1), loc, node);
  if (failed(scale))
    return failure();
  if (scale->type != onnx::TensorProto::FLOAT)
    return nodeError(loc, node) << scaleWhat << " '" << node.input(1)
                                << "' must be float32, has ONNX data type "
                                << scale->type;
  for (double s : scale->floats)
    p.scales.push_back(static_cast<float>(s));
  Shape scaleShape = scale->shape;

  p.type = defaultType;
  if (hasInput(node, 2)) {
    if (!isConstant(node.input(2)))
      return nodeError(loc, node)
             << zpWhat << " '" << node.input(2)
             << "' must be a constant (initializer); the importer needs the "
                "zero points at compile time";
    FailureOr<HostTensor> zp = readHost(node.input(2), loc, node);
    if (failed(zp))
      return failure();
    if (zp->shape != scaleShape &&
        !(numElements(zp->shape) == 1 && numElements(scaleShape) == 1 &&
          zp->shape.size() <= 1 && scaleShape.size() <= 1))
      return nodeError(loc, node)
             << zpWhat << " '" << node.input(2) << "' has shape "
             << shapeStr(zp->shape) << ", " << scaleWhat << " has "
             << shapeStr(scaleShape);
    p.type = zp->type;
    p.zeroPoints = zp->ints;
  } else {
    p.zeroPoints.assign(p.scales.size(), 0);
  }
  if (p.type == onnx::TensorProto::UINT8) {
    p.qmin = 0;
    p.qmax = 255;
  } else if (p.type == onnx::TensorProto::INT8) {
    p.qmin = -128;
    p.qmax = 127;
  } else if (p.type == onnx::TensorProto::INT32 && !quantize) {
    p.qmin = std::numeric_limits<int32_t>::min();
    p.qmax = std::numeric_limits<int32_t>::max();
  } else {
    return nodeError(loc, node)
           << "quantized type is ONNX data type " << p.type
           << "; only uint8 and int8 (and int32 for DequantizeLinear) are "
              "supported";
  }

  // Per tensor: a scalar or a single value. Per axis (opset 13): a 1-D
  // scale with one value per element of `axis`.
  p.rank = rank;
  bool perTensor = numElements(scaleShape) == 1 && scaleShape.size() <= 1;
  if (!perTensor) {
    if (opset() < 13)
      return nodeError(loc, node)
             << scaleWhat << " has shape " << shapeStr(scaleShape)
             << "; before opset 13 the scale must be a scalar";
    if (scaleShape.size() != 1)
      return nodeError(loc, node)
             << scaleWhat << " has shape " << shapeStr(scaleShape)
             << "; expected a scalar or a 1-D tensor (per axis)";
    int64_t axisAttr = intAttr(node, "axis", 1);
    std::optional<int64_t> axis = normAxisQuiet(axisAttr, rank);
    if (!axis)
      return nodeError(loc, node) << "axis " << axisAttr
                                  << " is out of range for an input of rank "
                                  << rank;
    if (shape[*axis] != scaleShape[0])
      return nodeError(loc, node)
             << scaleWhat << " has " << scaleShape[0]
             << " values, but axis " << *axis << " of input '"
             << node.input(0) << "' (shape " << shapeStr(shape) << ") has "
             << shape[*axis];
    p.axis = *axis;
  }
  for (float s : p.scales)
    if (!std::isfinite(s) || !(s > 0))
      return nodeError(loc, node) << scaleWhat << " '" << node.input(1)
                                  << "' holds " << s
                                  << "; scales must be finite and positive";
  for (int64_t z : p.zeroPoints)
    if (z < p.qmin || z > p.qmax)
      return nodeError(loc, node)
             << zpWhat << " " << z << " is outside the " << typeName(p.type)
             << " range";
  return p;
}


/// The constant that broadcasts per-axis values of `p` (or its single value)
/// against a value of ONNX shape `shape` stored in `layout`.
Value Importer::quantConst(const QuantParams &p, llvm::ArrayRef<float> perAxis,
                           llvm::ArrayRef<int64_t> shape, Layout layout,
                           Location loc) {
  Shape bshape(shape.size(), 1);
  if (p.axis >= 0)
    bshape[p.axis] = static_cast<int64_t>(perAxis.size());
  return makeConst(physicalShape(bshape, layout), perAxis,
                   /*asResource=*/false, "", loc);
}

/// The operand of a Q/DQ node on data: `t` in its own layout (the result
/// keeps it), except that a flattened NHWC value is brought to ONNX order
/// for per-axis parameters.
Tensor Importer::dataOperand(Tensor &t, const QuantParams &p, Location loc) {
  Tensor in;
  in.value = t.value;
  in.layout = t.layout;
  in.shape = t.shape;
  in.chw = t.chw;
  if (t.layout == Layout::FlatNHWC && p.axis >= 0) {
    in.value = inLayout(t, Layout::ONNX, loc);
    in.layout = Layout::ONNX;
    in.chw.clear();
  }
  return in;
}

LogicalResult Importer::lowerQuantizeLinear(const onnx::NodeProto &node,
                                            Location loc) {
  if (isConstant(node.input(0))) {
    FailureOr<HostTensor> x = readHost(node.input(0), loc, node);
    if (failed(x))
      return failure();
    if (!x->isFloat())
      return nodeError(loc, node) << "input '" << node.input(0)
                                  << "' must be a float tensor";
    FailureOr<QuantParams> p =
        readQuantParams(node, loc, x->shape.size(), x->shape,
                        onnx::TensorProto::UINT8);
    if (failed(p))
      return failure();
    HostTensor q;
    q.type = p->type;
    q.shape = x->shape;
    int64_t inner = 1, dim = 1;
    if (p->axis >= 0) {
      dim = x->shape[p->axis];
      for (size_t d = p->axis + 1; d < x->shape.size(); ++d)
        inner *= x->shape[d];
    }
    for (int64_t i = 0; i < x->size(); ++i) {
      int64_t c = p->axis >= 0 ? (i / inner) % dim : 0;
      float v = static_cast<float>(x->floats[i]) / p->scales[c];
      double r = std::nearbyint(double(v)); // round half to even
      if (std::isnan(r))
        r = 0; // ONNX leaves it undefined
      q.ints.push_back(std::clamp<int64_t>(
          static_cast<int64_t>(std::clamp(r, -1e12, 1e12)) + p->zeroPoints[c],
          p->qmin, p->qmax));
    }
    defineConstant(node.output(0), q);
    quantized[node.output(0)] = *p;
    return success();
  }

  FailureOr<Tensor *> x = getTensor(node.input(0), loc, node);
  if (failed(x))
    return failure();
  FailureOr<QuantParams> p = readQuantParams(
      node, loc, (*x)->shape.size(), (*x)->shape, onnx::TensorProto::UINT8);
  if (failed(p))
    return failure();
  Tensor in = dataOperand(**x, *p, loc);
  auto type = cast<RankedTensorType>(in.value.getType());
  size_t rank = type.getRank();
  auto clamp = [&](Value a, float lo, float hi) -> Value {
    return tosa::ClampOp::create(builder, loc, type, a,
                                 builder.getF32FloatAttr(lo),
                                 builder.getF32FloatAttr(hi));
  };
  auto add = [&](Value a, Value b) -> Value {
    return tosa::AddOp::create(builder, loc, type, a, b);
  };
  auto sub = [&](Value a, Value b) -> Value {
    return tosa::SubOp::create(builder, loc, type, a, b);
  };
  std::vector<float> inverse;
  for (float s : p->scales)
    inverse.push_back(1.0f / s);
  Value v = mul(in.value, quantConst(*p, inverse, in.shape, in.layout, loc),
                loc);
  v = clamp(v, -kPreClamp, kPreClamp);
  Value magic = scalarConst(kRoundMagic, rank, loc);
  v = sub(add(v, magic), magic);
  if (llvm::any_of(p->zeroPoints, [](int64_t z) { return z != 0; })) {
    std::vector<float> zps(p->zeroPoints.begin(), p->zeroPoints.end());
    v = add(v, quantConst(*p, zps, in.shape, in.layout, loc));
  }
  v = clamp(v, float(p->qmin), float(p->qmax));
  in.value = v;
  define(node, 0, std::move(in));
  quantized[node.output(0)] = *p;
  return success();
}

LogicalResult Importer::lowerDequantizeLinear(const onnx::NodeProto &node,
                                              Location loc) {
  if (isConstant(node.input(0))) {
    FailureOr<HostTensor> x = readHost(node.input(0), loc, node);
    if (failed(x))
      return failure();
    if (x->isFloat())
      return nodeError(loc, node) << "input '" << node.input(0)
                                  << "' must be an integer tensor";
    FailureOr<QuantParams> p =
        readQuantParams(node, loc, x->shape.size(), x->shape, x->type);
    if (failed(p))
      return failure();
    if (p->type != x->type)
      return nodeError(loc, node)
             << "input '" << node.input(0) << "' is " << typeName(x->type)
             << ", its zero point " << typeName(p->type);
    HostTensor y;
    y.type = onnx::TensorProto::FLOAT;
    y.shape = x->shape;
    y.raw = true; // weights: a resource blob like a float initializer's
    int64_t inner = 1, dim = 1;
    if (p->axis >= 0) {
      dim = x->shape[p->axis];
      for (size_t d = p->axis + 1; d < x->shape.size(); ++d)
        inner *= x->shape[d];
    }
    for (int64_t i = 0; i < x->size(); ++i) {
      int64_t c = p->axis >= 0 ? (i / inner) % dim : 0;
      // As ONNX: the integer difference, converted to float, times the scale.
      y.floats.push_back(
          static_cast<float>(x->ints[i] - p->zeroPoints[c]) * p->scales[c]);
    }
    defineConstant(node.output(0), y);
    if (p->type != onnx::TensorProto::INT32)
      dequantizedWeights[node.output(0)] = *p;
    return success();
  }

  FailureOr<Tensor *> x = getTensor(node.input(0), loc, node);
  if (failed(x))
    return failure();
  auto source = quantized.find(node.input(0));
  if (source == quantized.end())
    return nodeError(loc, node)
           << "input '" << node.input(0)
           << "' is neither a constant nor the result of a QuantizeLinear; "
              "integer data is only imported as produced by QuantizeLinear";
  FailureOr<QuantParams> p =
      readQuantParams(node, loc, (*x)->shape.size(), (*x)->shape,
                      source->second.type);
  if (failed(p))
    return failure();
  Tensor in = dataOperand(**x, *p, loc);
  if (p->type != source->second.type)
    return nodeError(loc, node)
           << "input '" << node.input(0) << "' is "
           << typeName(source->second.type) << ", its zero point "
           << typeName(p->type);
  auto type = cast<RankedTensorType>(in.value.getType());
  Value v = in.value;
  if (llvm::any_of(p->zeroPoints, [](int64_t z) { return z != 0; })) {
    std::vector<float> zps(p->zeroPoints.begin(), p->zeroPoints.end());
    v = tosa::SubOp::create(builder, loc, type, v,
                            quantConst(*p, zps, in.shape, in.layout, loc));
  }
  v = mul(v, quantConst(*p, p->scales, in.shape, in.layout, loc), loc);
  in.value = v;
  define(node, 0, std::move(in));
  // The same parameters on both sides: ONNX's fake quantization, whose scale
  // a crossbar layer reading the result can use. Per tensor, its last op is
  // tagged so that cim-fold-fake-quant can find the whole chain.
  const QuantParams &q = source->second;
  if (q.scales == p->scales && q.zeroPoints == p->zeroPoints &&
      q.axis == p->axis) {
    fakeQuantized[node.output(0)] = *p;
    if (p->axis < 0)
      v.getDefiningOp()->setAttr(
          "cim.fake_quant",
          builder.getDictionaryAttr(
              {builder.getNamedAttr("scale",
                                    builder.getF64FloatAttr(p->scales[0])),
               builder.getNamedAttr(
                   "zero_point", builder.getI64IntegerAttr(p->zeroPoints[0])),
               builder.getNamedAttr("qmin", builder.getI64IntegerAttr(p->qmin)),
               builder.getNamedAttr("qmax",
                                    builder.getI64IntegerAttr(p->qmax))}));
  }
  return success();
}

void Importer::annotateQuantizedLayer(const onnx::NodeProto &node,
                                      Operation *before, Block *block) {
  StringRef op = node.op_type();
  // Ops that only move values (or pick the largest of a window) keep them on
  // the fake-quantization grid and range.
  if (op == "Flatten" || op == "Reshape" || op == "Transpose" ||
      op == "Squeeze" || op == "Unsqueeze" || op == "Identity" ||
      op == "MaxPool" || op == "GlobalMaxPool") {
    auto it = fakeQuantized.find(node.input(0));
    if (it != fakeQuantized.end() && it->second.axis < 0 && hasOutput(node, 0))
      fakeQuantized[node.output(0)] = it->second;
    return;
  }
  if (op != "Conv" && op != "Gemm" && op != "MatMul")
    return;
  auto input = fakeQuantized.find(node.input(0));
  auto weight = hasInput(node, 1) ? dequantizedWeights.find(node.input(1))
                                  : dequantizedWeights.end();
  bool hasInputScale = input != fakeQuantized.end() &&
                       input->second.axis < 0;
  bool hasWeightScales = weight != dequantizedWeights.end() &&
                         llvm::all_of(weight->second.zeroPoints,
                                      [](int64_t z) { return z == 0; });
  if (hasWeightScales) {
    // Only scales along the output channels map onto a crossbar layer's
    // per-channel scales; Gemm's alpha would rescale the weights.
    const QuantParams &w = weight->second;
    int64_t outAxis = 0;
    if (op == "Gemm")
      outAxis = intAttr(node, "transB", 0) ? 0 : 1;
    else if (op == "MatMul")
      outAxis = 1;
    if ((w.axis >= 0 && (w.axis != outAxis || w.rank != 2) &&
         op != "Conv") ||
        (op == "Conv" && w.axis > 0) ||
        (op == "Gemm" && floatAttr(node, "alpha", 1.0f) != 1.0f))
      hasWeightScales = false;
  }
  if (!hasInputScale && !hasWeightScales)
    return;

  // The crossbar-bound ops the lowering emitted (one per group of a grouped
  // Conv, in group order).
  SmallVector<Operation *> layers;
  for (Operation *o = before ? before->getNextNode() : &block->front(); o;
       o = o->getNextNode())
    if (isa<tosa::Conv2DOp, tosa::MatMulOp>(o) && o->getNumOperands() > 1 &&
        o->getOperand(1).getDefiningOp<tosa::ConstOp>())
      layers.push_back(o);
  int64_t offset = 0;
  for (Operation *layer : layers) {
    auto outType = cast<RankedTensorType>(layer->getResult(0).getType());
    int64_t channels = outType.getShape().back();
    SmallVector<NamedAttribute> fields;
    if (hasWeightScales) {
      const QuantParams &w = weight->second;
      SmallVector<double> scales;
      for (int64_t c = 0; c < channels; ++c)
        scales.push_back(
            w.axis < 0 ? double(w.scales[0])
                       : double(w.scales[std::min<int64_t>(
                             offset + c, int64_t(w.scales.size()) - 1)]));
      fields.push_back(builder.getNamedAttr(
          "weight_scales", builder.getDenseF64ArrayAttr(scales)));
      fields.push_back(builder.getNamedAttr(
          "weight_bits", builder.getI64IntegerAttr(8)));
    }
    if (hasInputScale) {
      const QuantParams &in = input->second;
      fields.push_back(builder.getNamedAttr(
          "input_scale", builder.getF64FloatAttr(double(in.scales[0]))));
      fields.push_back(builder.getNamedAttr(
          "input_zero_point", builder.getI64IntegerAttr(in.zeroPoints[0])));
      fields.push_back(builder.getNamedAttr(
          "input_qmin", builder.getI64IntegerAttr(in.qmin)));
      fields.push_back(builder.getNamedAttr(
          "input_qmax", builder.getI64IntegerAttr(in.qmax)));
    }
    layer->setAttr("cim.qdq", builder.getDictionaryAttr(fields));
    offset += channels;
  }
}
