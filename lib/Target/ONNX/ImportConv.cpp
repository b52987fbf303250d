//===- ImportConv.cpp - Convolutions, pools, BatchNormalization -----------===//
//
// The NHWC family: Conv (grouped, depthwise), ConvTranspose, the pools and
// BatchNormalization (folded into a producing Conv/Gemm where possible).
// Their results stay NHWC; see docs/onnx-import.md. Resize is in
// ImportResize.cpp.
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
// Window arithmetic shared by Conv and the pools
//===----------------------------------------------------------------------===//

FailureOr<Importer::Window> Importer::computeWindow(const onnx::NodeProto &node,
                                                    Location loc,
                                                    llvm::ArrayRef<int64_t> hw,
                                                    Shape kernel,
                                                    bool allowCeil) {
  Window w;
  w.kernel = kernel;
  w.stride = intsAttr(node, "strides", {1, 1});
  w.dilation = intsAttr(node, "dilations", {1, 1});
  Shape pads = intsAttr(node, "pads", {0, 0, 0, 0});
  std::string autoPad = stringAttr(node, "auto_pad", "NOTSET");
  if (autoPad != "NOTSET" && autoPad != "VALID" && autoPad != "SAME_UPPER" &&
      autoPad != "SAME_LOWER")
    return nodeError(loc, node)
           << "auto_pad '" << autoPad
           << "' is not supported (expected NOTSET, VALID, SAME_UPPER or "
              "SAME_LOWER)";
  if (autoPad != "NOTSET")
    pads = {0, 0, 0, 0};
  if (kernel.size() != 2 || w.stride.size() != 2 || w.dilation.size() != 2 ||
      pads.size() != 4)
    return nodeError(loc, node)
           << "only 2-D windows are supported (kernel_shape, strides, "
              "dilations with 2 values, pads with 4)";
  if (llvm::any_of(w.stride, [](int64_t s) { return s < 1; }) ||
      llvm::any_of(w.dilation, [](int64_t d) { return d < 1; }) ||
      llvm::any_of(kernel, [](int64_t k) { return k < 1; }) ||
      llvm::any_of(pads, [](int64_t p) { return p < 0; }))
    return nodeError(loc, node)
           << "kernel, strides and dilations must be positive, pads >= 0";
  auto tooLarge = [](int64_t v) { return v > kMaxWindowParam; };
  if (llvm::any_of(w.stride, tooLarge) || llvm::any_of(w.dilation, tooLarge) ||
      llvm::any_of(kernel, tooLarge) || llvm::any_of(pads, tooLarge))
    return nodeError(loc, node)
           << "kernel, strides, dilations and pads must be at most "
           << kMaxWindowParam;
  int64_t ceilMode = intAttr(node, "ceil_mode", 0);

  if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
    // Output ceil(in / stride); the odd padding row goes to the end for
    // SAME_UPPER and to the beginning for SAME_LOWER.
    for (int i = 0; i < 2; ++i) {
      int64_t extent = (kernel[i] - 1) * w.dilation[i] + 1;
      int64_t out = (hw[i] + w.stride[i] - 1) / w.stride[i];
      int64_t total =
          std::max<int64_t>(0, (out - 1) * w.stride[i] + extent - hw[i]);
      int64_t small = total / 2, large = total - small;
      pads[i] = autoPad == "SAME_UPPER" ? small : large;
      pads[i + 2] = autoPad == "SAME_UPPER" ? large : small;
    }
  }

  // ONNX pads are [top, left, bottom, right]; TOSA wants [top, bottom, left,
  // right].
  w.pad = {pads[0], pads[2], pads[1], pads[3]};
  w.crop = {0, 0};
  w.ceilExtra = {0, 0};
  for (int i = 0; i < 2; ++i) {
    int64_t extent = (w.kernel[i] - 1) * w.dilation[i] + 1;
    int64_t padded = hw[i] + w.pad[2 * i] + w.pad[2 * i + 1];
    if (padded < extent)
      return nodeError(loc, node)
             << "window of " << extent << " is larger than the padded input ("
             << padded << ")";
    int64_t out = (padded - extent) / w.stride[i] + 1;
    int64_t ceilOut = (padded - extent + w.stride[i] - 1) / w.stride[i] + 1;
    if (ceilMode && ceilOut != out) {
      // The extra window reads past the end padding: pad further, with
      // padding that TOSA's pools ignore (max) or do not count (average),
      // which is what ONNX does for that window.
      if (!allowCeil)
        return nodeError(loc, node)
               << "ceil_mode=1 changes the output size here (" << out << " -> "
               << ceilOut << "); only ceil_mode=0 is supported";
      int64_t end = (ceilOut - 1) * w.stride[i] + extent - hw[i] - w.pad[2 * i];
      if (end >= w.kernel[i])
        return nodeError(loc, node)
               << "ceil_mode=1 needs end padding " << end
               << ", not smaller than the kernel (" << w.kernel[i] << ")";
      w.ceilExtra[i] = std::max<int64_t>(0, end - w.pad[2 * i + 1]);
      w.pad[2 * i + 1] = end;
      w.out.push_back(ceilOut);
      continue;
    }
    w.out.push_back(out);
    // ONNX floors the output size; TOSA requires the padded extent to be an
    // exact number of strides. The trailing `rem` rows are read by no window,
    // so drop them: first from the end padding, then from the input itself.
    int64_t rem = (padded - extent) % w.stride[i];
    int64_t fromPad = std::min(rem, w.pad[2 * i + 1]);
    w.pad[2 * i + 1] -= fromPad;
    w.crop[i] = rem - fromPad;
  }
  return w;
}

Value Importer::cropInput(Value nhwc, llvm::ArrayRef<int64_t> nhwcShape,
                          const Window &w, Location loc) {
  if (w.crop[0] == 0 && w.crop[1] == 0)
    return nhwc;
  Shape size{nhwcShape[0], nhwcShape[1] - w.crop[0], nhwcShape[2] - w.crop[1],
             nhwcShape[3]};
  return slice(nhwc, {0, 0, 0, 0}, size, loc);
}

//===----------------------------------------------------------------------===//
// BatchNormalization
//===----------------------------------------------------------------------===//

FailureOr<std::pair<std::vector<float>, std::vector<float>>>
Importer::batchNormAffine(const onnx::NodeProto &node, Location loc,
                          int64_t channels) {
  if (intAttr(node, "training_mode", 0) != 0)
    return nodeError(loc, node)
           << "training_mode=1 is not supported (inference only)";
  if (failed(rejectExtraOutputs(node, loc, 1)))
    return failure();
  if (node.input_size() != 5)
    return nodeError(loc, node) << "expected 5 inputs (X, scale, B, mean, var)";
  ConstData params[4];
  for (int i = 0; i < 4; ++i) {
    FailureOr<ConstData> c = readConstant(node.input(i + 1), loc, node);
    if (failed(c))
      return failure();
    if (c->shape != Shape{channels})
      return nodeError(loc, node)
             << "input '" << node.input(i + 1) << "' has shape "
             << shapeStr(c->shape) << ", expected " << channels;
    params[i] = std::move(*c);
  }
  float eps = floatAttr(node, "epsilon", 1e-5f);
  std::vector<float> scale(channels), shift(channels);
  for (int64_t c = 0; c < channels; ++c) {
    // In float, as ONNX Runtime computes it.
    float s = params[0].data[c] / std::sqrt(params[3].data[c] + eps);
    scale[c] = s;
    shift[c] = params[1].data[c] - params[2].data[c] * s;
  }
  return std::make_pair(std::move(scale), std::move(shift));
}

const onnx::NodeProto *Importer::foldableBatchNorm(StringRef name,
                                                   int64_t channels) {
  auto it = consumers.find(name);
  if (it == consumers.end() || it->second.size() != 1 ||
      useCount.lookup(name) != 1)
    return nullptr;
  const onnx::NodeProto *bn = it->second.front();
  if (bn->op_type() != "BatchNormalization" ||
      domainName(bn->domain()) != "ai.onnx" ||
      opsetOf(bn->domain()) < supportedOps().lookup("BatchNormalization") ||
      bn->input_size() != 5 || bn->input(0) != name ||
      intAttr(*bn, "training_mode", 0) != 0 || intAttr(*bn, "spatial", 1) != 1)
    return nullptr;
  for (int i = 1; i < bn->output_size(); ++i)
    if (!bn->output(i).empty() && useCount.lookup(bn->output(i)))
      return nullptr;
  for (int i = 1; i < 5; ++i) {
    auto c = constants.find(bn->input(i));
    if (c == constants.end() ||
        c->second->data_type() != onnx::TensorProto::FLOAT ||
        c->second->dims_size() != 1 || c->second->dims(0) != channels)
      return nullptr;
  }
  return bn;
}

LogicalResult Importer::lowerBatchNorm(const onnx::NodeProto &node,
                                       Location loc) {
  FailureOr<Tensor *> x = getTensor(node.input(0), loc, node);
  if (failed(x))
    return failure();
  Tensor &in = **x;
  if (in.shape.size() < 2)
    return nodeError(loc, node)
           << "input must have rank >= 2, has shape " << shapeStr(in.shape);
  if (intAttr(node, "spatial", 1) != 1 && in.shape.size() > 2)
    return nodeError(loc, node) << "spatial=0 is not supported";
  int64_t channels = in.shape[1];
  // x * scale + shift with [C, 1, ...] operands, which the elementwise
  // lowering broadcasts in whatever layout x has.
  Shape paramShape(in.shape.size() - 1, 1);
  paramShape[0] = channels;
  std::string scaleName = node.output(0) + ".bn_scale";
  std::string shiftName = node.output(0) + ".bn_shift";
  bool constParams = node.input_size() == 5;
  for (int i = 1; i < node.input_size(); ++i)
    constParams &= isConstant(node.input(i));
  if (constParams) {
    auto affine = batchNormAffine(node, loc, channels);
    if (failed(affine))
      return failure();
    HostTensor scale, shift;
    scale.shape = shift.shape = paramShape;
    scale.floats.assign(affine->first.begin(), affine->first.end());
    shift.floats.assign(affine->second.begin(), affine->second.end());
    defineConstant(scaleName, scale);
    defineConstant(shiftName, shift);
  } else {
    // Parameters computed at run time: scale = gamma / sqrt(var + eps),
    // shift = beta - mean * scale.
    if (intAttr(node, "training_mode", 0) != 0)
      return nodeError(loc, node)
             << "training_mode=1 is not supported (inference only)";
    if (failed(rejectExtraOutputs(node, loc, 1)))
      return failure();
    if (node.input_size() != 5)
      return nodeError(loc, node)
             << "expected 5 inputs (X, scale, B, mean, var)";
    Value params[4];
    for (int i = 0; i < 4; ++i) {
      FailureOr<Tensor *> p = getTensor(node.input(i + 1), loc, node);
      if (failed(p))
        return failure();
      if ((*p)->shape != Shape{channels})
        return nodeError(loc, node)
               << "input '" << node.input(i + 1) << "' has shape "
               << shapeStr((*p)->shape) << ", expected " << channels;
      params[i] = inLayout(**p, Layout::ONNX, loc);
    }
    auto type = f32({channels});
    float eps = floatAttr(node, "epsilon", 1e-5f);
    Value varEps = tosa::AddOp::create(builder, loc, type, params[3],
                                       scalarConst(eps, 1, loc));
    Value scale =
        mul(params[0], tosa::RsqrtOp::create(builder, loc, type, varEps), loc);
    Value shift = tosa::SubOp::create(builder, loc, type, params[1],
                                      mul(params[2], scale, loc));
    Tensor s, h;
    s.shape = h.shape = paramShape;
    s.value = reshape(scale, paramShape, loc);
    h.value = reshape(shift, paramShape, loc);
    values[scaleName] = std::move(s);
    values[shiftName] = std::move(h);
  }
  FailureOr<Operands> ops =
      elementwiseOperands(node, loc, {node.input(0), scaleName});
  if (failed(ops))
    return failure();
  Value scaled = mul(ops->values[0], ops->values[1], loc);
  FailureOr<Operands> ops2 =
      elementwiseOperands(node, loc, {node.input(0), shiftName});
  if (failed(ops2))
    return failure();
  Value result = tosa::AddOp::create(builder, loc, scaled.getType(), scaled,
                                     ops2->values[1]);
  defineElementwise(node, *ops, result);
  return success();
}

//===----------------------------------------------------------------------===//
// Conv
//===----------------------------------------------------------------------===//

LogicalResult Importer::lowerConv(const onnx::NodeProto &node, Location loc) {
  int64_t group = intAttr(node, "group", 1);
  FailureOr<Tensor *> x = getTensor(node.input(0), loc, node);
  if (failed(x))
    return failure();
  if (!isConstant(node.input(1)) ||
      (hasInput(node, 2) && !isConstant(node.input(2))))
    return lowerConvDataWeights(node, loc, **x);
  // The weight is read in place and written once, permuted, into its blob.
  FailureOr<ConstData> w =
      readConstant(node.input(1), loc, node, /*copy=*/false);
  if (failed(w))
    return failure();
  if ((*x)->shape.size() != 4 || w->shape.size() != 4)
    return nodeError(loc, node) << "only 2-D convolutions (rank-4 input and "
                                   "weight) are supported";
  int64_t n = (*x)->shape[0], c = (*x)->shape[1];
  int64_t o = w->shape[0], cg = w->shape[1], kh = w->shape[2], kw = w->shape[3];
  if (group < 1 || c % group != 0 || o % group != 0)
    return nodeError(loc, node)
           << "group " << group << " does not divide the " << c << " input and "
           << o << " output channels";
  if (cg * group != c)
    return nodeError(loc, node)
           << "weight has " << cg << " input channels per group, input has "
           << c << " in " << group << " group(s)";
  Shape kernel = intsAttr(node, "kernel_shape", {kh, kw});
  if (kernel != Shape{kh, kw})
    return nodeError(loc, node)
           << "kernel_shape " << shapeStr(kernel)
           << " does not match the weight's " << kh << "x" << kw;
  FailureOr<Window> win =
      computeWindow(node, loc, {(*x)->shape[2], (*x)->shape[3]}, kernel, false);
  if (failed(win))
    return failure();

  // Bias: the ONNX tensor as is, or zeros.
  ConstData bias;
  if (hasInput(node, 2)) {
    FailureOr<ConstData> b = readConstant(node.input(2), loc, node);
    if (failed(b))
      return failure();
    if (b->shape != Shape{o})
      return nodeError(loc, node)
             << "bias has shape " << shapeStr(b->shape) << ", expected " << o;
    bias = std::move(*b);
  } else {
    bias.shape = {o};
    bias.data.assign(o, 0.0f);
  }

  // A BatchNormalization reading only this conv scales its output channels:
  // fold it into the weights and bias.
  // The weights are scaled once permuted, in the constant's own storage.
  std::string outName = node.output(0);
  std::string suffix;
  std::vector<float> channelScale;
  if (const onnx::NodeProto *bn = foldableBatchNorm(node.output(0), o)) {
    auto affine = batchNormAffine(*bn, nodeLoc(*bn), o);
    if (failed(affine))
      return failure();
    for (int64_t i = 0; i < o; ++i)
      bias.data[i] = bias.data[i] * affine->first[i] + affine->second[i];
    channelScale = std::move(affine->first);
    if (!bias.name.empty())
      bias.name += ".bn";
    suffix = ".bn";
    absorbed.insert(bn);
    outName = bn->output(0);
  }

  // The input after the weights, which keeps constants first in the IR.
  Shape inPhys = physicalShape((*x)->shape, Layout::NHWC);
  auto nhwcInput = [&]() {
    return cropInput(inLayout(**x, Layout::NHWC, loc), inPhys, *win, loc);
  };
  Shape outShape{n, o, win->out[0], win->out[1]};
  Shape outPhys = physicalShape(outShape, Layout::NHWC);
  auto pad = builder.getDenseI64ArrayAttr(win->pad);
  auto stride = builder.getDenseI64ArrayAttr(win->stride);
  auto dilation = builder.getDenseI64ArrayAttr(win->dilation);
  auto acc = TypeAttr::get(builder.getF32Type());
  // Scales the rows of an [O', KH, KW, CG] weight whose row 0 is output
  // channel `first`.
  auto scaleRows = [&](int64_t first) {
    return [&, first](llvm::MutableArrayRef<float> ohwi) {
      if (channelScale.empty())
        return;
      int64_t perRow = kh * kw * cg;
      for (size_t i = 0; i < ohwi.size(); ++i)
        ohwi[i] *= channelScale[first + int64_t(i) / perRow];
    };
  };
  Value result;
  if (group == 1) {
    // OIHW -> OHWI once, at import.
    Value b = makeConst(bias.shape, bias.data, bias.raw, bias.name, loc);
    Value weight =
        makePermutedConst({o, kh, kw, c}, w->shape, w->values(), kToNHWC, w->raw,
                          w->name + ".ohwi" + suffix, loc, scaleRows(0));
    result = tosa::Conv2DOp::create(builder, loc, f32(outPhys), nhwcInput(),
                                    weight, b, pad, stride, dilation, acc);
  } else if (group == c && cg == 1) {
    // Depthwise: output channel ci * M + m reads input channel ci, which is
    // TOSA's [KH, KW, C, M] weight order.
    int64_t mult = o / c;
    Value b = makeConst(bias.shape, bias.data, bias.raw, bias.name, loc);
    Value weight = makePermutedConst(
        {kh, kw, c, mult}, {c, mult, kh, kw}, w->values(), {2, 3, 0, 1}, w->raw,
        w->name + ".hwcm" + suffix, loc,
        [&](llvm::MutableArrayRef<float> hwcm) {
          // The innermost [C, M] pair is the output channel.
          if (!channelScale.empty())
            for (size_t i = 0; i < hwcm.size(); ++i)
              hwcm[i] *= channelScale[i % o];
        });
    result =
        tosa::DepthwiseConv2DOp::create(builder, loc, f32(outPhys), nhwcInput(),
                                        weight, b, pad, stride, dilation, acc);
  } else {
    // One conv per group on its slice of the input channels, concatenated.
    int64_t og = o / group;
    Value input = nhwcInput();
    inPhys[1] -= win->crop[0];
    inPhys[2] -= win->crop[1];
    SmallVector<Value> parts;
    // Group g's weight is rows [g * og, (g + 1) * og) of the OIHW weight.
    int64_t perGroup = og * kh * kw * cg;
    for (int64_t g = 0; g < group; ++g) {
      Value in = slice(input, {0, 0, 0, g * cg},
                       {inPhys[0], inPhys[1], inPhys[2], cg}, loc);
      std::vector<float> bg(bias.data.begin() + g * og,
                            bias.data.begin() + (g + 1) * og);
      std::string gs = ".g" + std::to_string(g);
      Value weight = makePermutedConst(
          {og, kh, kw, cg}, {og, cg, kh, kw},
          w->values().slice(g * perGroup, perGroup), kToNHWC,
          w->raw, w->name + ".ohwi" + suffix + gs, loc, scaleRows(g * og));
      Value b = makeConst({og}, bg, bias.raw,
                          bias.name.empty() ? "" : bias.name + gs, loc);
      parts.push_back(tosa::Conv2DOp::create(
          builder, loc, f32({outPhys[0], outPhys[1], outPhys[2], og}), in,
          weight, b, pad, stride, dilation, acc));
    }
    result = tosa::ConcatOp::create(builder, loc, f32(outPhys), parts, 3);
  }
  Tensor t;
  t.value = result;
  t.layout = Layout::NHWC;
  t.shape = outShape;
  values[outName] = std::move(t);
  return success();
}

LogicalResult Importer::lowerConvDataWeights(const onnx::NodeProto &node,
                                             Location loc, Tensor &x) {
  // Weights computed by the graph (or given as graph inputs): rearranged at
  // run time. Only the forms with one TOSA op: group 1 and depthwise.
  int64_t group = intAttr(node, "group", 1);
  FailureOr<Tensor *> w = getTensor(node.input(1), loc, node);
  if (failed(w))
    return failure();
  if (x.shape.size() != 4 || (*w)->shape.size() != 4)
    return nodeError(loc, node) << "only 2-D convolutions (rank-4 input and "
                                   "weight) are supported";
  int64_t n = x.shape[0], c = x.shape[1];
  Shape ws = (*w)->shape;
  int64_t o = ws[0], cg = ws[1], kh = ws[2], kw = ws[3];
  bool depthwise = group == c && cg == 1 && group > 1 && o % c == 0;
  if (!(group == 1 && cg == c) && !depthwise)
    return nodeError(loc, node)
           << "a weight that is not a constant is supported with group 1 or "
              "depthwise only (group "
           << group << ", " << c << " input channels)";
  Shape kernel = intsAttr(node, "kernel_shape", {kh, kw});
  if (kernel != Shape{kh, kw})
    return nodeError(loc, node)
           << "kernel_shape " << shapeStr(kernel)
           << " does not match the weight's " << kh << "x" << kw;
  FailureOr<Window> win =
      computeWindow(node, loc, {x.shape[2], x.shape[3]}, kernel, false);
  if (failed(win))
    return failure();
  FailureOr<Value> bias = biasOperand(node, loc, o);
  if (failed(bias))
    return failure();
  Value wv = inLayout(**w, Layout::ONNX, loc);
  Shape outShape{n, o, win->out[0], win->out[1]};
  Shape outPhys = physicalShape(outShape, Layout::NHWC);
  Value input = cropInput(inLayout(x, Layout::NHWC, loc),
                          physicalShape(x.shape, Layout::NHWC), *win, loc);
  auto pad = builder.getDenseI64ArrayAttr(win->pad);
  auto stride = builder.getDenseI64ArrayAttr(win->stride);
  auto dilation = builder.getDenseI64ArrayAttr(win->dilation);
  auto acc = TypeAttr::get(builder.getF32Type());
  Value result;
  if (!depthwise) {
    Value weight = transpose(wv, kToNHWC, loc);
    result = tosa::Conv2DOp::create(builder, loc, f32(outPhys), input, weight,
                                    *bias, pad, stride, dilation, acc);
  } else {
    Value weight =
        transpose(reshape(wv, {c, o / c, kh, kw}, loc), {2, 3, 0, 1}, loc);
    result = tosa::DepthwiseConv2DOp::create(builder, loc, f32(outPhys), input,
                                             weight, *bias, pad, stride,
                                             dilation, acc);
  }
  defineValue(node, 0, result, Layout::NHWC, outShape);
  return success();
}

LogicalResult Importer::lowerConvTranspose(const onnx::NodeProto &node,
                                           Location loc) {
  if (intAttr(node, "group", 1) != 1)
    return nodeError(loc, node) << "group " << intAttr(node, "group", 1)
                                << " is not supported (only group 1)";
  std::string autoPad = stringAttr(node, "auto_pad", "NOTSET");
  if (autoPad != "NOTSET" && autoPad != "VALID" && autoPad != "SAME_UPPER" &&
      autoPad != "SAME_LOWER")
    return nodeError(loc, node)
           << "auto_pad '" << autoPad
           << "' is not supported (expected NOTSET, VALID, SAME_UPPER or "
              "SAME_LOWER)";
  FailureOr<Tensor *> x = getTensor(node.input(0), loc, node);
  if (failed(x))
    return failure();
  // A weight that is not a constant is rearranged at run time.
  std::optional<ConstData> wData;
  Tensor *wTensor = nullptr;
  if (isConstant(node.input(1))) {
    FailureOr<ConstData> c =
        readConstant(node.input(1), loc, node, /*copy=*/false);
    if (failed(c))
      return failure();
    wData = std::move(*c);
  } else {
    FailureOr<Tensor *> t = getTensor(node.input(1), loc, node);
    if (failed(t))
      return failure();
    wTensor = *t;
  }
  const Shape &wShape = wData ? wData->shape : wTensor->shape;
  if ((*x)->shape.size() != 4 || wShape.size() != 4)
    return nodeError(loc, node) << "only 2-D transposed convolutions (rank-4 "
                                   "input and weight) are supported";
  int64_t n = (*x)->shape[0], c = (*x)->shape[1];
  int64_t o = wShape[1], kh = wShape[2], kw = wShape[3];
  if (wShape[0] != c)
    return nodeError(loc, node)
           << "weight has " << wShape[0] << " input channels, input has " << c;
  Shape kernel = intsAttr(node, "kernel_shape", {kh, kw});
  Shape stride = intsAttr(node, "strides", {1, 1});
  Shape dilation = intsAttr(node, "dilations", {1, 1});
  Shape pads = intsAttr(node, "pads", {0, 0, 0, 0});
  Shape outPad = intsAttr(node, "output_padding", {0, 0});
  if (autoPad == "VALID")
    pads = {0, 0, 0, 0};
  Shape outputShape = intsAttr(node, "output_shape", {});
  if (outputShape.size() > 2)
    outputShape.erase(outputShape.begin(), outputShape.end() - 2);
  if (kernel != Shape{kh, kw} || stride.size() != 2 || pads.size() != 4 ||
      outPad.size() != 2 || (!outputShape.empty() && outputShape.size() != 2))
    return nodeError(loc, node)
           << "expected a " << kh << "x" << kw
           << " kernel, 2 strides, 4 pads and 2 output_padding values";
  if (dilation.size() != 2 || llvm::any_of(dilation, [](int64_t d) {
        return d < 1 || d > kMaxWindowParam;
      }))
    return nodeError(loc, node)
           << "expected 2 dilations, each positive and at most "
           << kMaxWindowParam;
  // TOSA's transpose_conv2d has no dilation: the kernel gets zeros between
  // its taps, which gives the same sums.
  Tensor dilatedWeight;
  if (dilation != Shape{1, 1}) {
    int64_t dh = dilation[0], dw = dilation[1];
    int64_t dkh = (kh - 1) * dh + 1, dkw = (kw - 1) * dw + 1;
    Shape dShape{c, o, dkh, dkw};
    if (!withinSizeLimit({c, o, kh * dh, kw * dw}) || dkh > kMaxWindowParam ||
        dkw > kMaxWindowParam)
      return nodeError(loc, node)
             << "the dilated kernel " << dkh << "x" << dkw << " is too large";
    kh = dkh;
    kw = dkw;
    if (!wData) {
      // At run time: [C, O, KH, 1, KW, 1] padded with d - 1 zeros after each
      // tap, flattened, the trailing zeros sliced off.
      Shape w6{c, o, wShape[2], 1, wShape[3], 1};
      Shape padded6{c, o, wShape[2], dh, wShape[3], dw};
      Value w = onnxData(*wTensor, loc, w6);
      w = tosa::PadOp::create(
          builder, loc, f32(padded6), w,
          makeShape({0, 0, 0, 0, 0, 0, 0, dh - 1, 0, 0, 0, dw - 1}, loc),
          zeroScalar(loc));
      w = reshape(w, {c, o, wShape[2] * dh, wShape[3] * dw}, loc);
      dilatedWeight.value = slice(w, {0, 0, 0, 0}, dShape, loc);
      dilatedWeight.shape = dShape;
      wTensor = &dilatedWeight;
    } else {
      llvm::ArrayRef<float> src = wData->values();
      std::vector<float> dilated(numElements(dShape), 0.0f);
      int64_t skh = wShape[2], skw = wShape[3];
      for (int64_t plane = 0; plane < c * o; ++plane)
        for (int64_t i = 0; i < skh; ++i)
          for (int64_t j = 0; j < skw; ++j)
            dilated[(plane * dkh + i * dh) * dkw + j * dw] =
                src[(plane * skh + i) * skw + j];
      wData->data = std::move(dilated);
      wData->view = {};
      wData->shape = dShape;
      wData->name += ".dilated";
    }
  }
  Shape hw{(*x)->shape[2], (*x)->shape[3]}, k{kh, kw};
  bool same = autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER";
  if (llvm::any_of(stride,
                   [](int64_t s) { return s < 1 || s > kMaxWindowParam; }) ||
      llvm::any_of(outPad,
                   [](int64_t p) { return p < 0 || p > kMaxWindowParam; }))
    return nodeError(loc, node)
           << "strides must be positive and output_padding >= 0, both at "
              "most "
           << kMaxWindowParam;
  if (same || !outputShape.empty()) {
    // The pads that give output_shape (or input * stride for SAME_*), split
    // as ONNX defines: the odd one at the end only for SAME_UPPER.
    for (int i = 0; i < 2; ++i) {
      int64_t target = outputShape.empty() ? hw[i] * stride[i] : outputShape[i];
      if (target < 1 || target > kMaxElements)
        return nodeError(loc, node)
               << "output size " << target << " is out of range";
      int64_t total = stride[i] * (hw[i] - 1) + outPad[i] + k[i] - target;
      // Floor division, as ONNX's reference computes it: a negative total
      // (a larger output) adds its extra row at the end.
      int64_t half = total >= 0 ? total / 2 : -((-total + 1) / 2);
      pads[i] = autoPad == "SAME_UPPER" ? half : total - half;
      pads[i + 2] = autoPad == "SAME_UPPER" ? total - half : half;
    }
  }
  // Pads derived from a larger output_shape are negative: they pad the
  // output instead of cropping it.
  bool derived = same || !outputShape.empty();
  auto outOfRange = [&](int64_t p) {
    return (p < 0 && !derived) || p > kMaxWindowParam || p < -kMaxWindowParam;
  };
  if (llvm::any_of(pads, outOfRange))
    return nodeError(loc, node)
           << "pads must be >= 0 and at most " << kMaxWindowParam;
  // TOSA: out = (in - 1) * stride + out_pad_begin + out_pad_end + kernel,
  // where a negative out_pad crops (down to 1 - kernel). Larger ONNX pads
  // are cropped with a slice afterwards.
  Shape tosaPad(4), crop(4), full(2), outHW(2);
  for (int i = 0; i < 2; ++i) {
    int64_t begin = pads[i], end = pads[i + 2] - outPad[i];
    int64_t tb = std::max(-begin, 1 - k[i]);
    int64_t te = std::max(-end, 1 - k[i]);
    tosaPad[2 * i] = tb;
    tosaPad[2 * i + 1] = te;
    crop[2 * i] = tb + begin;
    crop[2 * i + 1] = te + end;
    full[i] = (hw[i] - 1) * stride[i] + tb + te + k[i];
    outHW[i] = full[i] - crop[2 * i] - crop[2 * i + 1];
    if (outHW[i] < 1)
      return nodeError(loc, node) << "pads leave no output";
  }

  FailureOr<Value> bias = biasOperand(node, loc, o);
  if (failed(bias))
    return failure();
  // [C, O, KH, KW] -> TOSA's [O, KH, KW, C]; no flip: TOSA adds
  // input[iy] * weight[ky] into output row iy * stride + ky, like ONNX.
  Value weight;
  if (wData) {
    weight = makePermutedConst({o, kh, kw, c}, wData->shape, wData->values(),
                               {1, 2, 3, 0},
                               wData->raw, wData->name + ".ohwi", loc);
  } else {
    weight =
        transpose(inLayout(*wTensor, Layout::ONNX, loc), {1, 2, 3, 0}, loc);
  }
  Value input = inLayout(**x, Layout::NHWC, loc);
  Value result = tosa::TransposeConv2DOp::create(
      builder, loc, f32({n, full[0], full[1], o}), input, weight, *bias,
      builder.getDenseI64ArrayAttr(tosaPad),
      builder.getDenseI64ArrayAttr(stride),
      TypeAttr::get(builder.getF32Type()));
  result =
      slice(result, {0, crop[0], crop[2], 0}, {n, outHW[0], outHW[1], o}, loc);
  defineValue(node, 0, result, Layout::NHWC, {n, o, outHW[0], outHW[1]});
  return success();
}

LogicalResult Importer::lowerAs2D(const onnx::NodeProto &node, Location loc) {
  if (node.output_size() > 1 && !node.output(1).empty())
    return nodeError(loc, node) << "only the first output is supported";
  // The node with every spatial attribute extended by a leading 1 (or 0 for
  // pads), reading and writing renamed values.
  onnx::NodeProto &copy = liftedNodes.emplace_back(node);
  nodeNames[&copy] = nodeNames[&node];
  for (onnx::AttributeProto &attr : *copy.mutable_attribute()) {
    StringRef name = attr.name();
    if (name != "kernel_shape" && name != "strides" && name != "dilations" &&
        name != "pads" && name != "output_padding" && name != "output_shape")
      continue;
    Shape v(attr.ints().begin(), attr.ints().end());
    Shape lifted;
    if (name == "pads") {
      if (v.size() != 2)
        return nodeError(loc, node) << "expected 2 pads for a 1-D window";
      lifted = {0, v[0], 0, v[1]};
    } else {
      if (v.size() != 1)
        return nodeError(loc, node)
               << name.str() << " must have 1 value for a 1-D window";
      lifted = {name == "output_padding" ? 0 : 1, v[0]};
    }
    attr.clear_ints();
    for (int64_t i : lifted)
      attr.add_ints(i);
  }
  auto rename = [&](StringRef name) { return name.str() + ".2d"; };
  Tensor &x = values[node.input(0)];
  Shape x4{x.shape[0], x.shape[1], 1, x.shape[2]};
  Tensor in;
  in.shape = x4;
  in.value = onnxData(x, loc, x4);
  values[rename(node.input(0))] = std::move(in);
  copy.set_input(0, rename(node.input(0)));
  // The weight of a (transposed) convolution: [A, B, K] -> [A, B, 1, K].
  if (node.op_type() == "Conv" || node.op_type() == "ConvTranspose") {
    if (node.input_size() < 2)
      return nodeError(loc, node) << "expected a weight input";
    StringRef w = node.input(1);
    if (isConstant(w) && !values.count(w)) {
      FailureOr<HostTensor> h = readHost(w, loc, node);
      if (failed(h))
        return failure();
      if (h->shape.size() != 3)
        return nodeError(loc, node)
               << "weight must have rank 3, has shape " << shapeStr(h->shape);
      h->shape = {h->shape[0], h->shape[1], 1, h->shape[2]};
      defineConstant(rename(w), *h);
    } else {
      FailureOr<Tensor *> t = getTensor(w, loc, node);
      if (failed(t))
        return failure();
      if ((*t)->shape.size() != 3)
        return nodeError(loc, node) << "weight must have rank 3, has shape "
                                    << shapeStr((*t)->shape);
      Shape w4{(*t)->shape[0], (*t)->shape[1], 1, (*t)->shape[2]};
      Tensor t4;
      t4.shape = w4;
      t4.value = onnxData(**t, loc, w4);
      values[rename(w)] = std::move(t4);
    }
    copy.set_input(1, rename(w));
  }
  copy.set_output(0, rename(node.output(0)));
  StringRef op = node.op_type();
  LogicalResult lowered = op == "Conv" ? lowerConv(copy, loc)
                          : op == "ConvTranspose"
                              ? lowerConvTranspose(copy, loc)
                              : lowerPool(copy, loc);
  if (failed(lowered))
    return failure();
  auto it = values.find(rename(node.output(0)));
  if (it == values.end())
    return nodeError(loc, node) << "the 2-D form defined no result";
  Tensor &out4 = it->second;
  Shape out3{out4.shape[0], out4.shape[1], out4.shape[3]};
  defineValue(node, 0, onnxData(out4, loc, out3), Layout::ONNX, out3);
  return success();
}

//===----------------------------------------------------------------------===//
// Pools
//===----------------------------------------------------------------------===//

LogicalResult Importer::lowerPool(const onnx::NodeProto &node, Location loc) {
  bool isMax = node.op_type() == "MaxPool";
  if (node.output_size() > 1 && !node.output(1).empty())
    return nodeError(loc, node) << "the Indices output is not supported";
  if (intAttr(node, "storage_order", 0) != 0)
    return nodeError(loc, node) << "storage_order=1 is not supported";
  Shape dilations = intsAttr(node, "dilations", {1, 1});
  if (llvm::any_of(dilations, [](int64_t d) { return d != 1; }))
    return nodeError(loc, node) << "dilated pooling is not supported";
  FailureOr<Tensor *> x = getTensor(node.input(0), loc, node);
  if (failed(x))
    return failure();
  Tensor &in = **x;
  if (in.shape.size() != 4)
    return nodeError(loc, node) << "only 2-D pooling (rank-4 input) is "
                                   "supported, input is "
                                << shapeStr(in.shape);
  const onnx::AttributeProto *kernelAttr = findAttr(node, "kernel_shape");
  if (!kernelAttr)
    return nodeError(loc, node) << "kernel_shape is required";
  FailureOr<Window> win =
      computeWindow(node, loc, {in.shape[2], in.shape[3]},
                    Shape(kernelAttr->ints().begin(), kernelAttr->ints().end()),
                    /*allowCeil=*/true);
  if (failed(win))
    return failure();

  Value input = inLayout(in, Layout::NHWC, loc);
  Shape inPhys = physicalShape(in.shape, Layout::NHWC);
  input = cropInput(input, inPhys, *win, loc);
  inPhys[1] -= win->crop[0];
  inPhys[2] -= win->crop[1];
  Shape outShape{in.shape[0], in.shape[1], win->out[0], win->out[1]};
  auto outType = f32(physicalShape(outShape, Layout::NHWC));
  Shape pad = win->pad;
  Value result;
  if (isMax) {
    result = tosa::MaxPool2dOp::create(
        builder, loc, outType, input, builder.getDenseI64ArrayAttr(win->kernel),
        builder.getDenseI64ArrayAttr(win->stride),
        builder.getDenseI64ArrayAttr(pad),
        tosa::NanPropagationModeAttr::get(ctx,
                                          tosa::NanPropagationMode::PROPAGATE));
  } else {
    // TOSA's average divides by the number of non-padding elements, which is
    // ONNX count_include_pad=0. For count_include_pad=1 pad explicitly with
    // zeros so that the ONNX pads count; ceil_mode's extra end padding stays
    // TOSA padding, which ONNX does not count either.
    Shape explicitPad{pad[0], pad[1] - win->ceilExtra[0], pad[2],
                      pad[3] - win->ceilExtra[1]};
    if (intAttr(node, "count_include_pad", 0) != 0 &&
        llvm::any_of(explicitPad, [](int64_t p) { return p != 0; })) {
      Shape padded{inPhys[0], inPhys[1] + explicitPad[0] + explicitPad[1],
                   inPhys[2] + explicitPad[2] + explicitPad[3], inPhys[3]};
      input =
          tosa::PadOp::create(builder, loc, f32(padded), input,
                              makeShape({0, 0, explicitPad[0], explicitPad[1],
                                         explicitPad[2], explicitPad[3], 0, 0},
                                        loc),
                              zeroScalar(loc));
      pad = {0, win->ceilExtra[0], 0, win->ceilExtra[1]};
    }
    result = tosa::AvgPool2dOp::create(
        builder, loc, outType, input, builder.getDenseI64ArrayAttr(win->kernel),
        builder.getDenseI64ArrayAttr(win->stride),
        builder.getDenseI64ArrayAttr(pad), TypeAttr::get(builder.getF32Type()));
  }
  defineValue(node, 0, result, Layout::NHWC, outShape);
  return success();
}

LogicalResult Importer::lowerGlobalPool(const onnx::NodeProto &node,
                                        Location loc) {
  FailureOr<Tensor *> x = getTensor(node.input(0), loc, node);
  if (failed(x))
    return failure();
  Tensor &in = **x;
  if (in.shape.size() != 4)
    return nodeError(loc, node) << "only rank-4 inputs are supported, input is "
                                << shapeStr(in.shape);
  Shape outShape{in.shape[0], in.shape[1], 1, 1};
  auto outType = f32(physicalShape(outShape, Layout::NHWC));
  Value input = inLayout(in, Layout::NHWC, loc);
  auto kernel = builder.getDenseI64ArrayAttr({in.shape[2], in.shape[3]});
  auto stride = builder.getDenseI64ArrayAttr({1, 1});
  auto pad = builder.getDenseI64ArrayAttr({0, 0, 0, 0});
  Value result;
  if (node.op_type() == "GlobalMaxPool")
    result = tosa::MaxPool2dOp::create(
        builder, loc, outType, input, kernel, stride, pad,
        tosa::NanPropagationModeAttr::get(ctx,
                                          tosa::NanPropagationMode::PROPAGATE));
  else
    result =
        tosa::AvgPool2dOp::create(builder, loc, outType, input, kernel, stride,
                                  pad, TypeAttr::get(builder.getF32Type()));
  defineValue(node, 0, result, Layout::NHWC, outShape);
  return success();
}

FailureOr<Value> Importer::biasOperand(const NodeProto &node, Location loc,
                                       int64_t channels) {
  if (!hasInput(node, 2))
    return makeConst({channels}, std::vector<float>(channels, 0.0f), false,
                     "", loc);
  FailureOr<Tensor *> b = getTensor(node.input(2), loc, node);
  if (failed(b))
    return failure();
  if ((*b)->shape != Shape{channels})
    return nodeError(loc, node) << "bias has shape " << shapeStr((*b)->shape)
                                << ", expected " << channels;
  return inLayout(**b, Layout::ONNX, loc);
}
