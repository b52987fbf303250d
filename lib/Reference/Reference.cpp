//===- Reference.cpp - Float reference executor of TOSA/cim IR ------------===//
//
// A straight-line interpreter over the entry block of a func.func: one
// kernel call per op, tensors kept in a value map and dropped after their
// last use. Every user-facing failure (unsupported op, elided constant,
// input shape mismatch) is an llvm::Error naming the op and its location.
//
//===----------------------------------------------------------------------===//

#include "cim/Reference/Reference.h"

#include "cim/Dialect/CIM/IR/CIM.h"

#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>
#include <cstring>

using namespace mlir;
using cim::kernels::Tensor;
using llvm::Error;
using llvm::Expected;

namespace cim::reference {

std::string formatLocation(Location loc) {
  if (auto file = dyn_cast<FileLineColLoc>(loc))
    return llvm::formatv("{0}:{1}:{2}", file.getFilename().getValue(),
                         file.getLine(), file.getColumn())
        .str();
  if (auto name = dyn_cast<NameLoc>(loc)) {
    std::string text = ("'" + name.getName().getValue() + "'").str();
    if (!isa<UnknownLoc>(name.getChildLoc()))
      text += " (" + formatLocation(name.getChildLoc()) + ")";
    return text;
  }
  if (auto call = dyn_cast<CallSiteLoc>(loc))
    return formatLocation(call.getCallee());
  if (auto fused = dyn_cast<FusedLoc>(loc)) {
    std::string text;
    for (Location inner : fused.getLocations()) {
      if (isa<UnknownLoc>(inner))
        continue;
      if (!text.empty())
        text += ", ";
      text += formatLocation(inner);
    }
    return text.empty() ? "unknown location" : text;
  }
  return "unknown location";
}

namespace {

Error errorAt(Operation *op, const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 formatLocation(op->getLoc()) + ": '" +
                                     op->getName().getStringRef() +
                                     "': " + message);
}

std::string formatShape(llvm::ArrayRef<int64_t> shape) {
  if (shape.empty())
    return "scalar";
  std::string text;
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i)
      text += "x";
    text += ShapedType::isDynamic(shape[i]) ? "?" : std::to_string(shape[i]);
  }
  return text;
}

/// Element `i` of a raw little-endian buffer of `type`, as float; nullopt for
/// element types the reference does not read.
std::optional<float> readRawElement(const char *data, size_t i, Type type) {
  auto load = [&](auto tag) {
    using T = decltype(tag);
    T v;
    std::memcpy(&v, data + i * sizeof(T), sizeof(T));
    return static_cast<float>(v);
  };
  if (type.isF32())
    return load(float());
  if (type.isF64())
    return load(double());
  if (type.isInteger(8))
    return type.isUnsignedInteger() ? load(uint8_t()) : load(int8_t());
  if (type.isInteger(16))
    return type.isUnsignedInteger() ? load(uint16_t()) : load(int16_t());
  if (type.isInteger(32))
    return type.isUnsignedInteger() ? load(uint32_t()) : load(int32_t());
  if (type.isInteger(64))
    return type.isUnsignedInteger() ? load(uint64_t()) : load(int64_t());
  return std::nullopt;
}

size_t rawElementSize(Type type) {
  return (type.getIntOrFloatBitWidth() + 7) / 8;
}

/// The values of a constant attribute as float32.
Expected<Tensor> constantToTensor(Operation *op, ElementsAttr attr) {
  auto type = cast<ShapedType>(attr.getType());
  Tensor t;
  t.shape.assign(type.getShape().begin(), type.getShape().end());
  Type elementType = type.getElementType();
  const int64_t count = type.getNumElements();

  if (auto dense = dyn_cast<DenseElementsAttr>(attr)) {
    t.data.reserve(count);
    if (elementType.isF32()) {
      for (float v : dense.getValues<float>())
        t.data.push_back(v);
    } else if (isa<FloatType>(elementType)) {
      for (APFloat v : dense.getValues<APFloat>()) {
        bool lostInfo = false;
        v.convert(APFloat::IEEEsingle(), APFloat::rmNearestTiesToEven,
                  &lostInfo);
        t.data.push_back(v.convertToFloat());
      }
    } else if (elementType.isIntOrIndex()) {
      bool isUnsigned =
          elementType.isUnsignedInteger() || elementType.isInteger(1);
      for (APInt v : dense.getValues<APInt>())
        t.data.push_back(isUnsigned ? static_cast<float>(v.getZExtValue())
                                    : static_cast<float>(v.getSExtValue()));
    } else {
      return errorAt(op, "constant of unsupported element type");
    }
    return t;
  }

  if (auto resource = dyn_cast<DenseResourceElementsAttr>(attr)) {
    const AsmResourceBlob *blob = resource.getRawHandle().getBlob();
    if (!blob)
      return errorAt(op, "constant data of resource '" +
                             resource.getRawHandle().getKey() +
                             "' is not available (elided?)");
    if (!elementType.isIntOrFloat() || elementType.isInteger(1))
      return errorAt(op, "resource constant of unsupported element type");
    llvm::ArrayRef<char> bytes = blob->getData();
    size_t elementSize = rawElementSize(elementType);
    if (bytes.size() != static_cast<size_t>(count) * elementSize)
      return errorAt(op, llvm::formatv("resource '{0}' holds {1} bytes, the "
                                       "type needs {2}",
                                       resource.getRawHandle().getKey(),
                                       bytes.size(), count * elementSize));
    t.data.resize(count);
    for (int64_t i = 0; i < count; ++i) {
      std::optional<float> v = readRawElement(bytes.data(), i, elementType);
      if (!v)
        return errorAt(op, "resource constant of unsupported element type");
      t.data[i] = *v;
    }
    return t;
  }
  return errorAt(op, "constant attribute kind is not supported");
}

/// Reads a pair / quadruple of window attributes into a Window2D.
kernels::Window2D makeWindow(llvm::ArrayRef<int64_t> kernel,
                             llvm::ArrayRef<int64_t> stride,
                             llvm::ArrayRef<int64_t> pad,
                             llvm::ArrayRef<int64_t> dilation) {
  kernels::Window2D w;
  if (kernel.size() == 2) {
    w.kH = kernel[0];
    w.kW = kernel[1];
  }
  w.strideH = stride[0];
  w.strideW = stride[1];
  w.padTop = pad[0];
  w.padBottom = pad[1];
  w.padLeft = pad[2];
  w.padRight = pad[3];
  if (dilation.size() == 2) {
    w.dilationH = dilation[0];
    w.dilationW = dilation[1];
  }
  return w;
}

/// The kernels' element type standing for an MLIR element type.
std::optional<kernels::ElementType> elementTypeOf(Type type) {
  using kernels::ElementType;
  if (type.isF32() || type.isF64())
    return ElementType::F32;
  if (type.isF16())
    return ElementType::F16;
  if (type.isBF16())
    return ElementType::BF16;
  if (type.isInteger(1))
    return ElementType::Bool;
  if (type.isInteger(8))
    return ElementType::I8;
  if (type.isInteger(16))
    return ElementType::I16;
  if (type.isInteger(32))
    return ElementType::I32;
  if (type.isInteger(48) || type.isInteger(64))
    return ElementType::I64;
  return std::nullopt;
}

Type elementTypeOf(Value value) {
  return cast<ShapedType>(value.getType()).getElementType();
}

kernels::NanMode nanModeOf(tosa::NanPropagationMode mode) {
  return mode == tosa::NanPropagationMode::IGNORE ? kernels::NanMode::Ignore
                                                  : kernels::NanMode::Propagate;
}

/// Floor / ceiling division for shape arithmetic (divisor non-zero).
int64_t floorDivide(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

int64_t ceilDivide(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && ((a < 0) == (b < 0))) ? q + 1 : q;
}

/// The interpreter state of one run.
class Executor {
public:
  Executor(Observer observer, bool observeAllBranches)
      : observer(observer), observeAllBranches(observeAllBranches) {}

  Expected<std::vector<Tensor>> run(func::FuncOp func,
                                    llvm::ArrayRef<Tensor> inputs);

private:
  Error execute(Operation *op);
  Expected<const Tensor *> get(Operation *op, Value value);
  Error set(Operation *op, Value result, Tensor tensor);
  Expected<std::vector<int64_t>> shapeOperand(Operation *op, Value value);
  Error checkWindow(Operation *op, const Tensor &input,
                    const kernels::Window2D &window, int64_t kH, int64_t kW);

  Expected<float> scalarOperand(Operation *op, Value value);
  Error requireZeroPoints(Operation *op, ValueRange zeroPoints);
  Expected<int64_t> axisOperand(Operation *op, const Tensor &input,
                                int64_t axis);

  Error conv2d(Operation *op, Value input, Value weight, Value bias,
               llvm::ArrayRef<int64_t> stride, llvm::ArrayRef<int64_t> pad,
               llvm::ArrayRef<int64_t> dilation, bool relu);
  Error depthwiseConv2d(tosa::DepthwiseConv2DOp c);
  Error transposeConv2d(tosa::TransposeConv2DOp c);
  Error conv3d(tosa::Conv3DOp c);
  Error unary(Operation *op, llvm::function_ref<Tensor(const Tensor &)> fn);
  Error binary(Operation *op,
               llvm::function_ref<Tensor(const Tensor &, const Tensor &)> fn);
  Error reduce(Operation *op, Value input, int64_t axis,
               llvm::function_ref<Tensor(const Tensor &, int64_t)> fn);
  Error gatherOrScatter(Operation *op, Value values, Value indices,
                        Value input);
  Error resize(tosa::ResizeOp r);
  Error castOp(tosa::CastOp c);
  Error
  shapeBinary(Operation *op,
              llvm::function_ref<std::optional<int64_t>(int64_t, int64_t)> fn);
  Error shapeUnary(Operation *op,
                   llvm::function_ref<std::optional<int64_t>(int64_t)> fn);
  Error executeShapeOp(Operation *op);
  /// Runs the ops of a tosa.cond_if branch; the values its tosa.yield
  /// returns.
  Expected<std::vector<Tensor>> runRegion(Operation *op, Region &region);
  /// Forgets the operands of `op` whose last user it was.
  void release(Operation *op);

  Observer observer;
  bool observeAllBranches = false;
  llvm::DenseMap<Value, Tensor> values;
  /// Values of the !tosa.shape results computed so far.
  llvm::DenseMap<Value, std::vector<int64_t>> shapes;
  llvm::DenseMap<Value, unsigned> remainingUses;
  std::vector<Tensor> results;
};

Expected<const Tensor *> Executor::get(Operation *op, Value value) {
  auto it = values.find(value);
  if (it == values.end())
    return errorAt(op, "operand is not a tensor computed by the reference");
  return &it->second;
}

Error Executor::set(Operation *op, Value result, Tensor tensor) {
  auto type = dyn_cast<RankedTensorType>(result.getType());
  if (!type)
    return errorAt(op, "result is not a ranked tensor");
  if (!type.hasStaticShape())
    return errorAt(op, "result has a dynamic shape (" +
                           formatShape(type.getShape()) +
                           "); the reference needs static shapes");
  if (llvm::ArrayRef<int64_t>(tensor.shape) != type.getShape())
    return errorAt(op, "computed shape " + formatShape(tensor.shape) +
                           " but the op declares " +
                           formatShape(type.getShape()));
  // A float16 / bfloat16 result holds values of that format.
  Type elementType = type.getElementType();
  if (elementType.isF16())
    for (float &v : tensor.data)
      v = kernels::roundToF16(v);
  else if (elementType.isBF16())
    for (float &v : tensor.data)
      v = kernels::roundToBF16(v);
  if (observer)
    observer(op, tensor);
  unsigned uses = static_cast<unsigned>(
      std::distance(result.use_begin(), result.use_end()));
  if (uses == 0)
    return Error::success();
  remainingUses[result] = uses;
  values[result] = std::move(tensor);
  return Error::success();
}

Expected<std::vector<int64_t>> Executor::shapeOperand(Operation *op,
                                                      Value value) {
  auto it = shapes.find(value);
  if (it == shapes.end())
    return errorAt(op, "shape operand is not a shape computed by the "
                       "reference");
  return it->second;
}

Expected<float> Executor::scalarOperand(Operation *op, Value value) {
  Expected<const Tensor *> t = get(op, value);
  if (!t)
    return t.takeError();
  if ((*t)->data.size() != 1)
    return errorAt(op, "expected a single-element operand, got shape " +
                           formatShape((*t)->shape));
  return (*t)->data[0];
}

Error Executor::requireZeroPoints(Operation *op, ValueRange zeroPoints) {
  for (Value zp : zeroPoints) {
    Expected<float> v = scalarOperand(op, zp);
    if (!v)
      return v.takeError();
    if (*v != 0.0f)
      return errorAt(op, "non-zero zero points (quantized integer "
                         "arithmetic) are not supported by the float "
                         "reference");
  }
  return Error::success();
}

Expected<int64_t> Executor::axisOperand(Operation *op, const Tensor &input,
                                        int64_t axis) {
  if (axis < 0 || axis >= static_cast<int64_t>(input.shape.size()))
    return errorAt(op, llvm::formatv("axis {0} is outside the input {1}", axis,
                                     formatShape(input.shape)));
  return axis;
}

Error Executor::checkWindow(Operation *op, const Tensor &input,
                            const kernels::Window2D &w, int64_t kH,
                            int64_t kW) {
  if (input.shape.size() != 4)
    return errorAt(op, "expected a rank-4 NHWC input");
  if (kernels::windowOutputSize(input.shape[1], kH, w.strideH, w.padTop,
                                w.padBottom, w.dilationH) < 0 ||
      kernels::windowOutputSize(input.shape[2], kW, w.strideW, w.padLeft,
                                w.padRight, w.dilationW) < 0)
    return errorAt(op,
                   "window does not fit the input " + formatShape(input.shape));
  return Error::success();
}

Error Executor::conv2d(Operation *op, Value input, Value weight, Value bias,
                       llvm::ArrayRef<int64_t> stride,
                       llvm::ArrayRef<int64_t> pad,
                       llvm::ArrayRef<int64_t> dilation, bool relu) {
  Expected<const Tensor *> x = get(op, input), w = get(op, weight),
                           b = get(op, bias);
  if (!x)
    return x.takeError();
  if (!w)
    return w.takeError();
  if (!b)
    return b.takeError();
  if (stride.size() != 2 || pad.size() != 4 || dilation.size() != 2)
    return errorAt(op, "expected 2 strides, 4 pads and 2 dilations");
  const Tensor &xt = **x, &wt = **w, &bt = **b;
  if (wt.shape.size() != 4 || xt.shape.size() != 4 ||
      wt.shape[3] != xt.shape[3])
    return errorAt(op, "input " + formatShape(xt.shape) + " and weight " +
                           formatShape(wt.shape) +
                           " are not NHWC / OHWI with matching channels");
  if (bt.numel() != wt.shape[0] && bt.numel() != 1)
    return errorAt(op, "bias " + formatShape(bt.shape) +
                           " does not match the output channels");
  kernels::Window2D window = makeWindow({}, stride, pad, dilation);
  if (Error err = checkWindow(op, xt, window, wt.shape[1], wt.shape[2]))
    return err;
  Tensor y = kernels::conv2d(xt, wt, bt, window);
  if (relu)
    y = kernels::relu(y);
  return set(op, op->getResult(0), std::move(y));
}

Error Executor::depthwiseConv2d(tosa::DepthwiseConv2DOp c) {
  Operation *op = c;
  if (Error err = requireZeroPoints(op, {c.getInputZp(), c.getWeightZp()}))
    return err;
  Expected<const Tensor *> x = get(op, c.getInput()),
                           w = get(op, c.getWeight()), b = get(op, c.getBias());
  if (!x)
    return x.takeError();
  if (!w)
    return w.takeError();
  if (!b)
    return b.takeError();
  const Tensor &xt = **x, &wt = **w, &bt = **b;
  if (xt.shape.size() != 4 || wt.shape.size() != 4 ||
      wt.shape[2] != xt.shape[3])
    return errorAt(op, "input " + formatShape(xt.shape) + " and weight " +
                           formatShape(wt.shape) +
                           " are not NHWC / [KH,KW,C,M] with matching "
                           "channels");
  if (bt.numel() != wt.shape[2] * wt.shape[3] && bt.numel() != 1)
    return errorAt(op, "bias " + formatShape(bt.shape) +
                           " does not match the output channels");
  kernels::Window2D window =
      makeWindow({}, c.getStride(), c.getPad(), c.getDilation());
  if (Error err = checkWindow(op, xt, window, wt.shape[0], wt.shape[1]))
    return err;
  return set(op, c.getResult(), kernels::depthwiseConv2d(xt, wt, bt, window));
}

Error Executor::transposeConv2d(tosa::TransposeConv2DOp c) {
  Operation *op = c;
  if (Error err = requireZeroPoints(op, {c.getInputZp(), c.getWeightZp()}))
    return err;
  Expected<const Tensor *> x = get(op, c.getInput()),
                           w = get(op, c.getWeight()), b = get(op, c.getBias());
  if (!x)
    return x.takeError();
  if (!w)
    return w.takeError();
  if (!b)
    return b.takeError();
  const Tensor &xt = **x, &wt = **w, &bt = **b;
  if (xt.shape.size() != 4 || wt.shape.size() != 4 ||
      wt.shape[3] != xt.shape[3])
    return errorAt(op, "input " + formatShape(xt.shape) + " and weight " +
                           formatShape(wt.shape) +
                           " are not NHWC / OHWI with matching channels");
  if (bt.numel() != wt.shape[0] && bt.numel() != 1)
    return errorAt(op, "bias " + formatShape(bt.shape) +
                           " does not match the output channels");
  llvm::ArrayRef<int64_t> outPad = c.getOutPad(), stride = c.getStride();
  if (outPad.size() != 4 || stride.size() != 2 || stride[0] < 1 ||
      stride[1] < 1)
    return errorAt(op, "expected 4 out_pad values and 2 positive strides");
  const int64_t oh =
      (xt.shape[1] - 1) * stride[0] + outPad[0] + outPad[1] + wt.shape[1];
  const int64_t ow =
      (xt.shape[2] - 1) * stride[1] + outPad[2] + outPad[3] + wt.shape[2];
  if (oh < 1 || ow < 1)
    return errorAt(op, "out_pad leaves an empty output");
  return set(op, c.getResult(),
             kernels::transposeConv2d(
                 xt, wt, bt, {outPad[0], outPad[1], outPad[2], outPad[3]},
                 {stride[0], stride[1]}));
}

Error Executor::conv3d(tosa::Conv3DOp c) {
  Operation *op = c;
  if (Error err = requireZeroPoints(op, {c.getInputZp(), c.getWeightZp()}))
    return err;
  Expected<const Tensor *> x = get(op, c.getInput()),
                           w = get(op, c.getWeight()), b = get(op, c.getBias());
  if (!x)
    return x.takeError();
  if (!w)
    return w.takeError();
  if (!b)
    return b.takeError();
  const Tensor &xt = **x, &wt = **w, &bt = **b;
  if (xt.shape.size() != 5 || wt.shape.size() != 5 ||
      wt.shape[4] != xt.shape[4])
    return errorAt(op, "input " + formatShape(xt.shape) + " and weight " +
                           formatShape(wt.shape) +
                           " are not NDHWC / [OC,KD,KH,KW,IC] with matching "
                           "channels");
  if (bt.numel() != wt.shape[0] && bt.numel() != 1)
    return errorAt(op, "bias " + formatShape(bt.shape) +
                           " does not match the output channels");
  llvm::ArrayRef<int64_t> pad = c.getPad(), stride = c.getStride(),
                          dilation = c.getDilation();
  if (pad.size() != 6 || stride.size() != 3 || dilation.size() != 3)
    return errorAt(op, "expected 6 pads, 3 strides and 3 dilations");
  kernels::Window3D window;
  window.padFront = pad[0];
  window.padBack = pad[1];
  window.padTop = pad[2];
  window.padBottom = pad[3];
  window.padLeft = pad[4];
  window.padRight = pad[5];
  window.strideD = stride[0];
  window.strideH = stride[1];
  window.strideW = stride[2];
  window.dilationD = dilation[0];
  window.dilationH = dilation[1];
  window.dilationW = dilation[2];
  for (int d = 0; d < 3; ++d)
    if (kernels::windowOutputSize(xt.shape[1 + d], wt.shape[1 + d], stride[d],
                                  pad[2 * d], pad[2 * d + 1], dilation[d]) < 0)
      return errorAt(op,
                     "window does not fit the input " + formatShape(xt.shape));
  return set(op, c.getResult(), kernels::conv3d(xt, wt, bt, window));
}

Error Executor::unary(Operation *op,
                      llvm::function_ref<Tensor(const Tensor &)> fn) {
  Expected<const Tensor *> x = get(op, op->getOperand(0));
  if (!x)
    return x.takeError();
  return set(op, op->getResult(0), fn(**x));
}

Error Executor::reduce(Operation *op, Value input, int64_t axis,
                       llvm::function_ref<Tensor(const Tensor &, int64_t)> fn) {
  Expected<const Tensor *> x = get(op, input);
  if (!x)
    return x.takeError();
  Expected<int64_t> a = axisOperand(op, **x, axis);
  if (!a)
    return a.takeError();
  return set(op, op->getResult(0), fn(**x, *a));
}

Error Executor::gatherOrScatter(Operation *op, Value valuesValue,
                                Value indicesValue, Value inputValue) {
  Expected<const Tensor *> v = get(op, valuesValue), i = get(op, indicesValue);
  if (!v)
    return v.takeError();
  if (!i)
    return i.takeError();
  const Tensor &vt = **v, &it = **i;
  if (vt.shape.size() != 3 || it.shape.size() != 2 ||
      it.shape[0] != vt.shape[0])
    return errorAt(op, "values " + formatShape(vt.shape) + " and indices " +
                           formatShape(it.shape) + " are not [N,K,C], [N,W]");
  const int64_t k = vt.shape[1], w = it.shape[1];
  for (int64_t n = 0; n < it.shape[0]; ++n) {
    std::vector<bool> seen(static_cast<size_t>(k), false);
    for (int64_t j = 0; j < w; ++j) {
      float index = it.data[n * w + j];
      if (index != std::floor(index))
        return errorAt(op,
                       "index " + std::to_string(index) + " is not an integer");
      if (!(index >= 0.0f && index < static_cast<float>(k)))
        return errorAt(op, llvm::formatv("index {0} is outside [0, {1})",
                                         static_cast<int64_t>(index), k));
      if (!inputValue)
        continue;
      if (seen[static_cast<size_t>(index)])
        return errorAt(op, llvm::formatv("index {0} repeats within batch {1}",
                                         static_cast<int64_t>(index), n));
      seen[static_cast<size_t>(index)] = true;
    }
  }
  if (!inputValue)
    return set(op, op->getResult(0), kernels::gather(vt, it));
  Expected<const Tensor *> x = get(op, inputValue);
  if (!x)
    return x.takeError();
  const Tensor &xt = **x;
  if (xt.shape != std::vector<int64_t>{vt.shape[0], w, vt.shape[2]})
    return errorAt(op, "input " + formatShape(xt.shape) +
                           " is not [N,W,C] for values " +
                           formatShape(vt.shape) + " and indices " +
                           formatShape(it.shape));
  return set(op, op->getResult(0), kernels::scatter(vt, it, xt));
}

Error Executor::resize(tosa::ResizeOp r) {
  Operation *op = r;
  Expected<const Tensor *> x = get(op, r.getInput());
  if (!x)
    return x.takeError();
  Expected<std::vector<int64_t>> scale = shapeOperand(op, r.getScale()),
                                 offset = shapeOperand(op, r.getOffset()),
                                 border = shapeOperand(op, r.getBorder());
  if (!scale)
    return scale.takeError();
  if (!offset)
    return offset.takeError();
  if (!border)
    return border.takeError();
  const Tensor &xt = **x;
  if (xt.shape.size() != 4 || scale->size() != 4 || offset->size() != 2 ||
      border->size() != 2)
    return errorAt(op, "expected an NHWC input, 4 scale values, 2 offsets "
                       "and 2 borders");
  kernels::ResizeParams params;
  std::copy(scale->begin(), scale->end(), params.scale.begin());
  std::copy(offset->begin(), offset->end(), params.offset.begin());
  std::copy(border->begin(), border->end(), params.border.begin());
  params.bilinear = r.getMode() == tosa::ResizeMode::BILINEAR;
  for (int d = 0; d < 2; ++d)
    if (kernels::resizeOutputSize(xt.shape[1 + d], params.scale[2 * d],
                                  params.scale[2 * d + 1], params.offset[d],
                                  params.border[d]) < 0)
      return errorAt(
          op,
          llvm::formatv("scale {0}/{1}, offset {2} and border {3} do not "
                        "give a whole output extent for input extent {4}",
                        params.scale[2 * d], params.scale[2 * d + 1],
                        params.offset[d], params.border[d], xt.shape[1 + d]));
  return set(op, r.getResult(), kernels::resize(xt, params));
}

Error Executor::castOp(tosa::CastOp c) {
  Operation *op = c;
  Type fromType = elementTypeOf(c.getInput()),
       toType = elementTypeOf(c.getResult());
  std::optional<kernels::ElementType> from = elementTypeOf(fromType),
                                      to = elementTypeOf(toType);
  if (!from || !to) {
    std::string text;
    llvm::raw_string_ostream os(text);
    os << "cast from " << fromType << " to " << toType
       << " is not supported by the float reference";
    return errorAt(op, text);
  }
  Expected<const Tensor *> x = get(op, c.getInput());
  if (!x)
    return x.takeError();
  return set(op, c.getResult(), kernels::cast(**x, *from, *to));
}

Error Executor::shapeBinary(
    Operation *op,
    llvm::function_ref<std::optional<int64_t>(int64_t, int64_t)> fn) {
  Expected<std::vector<int64_t>> a = shapeOperand(op, op->getOperand(0)),
                                 b = shapeOperand(op, op->getOperand(1));
  if (!a)
    return a.takeError();
  if (!b)
    return b.takeError();
  if (a->size() != b->size())
    return errorAt(op, "shape operands have different lengths");
  std::vector<int64_t> out(a->size());
  for (size_t i = 0; i < out.size(); ++i) {
    std::optional<int64_t> v = fn((*a)[i], (*b)[i]);
    if (!v)
      return errorAt(
          op, llvm::formatv("undefined for {0} and {1}", (*a)[i], (*b)[i]));
    out[i] = *v;
  }
  shapes[op->getResult(0)] = std::move(out);
  return Error::success();
}

Error Executor::shapeUnary(
    Operation *op, llvm::function_ref<std::optional<int64_t>(int64_t)> fn) {
  Expected<std::vector<int64_t>> a = shapeOperand(op, op->getOperand(0));
  if (!a)
    return a.takeError();
  std::vector<int64_t> out(a->size());
  for (size_t i = 0; i < out.size(); ++i) {
    std::optional<int64_t> v = fn((*a)[i]);
    if (!v)
      return errorAt(op, llvm::formatv("undefined for {0}", (*a)[i]));
    out[i] = *v;
  }
  shapes[op->getResult(0)] = std::move(out);
  return Error::success();
}

Error Executor::executeShapeOp(Operation *op) {
  using Result = Error;
  auto divisible = [](int64_t b) { return b != 0; };
  return llvm::TypeSwitch<Operation *, Result>(op)
      .Case<tosa::ConstShapeOp>([&](tosa::ConstShapeOp c) -> Result {
        std::vector<int64_t> shape;
        for (const APInt &v : c.getValues().getValues<APInt>())
          shape.push_back(v.getSExtValue());
        shapes[c.getResult()] = std::move(shape);
        return Error::success();
      })
      .Case<tosa::AddShapeOp>([&](auto) -> Result {
        return shapeBinary(op,
                           [](int64_t a, int64_t b) -> std::optional<int64_t> {
                             return a + b;
                           });
      })
      .Case<tosa::SubShapeOp>([&](auto) -> Result {
        return shapeBinary(op,
                           [](int64_t a, int64_t b) -> std::optional<int64_t> {
                             return a - b;
                           });
      })
      .Case<tosa::MulShapeOp>([&](auto) -> Result {
        return shapeBinary(op,
                           [](int64_t a, int64_t b) -> std::optional<int64_t> {
                             return a * b;
                           });
      })
      .Case<tosa::DivFloorShapeOp>([&](auto) -> Result {
        return shapeBinary(op,
                           [&](int64_t a, int64_t b) -> std::optional<int64_t> {
                             if (!divisible(b))
                               return std::nullopt;
                             return floorDivide(a, b);
                           });
      })
      .Case<tosa::DivCeilShapeOp>([&](auto) -> Result {
        return shapeBinary(op,
                           [&](int64_t a, int64_t b) -> std::optional<int64_t> {
                             if (!divisible(b))
                               return std::nullopt;
                             return ceilDivide(a, b);
                           });
      })
      .Case<tosa::ModShapeOp>([&](auto) -> Result {
        return shapeBinary(op,
                           [&](int64_t a, int64_t b) -> std::optional<int64_t> {
                             if (!divisible(b))
                               return std::nullopt;
                             return a % b;
                           });
      })
      .Case<tosa::MaxShapeOp>([&](auto) -> Result {
        return shapeBinary(op,
                           [](int64_t a, int64_t b) -> std::optional<int64_t> {
                             return std::max(a, b);
                           });
      })
      .Case<tosa::MinShapeOp>([&](auto) -> Result {
        return shapeBinary(op,
                           [](int64_t a, int64_t b) -> std::optional<int64_t> {
                             return std::min(a, b);
                           });
      })
      .Case<tosa::Exp2ShapeOp>([&](auto) -> Result {
        return shapeUnary(op, [](int64_t a) -> std::optional<int64_t> {
          if (a < 0 || a > 62)
            return std::nullopt;
          return int64_t(1) << a;
        });
      })
      .Case<tosa::Log2CeilShapeOp>([&](auto) -> Result {
        return shapeUnary(op, [](int64_t a) -> std::optional<int64_t> {
          if (a <= 0)
            return std::nullopt;
          return static_cast<int64_t>(llvm::Log2_64_Ceil(a));
        });
      })
      .Case<tosa::Log2FloorShapeOp>([&](auto) -> Result {
        return shapeUnary(op, [](int64_t a) -> std::optional<int64_t> {
          if (a <= 0)
            return std::nullopt;
          return static_cast<int64_t>(llvm::Log2_64(a));
        });
      })
      .Case<tosa::ConcatShapeOp>([&](tosa::ConcatShapeOp c) -> Result {
        std::vector<int64_t> out;
        for (Value v : c.getInput()) {
          Expected<std::vector<int64_t>> part = shapeOperand(op, v);
          if (!part)
            return part.takeError();
          out.insert(out.end(), part->begin(), part->end());
        }
        shapes[c.getResult()] = std::move(out);
        return Error::success();
      })
      .Case<tosa::SliceShapeOp>([&](tosa::SliceShapeOp sl) -> Result {
        Expected<std::vector<int64_t>> in = shapeOperand(op, sl.getInput());
        if (!in)
          return in.takeError();
        Expected<float> start = scalarOperand(op, sl.getStart()),
                        size = scalarOperand(op, sl.getSize());
        if (!start)
          return start.takeError();
        if (!size)
          return size.takeError();
        const int64_t first = static_cast<int64_t>(*start),
                      count = static_cast<int64_t>(*size);
        if (first < 0 || count < 0 ||
            first + count > static_cast<int64_t>(in->size()))
          return errorAt(op, llvm::formatv("slice [{0}, {0}+{1}) is outside "
                                           "a shape of length {2}",
                                           first, count, in->size()));
        shapes[sl.getResult()] = std::vector<int64_t>(
            in->begin() + first, in->begin() + first + count);
        return Error::success();
      })
      .Case<tosa::DimOp>([&](tosa::DimOp d) -> Result {
        auto type = cast<ShapedType>(d.getInput1().getType());
        const int64_t axis = d.getAxis();
        if (!type.hasRank() || axis >= type.getRank() ||
            type.isDynamicDim(axis))
          return errorAt(op, "dimension is not static");
        shapes[d.getResult()] = {type.getDimSize(axis)};
        return Error::success();
      })
      .Default([&](Operation *) -> Result {
        return errorAt(op, "operation not supported by the float reference");
      });
}

Error Executor::binary(
    Operation *op,
    llvm::function_ref<Tensor(const Tensor &, const Tensor &)> fn) {
  Expected<const Tensor *> a = get(op, op->getOperand(0)),
                           b = get(op, op->getOperand(1));
  if (!a)
    return a.takeError();
  if (!b)
    return b.takeError();
  if (!kernels::broadcastShapes((*a)->shape, (*b)->shape))
    return errorAt(op, "operand shapes " + formatShape((*a)->shape) + " and " +
                           formatShape((*b)->shape) + " do not broadcast");
  return set(op, op->getResult(0), fn(**a, **b));
}

Error Executor::execute(Operation *op) {
  using Result = Error;
  if (op->hasTrait<OpTrait::tosa::TosaShapeOperator>())
    return executeShapeOp(op);
  return llvm::TypeSwitch<Operation *, Result>(op)
      .Case<tosa::ConstOp>([&](tosa::ConstOp c) -> Result {
        Expected<Tensor> t = constantToTensor(op, c.getValues());
        if (!t)
          return t.takeError();
        return set(op, c.getResult(), std::move(*t));
      })
      .Case<tosa::Conv2DOp>([&](tosa::Conv2DOp c) -> Result {
        return conv2d(op, c.getInput(), c.getWeight(), c.getBias(),
                      c.getStride(), c.getPad(), c.getDilation(),
                      /*relu=*/false);
      })
      .Case<cim::Conv2DOp>([&](cim::Conv2DOp c) -> Result {
        return conv2d(op, c.getInput(), c.getWeight(), c.getBias(),
                      c.getStride(), c.getPad(), c.getDilation(), c.getRelu());
      })
      .Case<tosa::MatMulOp>([&](tosa::MatMulOp m) -> Result {
        Expected<const Tensor *> a = get(op, m.getA()), b = get(op, m.getB());
        if (!a)
          return a.takeError();
        if (!b)
          return b.takeError();
        const Tensor &at = **a, &bt = **b;
        if (at.shape.size() != 3 || bt.shape.size() != 3 ||
            at.shape[2] != bt.shape[1] ||
            (at.shape[0] != bt.shape[0] && at.shape[0] != 1 &&
             bt.shape[0] != 1))
          return errorAt(op, "operands " + formatShape(at.shape) + " and " +
                                 formatShape(bt.shape) +
                                 " are not [B,N,K] x [B,K,M]");
        return set(op, m.getResult(), kernels::matmul(at, bt));
      })
      .Case<cim::MatMulOp>([&](cim::MatMulOp m) -> Result {
        Expected<const Tensor *> x = get(op, m.getInput()),
                                 w = get(op, m.getWeight()),
                                 b = get(op, m.getBias());
        if (!x)
          return x.takeError();
        if (!w)
          return w.takeError();
        if (!b)
          return b.takeError();
        const Tensor &xt = **x, &wt = **w, &bt = **b;
        if (xt.shape.size() != 3 || wt.shape.size() != 2 ||
            xt.shape[2] != wt.shape[0] || bt.shape.size() != 1 ||
            (bt.shape[0] != wt.shape[1] && bt.shape[0] != 1))
          return errorAt(op, "input " + formatShape(xt.shape) + ", weight " +
                                 formatShape(wt.shape) + " and bias " +
                                 formatShape(bt.shape) +
                                 " are not [B,N,K], [K,M], [M]");
        Tensor y = kernels::matmul(
            xt, kernels::reshape(wt, {1, wt.shape[0], wt.shape[1]}));
        y = kernels::add(y, bt);
        if (m.getRelu())
          y = kernels::relu(y);
        return set(op, m.getResult(), std::move(y));
      })
      .Case<tosa::ReshapeOp>([&](tosa::ReshapeOp r) -> Result {
        Expected<const Tensor *> x = get(op, r.getInput1());
        if (!x)
          return x.takeError();
        Expected<std::vector<int64_t>> shape = shapeOperand(op, r.getShape());
        if (!shape)
          return shape.takeError();
        int64_t known = 1, inferred = 0;
        for (int64_t d : *shape) {
          if (d == -1)
            ++inferred;
          else if (d < 0)
            return errorAt(op, "negative dimension in the new shape");
          else
            known *= d;
        }
        const int64_t numel = (*x)->numel();
        if (inferred > 1 || (inferred == 0 && known != numel) ||
            (inferred == 1 && (known == 0 || numel % known != 0)))
          return errorAt(op, "cannot reshape " + formatShape((*x)->shape) +
                                 " to " + formatShape(*shape));
        return set(op, r.getResult(), kernels::reshape(**x, *shape));
      })
      .Case<tosa::TransposeOp>([&](tosa::TransposeOp t) -> Result {
        Expected<const Tensor *> x = get(op, t.getInput1());
        if (!x)
          return x.takeError();
        std::vector<int64_t> perm(t.getPerms().begin(), t.getPerms().end());
        std::vector<int64_t> sorted = perm;
        llvm::sort(sorted);
        for (size_t i = 0; i < sorted.size(); ++i)
          if (sorted[i] != static_cast<int64_t>(i))
            return errorAt(op, "perms is not a permutation");
        if (perm.size() != (*x)->shape.size())
          return errorAt(op, "perms does not match the input rank");
        return set(op, t.getResult(), kernels::transpose(**x, perm));
      })
      .Case<tosa::DepthwiseConv2DOp>([&](tosa::DepthwiseConv2DOp c) -> Result {
        return depthwiseConv2d(c);
      })
      .Case<tosa::TransposeConv2DOp>([&](tosa::TransposeConv2DOp c) -> Result {
        return transposeConv2d(c);
      })
      .Case<tosa::Conv3DOp>(
          [&](tosa::Conv3DOp c) -> Result { return conv3d(c); })
      .Case<tosa::ClampOp>([&](tosa::ClampOp c) -> Result {
        Expected<const Tensor *> x = get(op, c.getInput());
        if (!x)
          return x.takeError();
        auto bound = [](Attribute a) -> double {
          if (auto f = dyn_cast<FloatAttr>(a))
            return f.getValueAsDouble();
          return static_cast<double>(cast<IntegerAttr>(a).getInt());
        };
        return set(op, c.getResult(),
                   kernels::clamp(**x,
                                  static_cast<float>(bound(c.getMinValAttr())),
                                  static_cast<float>(bound(c.getMaxValAttr())),
                                  nanModeOf(c.getNanMode())));
      })
      .Case<tosa::AddOp>(
          [&](tosa::AddOp) -> Result { return binary(op, kernels::add); })
      .Case<tosa::SubOp>(
          [&](tosa::SubOp) -> Result { return binary(op, kernels::sub); })
      .Case<tosa::MulOp>([&](tosa::MulOp m) -> Result {
        // The shift operand applies to integer products only.
        if (!isa<IntegerType>(elementTypeOf(m.getResult())))
          return binary(op, kernels::mul);
        Expected<float> shift = scalarOperand(op, m.getShift());
        if (!shift)
          return shift.takeError();
        if (*shift < 0.0f || *shift > 63.0f)
          return errorAt(op,
                         llvm::formatv("shift {0} is outside [0, 63]", *shift));
        const int bits = static_cast<int>(*shift);
        return binary(op, [bits](const Tensor &a, const Tensor &b) {
          return kernels::mulShift(a, b, bits);
        });
      })
      .Case<tosa::IntDivOp>([&](tosa::IntDivOp d) -> Result {
        Expected<const Tensor *> b = get(op, d.getInput2());
        if (!b)
          return b.takeError();
        if (llvm::is_contained((*b)->data, 0.0f))
          return errorAt(op, "integer division by zero");
        return binary(op, kernels::intDiv);
      })
      .Case<tosa::PowOp>(
          [&](tosa::PowOp) -> Result { return binary(op, kernels::pow); })
      .Case<tosa::MaximumOp>([&](tosa::MaximumOp m) -> Result {
        kernels::NanMode mode = nanModeOf(m.getNanMode());
        return binary(op, [mode](const Tensor &a, const Tensor &b) {
          return kernels::maximum(a, b, mode);
        });
      })
      .Case<tosa::MinimumOp>([&](tosa::MinimumOp m) -> Result {
        kernels::NanMode mode = nanModeOf(m.getNanMode());
        return binary(op, [mode](const Tensor &a, const Tensor &b) {
          return kernels::minimum(a, b, mode);
        });
      })
      .Case<tosa::EqualOp>(
          [&](tosa::EqualOp) -> Result { return binary(op, kernels::equal); })
      .Case<tosa::GreaterOp>([&](tosa::GreaterOp) -> Result {
        return binary(op, kernels::greater);
      })
      .Case<tosa::GreaterEqualOp>([&](tosa::GreaterEqualOp) -> Result {
        return binary(op, kernels::greaterEqual);
      })
      .Case<tosa::LogicalAndOp>([&](tosa::LogicalAndOp) -> Result {
        return binary(op, kernels::logicalAnd);
      })
      .Case<tosa::LogicalOrOp>([&](tosa::LogicalOrOp) -> Result {
        return binary(op, kernels::logicalOr);
      })
      .Case<tosa::LogicalXorOp>([&](tosa::LogicalXorOp) -> Result {
        return binary(op, kernels::logicalXor);
      })
      .Case<tosa::SelectOp>([&](tosa::SelectOp sel) -> Result {
        Expected<const Tensor *> c = get(op, sel.getInput1()),
                                 a = get(op, sel.getInput2()),
                                 b = get(op, sel.getInput3());
        if (!c)
          return c.takeError();
        if (!a)
          return a.takeError();
        if (!b)
          return b.takeError();
        std::optional<std::vector<int64_t>> shape =
            kernels::broadcastShapes((*c)->shape, (*a)->shape);
        if (shape)
          shape = kernels::broadcastShapes(*shape, (*b)->shape);
        if (!shape)
          return errorAt(op, "operand shapes " + formatShape((*c)->shape) +
                                 ", " + formatShape((*a)->shape) + " and " +
                                 formatShape((*b)->shape) +
                                 " do not broadcast");
        return set(op, sel.getResult(), kernels::select(**c, **a, **b));
      })
      .Case<tosa::AbsOp>(
          [&](tosa::AbsOp) -> Result { return unary(op, kernels::abs); })
      .Case<tosa::CeilOp>(
          [&](tosa::CeilOp) -> Result { return unary(op, kernels::ceil); })
      .Case<tosa::FloorOp>(
          [&](tosa::FloorOp) -> Result { return unary(op, kernels::floor); })
      .Case<tosa::CosOp>(
          [&](tosa::CosOp) -> Result { return unary(op, kernels::cos); })
      .Case<tosa::SinOp>(
          [&](tosa::SinOp) -> Result { return unary(op, kernels::sin); })
      .Case<tosa::ErfOp>(
          [&](tosa::ErfOp) -> Result { return unary(op, kernels::erf); })
      .Case<tosa::ExpOp>(
          [&](tosa::ExpOp) -> Result { return unary(op, kernels::exp); })
      .Case<tosa::LogOp>(
          [&](tosa::LogOp) -> Result { return unary(op, kernels::log); })
      .Case<tosa::ReciprocalOp>([&](tosa::ReciprocalOp) -> Result {
        return unary(op, kernels::reciprocal);
      })
      .Case<tosa::RsqrtOp>(
          [&](tosa::RsqrtOp) -> Result { return unary(op, kernels::rsqrt); })
      .Case<tosa::SigmoidOp>([&](tosa::SigmoidOp) -> Result {
        return unary(op, kernels::sigmoid);
      })
      .Case<tosa::TanhOp>(
          [&](tosa::TanhOp) -> Result { return unary(op, kernels::tanh); })
      .Case<tosa::LogicalNotOp>([&](tosa::LogicalNotOp) -> Result {
        return unary(op, kernels::logicalNot);
      })
      .Case<tosa::NegateOp>([&](tosa::NegateOp n) -> Result {
        // -(x - input_zp) + output_zp; both are 0 for floating point.
        Expected<float> inZp = scalarOperand(op, n.getInput1Zp()),
                        outZp = scalarOperand(op, n.getOutputZp());
        if (!inZp)
          return inZp.takeError();
        if (!outZp)
          return outZp.takeError();
        float zin = *inZp, zout = *outZp;
        return unary(op, [zin, zout](const Tensor &x) {
          if (zin == 0.0f && zout == 0.0f)
            return kernels::negate(x);
          Tensor a, b;
          a.data = {zin};
          b.data = {zout};
          return kernels::add(kernels::negate(kernels::sub(x, a)), b);
        });
      })
      .Case<tosa::ReduceSumOp>([&](tosa::ReduceSumOp r) -> Result {
        return reduce(op, r.getInput(), r.getAxis(), kernels::reduceSum);
      })
      .Case<tosa::ReduceProductOp>([&](tosa::ReduceProductOp r) -> Result {
        return reduce(op, r.getInput(), r.getAxis(), kernels::reduceProduct);
      })
      .Case<tosa::ReduceAllOp>([&](tosa::ReduceAllOp r) -> Result {
        return reduce(op, r.getInput(), r.getAxis(), kernels::reduceAll);
      })
      .Case<tosa::ReduceAnyOp>([&](tosa::ReduceAnyOp r) -> Result {
        return reduce(op, r.getInput(), r.getAxis(), kernels::reduceAny);
      })
      .Case<tosa::ReduceMaxOp>([&](tosa::ReduceMaxOp r) -> Result {
        kernels::NanMode mode = nanModeOf(r.getNanMode());
        return reduce(op, r.getInput(), r.getAxis(),
                      [mode](const Tensor &x, int64_t axis) {
                        return kernels::reduceMax(x, axis, mode);
                      });
      })
      .Case<tosa::ReduceMinOp>([&](tosa::ReduceMinOp r) -> Result {
        kernels::NanMode mode = nanModeOf(r.getNanMode());
        return reduce(op, r.getInput(), r.getAxis(),
                      [mode](const Tensor &x, int64_t axis) {
                        return kernels::reduceMin(x, axis, mode);
                      });
      })
      .Case<tosa::ArgMaxOp>([&](tosa::ArgMaxOp a) -> Result {
        kernels::NanMode mode = nanModeOf(a.getNanMode());
        return reduce(op, a.getInput(), a.getAxis(),
                      [mode](const Tensor &x, int64_t axis) {
                        return kernels::argMax(x, axis, mode);
                      });
      })
      .Case<tosa::ConcatOp>([&](tosa::ConcatOp c) -> Result {
        std::vector<const Tensor *> inputs;
        for (Value v : c.getInput1()) {
          Expected<const Tensor *> t = get(op, v);
          if (!t)
            return t.takeError();
          inputs.push_back(*t);
        }
        if (inputs.empty())
          return errorAt(op, "no inputs");
        Expected<int64_t> axis = axisOperand(op, *inputs.front(), c.getAxis());
        if (!axis)
          return axis.takeError();
        for (const Tensor *t : inputs) {
          bool match = t->shape.size() == inputs.front()->shape.size();
          for (size_t d = 0; match && d < t->shape.size(); ++d)
            match = static_cast<int64_t>(d) == *axis ||
                    t->shape[d] == inputs.front()->shape[d];
          if (!match)
            return errorAt(op, "input " + formatShape(t->shape) +
                                   " does not match " +
                                   formatShape(inputs.front()->shape) +
                                   " outside the axis");
        }
        return set(op, c.getResult(), kernels::concat(inputs, *axis));
      })
      .Case<tosa::TileOp>([&](tosa::TileOp t) -> Result {
        Expected<const Tensor *> x = get(op, t.getInput1());
        if (!x)
          return x.takeError();
        Expected<std::vector<int64_t>> multiples =
            shapeOperand(op, t.getMultiples());
        if (!multiples)
          return multiples.takeError();
        if (multiples->size() != (*x)->shape.size() ||
            llvm::any_of(*multiples, [](int64_t m) { return m < 0; }))
          return errorAt(op, "multiples must be one non-negative value per "
                             "dimension");
        return set(op, t.getResult(), kernels::tile(**x, *multiples));
      })
      .Case<tosa::ReverseOp>([&](tosa::ReverseOp r) -> Result {
        return reduce(op, r.getInput1(), r.getAxis(), kernels::reverse);
      })
      .Case<tosa::GatherOp>([&](tosa::GatherOp g) -> Result {
        return gatherOrScatter(op, g.getValues(), g.getIndices(), Value());
      })
      .Case<tosa::ScatterOp>([&](tosa::ScatterOp sc) -> Result {
        return gatherOrScatter(op, sc.getValuesIn(), sc.getIndices(),
                               sc.getInput());
      })
      .Case<tosa::ResizeOp>(
          [&](tosa::ResizeOp r) -> Result { return resize(r); })
      .Case<tosa::CastOp>([&](tosa::CastOp c) -> Result { return castOp(c); })
      .Case<tosa::MaxPool2dOp>([&](tosa::MaxPool2dOp p) -> Result {
        Expected<const Tensor *> x = get(op, p.getInput());
        if (!x)
          return x.takeError();
        kernels::Window2D w =
            makeWindow(p.getKernel(), p.getStride(), p.getPad(), {});
        if (Error err = checkWindow(op, **x, w, w.kH, w.kW))
          return err;
        return set(op, p.getResult(),
                   kernels::maxPool2d(**x, w, nanModeOf(p.getNanMode())));
      })
      .Case<tosa::AvgPool2dOp>([&](tosa::AvgPool2dOp p) -> Result {
        Expected<const Tensor *> x = get(op, p.getInput());
        if (!x)
          return x.takeError();
        if (Error err =
                requireZeroPoints(op, {p.getInputZp(), p.getOutputZp()}))
          return err;
        kernels::Window2D w =
            makeWindow(p.getKernel(), p.getStride(), p.getPad(), {});
        if (Error err = checkWindow(op, **x, w, w.kH, w.kW))
          return err;
        // TOSA divides by the number of cells inside the input.
        return set(op, p.getResult(),
                   kernels::avgPool2d(**x, w, /*countIncludePad=*/false));
      })
      .Case<tosa::PadOp>([&](tosa::PadOp p) -> Result {
        Expected<const Tensor *> x = get(op, p.getInput1());
        Expected<const Tensor *> value = get(op, p.getPadConst());
        if (!x)
          return x.takeError();
        if (!value)
          return value.takeError();
        Expected<std::vector<int64_t>> amounts =
            shapeOperand(op, p.getPadding());
        if (!amounts)
          return amounts.takeError();
        size_t rank = (*x)->shape.size();
        if (amounts->size() != 2 * rank || (*value)->data.size() != 1)
          return errorAt(op, "expected 2 padding amounts per dimension and "
                             "a scalar pad value");
        std::vector<int64_t> before(rank), after(rank);
        for (size_t d = 0; d < rank; ++d) {
          before[d] = (*amounts)[2 * d];
          after[d] = (*amounts)[2 * d + 1];
          if (before[d] < 0 || after[d] < 0)
            return errorAt(op, "negative padding is not supported");
        }
        return set(op, p.getResult(),
                   kernels::pad(**x, before, after, (*value)->data[0]));
      })
      .Case<tosa::SliceOp>([&](tosa::SliceOp sl) -> Result {
        Expected<const Tensor *> x = get(op, sl.getInput1());
        if (!x)
          return x.takeError();
        Expected<std::vector<int64_t>> start = shapeOperand(op, sl.getStart());
        if (!start)
          return start.takeError();
        Expected<std::vector<int64_t>> size = shapeOperand(op, sl.getSize());
        if (!size)
          return size.takeError();
        const std::vector<int64_t> &shape = (*x)->shape;
        if (start->size() != shape.size() || size->size() != shape.size())
          return errorAt(op, "start and size must have one entry per "
                             "dimension");
        for (size_t d = 0; d < shape.size(); ++d) {
          // TOSA lets size -1 mean "to the end".
          if ((*size)[d] == -1)
            (*size)[d] = shape[d] - (*start)[d];
          if ((*start)[d] < 0 || (*size)[d] < 0 ||
              (*start)[d] + (*size)[d] > shape[d])
            return errorAt(op,
                           "slice is outside the input " + formatShape(shape));
        }
        return set(op, sl.getResult(), kernels::slice(**x, *start, *size));
      })
      .Case<tosa::IdentityOp>([&](tosa::IdentityOp i) -> Result {
        Expected<const Tensor *> x = get(op, i.getInput1());
        if (!x)
          return x.takeError();
        return set(op, i.getResult(), **x);
      })
      .Case<tosa::IfOp>([&](tosa::IfOp i) -> Result {
        Expected<const Tensor *> c = get(op, i.getCondition());
        if (!c)
          return c.takeError();
        if ((*c)->data.size() != 1)
          return errorAt(op, "condition has " +
                                 llvm::Twine((*c)->data.size()) +
                                 " elements, expected one");
        bool taken = (*c)->data[0] != 0.0f;
        Expected<std::vector<Tensor>> outs =
            runRegion(op, taken ? i.getThenGraph() : i.getElseGraph());
        if (!outs)
          return outs.takeError();
        if (outs->size() != i.getNumResults())
          return errorAt(op, "branch yields " + llvm::Twine(outs->size()) +
                                 " values for " +
                                 llvm::Twine(i.getNumResults()) + " results");
        for (auto [k, result] : llvm::enumerate(i.getResults()))
          if (Error err = set(op, result, std::move((*outs)[k])))
            return err;
        if (observeAllBranches && observer) {
          Expected<std::vector<Tensor>> other =
              runRegion(op, taken ? i.getElseGraph() : i.getThenGraph());
          if (!other)
            return other.takeError();
        }
        return Error::success();
      })
      .Case<func::ReturnOp>([&](func::ReturnOp r) -> Result {
        for (Value v : r.getOperands()) {
          Expected<const Tensor *> t = get(op, v);
          if (!t)
            return t.takeError();
          results.push_back(**t);
        }
        return Error::success();
      })
      .Default([&](Operation *) -> Result {
        return errorAt(op, "operation not supported by the float reference");
      });
}

void Executor::release(Operation *op) {
  for (Value operand : op->getOperands()) {
    auto it = remainingUses.find(operand);
    if (it != remainingUses.end() && --it->second == 0) {
      remainingUses.erase(it);
      values.erase(operand);
    }
  }
}

Expected<std::vector<Tensor>> Executor::runRegion(Operation *parent,
                                                  Region &region) {
  if (!region.hasOneBlock())
    return errorAt(parent, "branch does not have exactly one block");
  for (Operation &op : region.front()) {
    if (auto yield = dyn_cast<tosa::YieldOp>(op)) {
      std::vector<Tensor> outs;
      for (Value v : yield.getInputs()) {
        Expected<const Tensor *> t = get(&op, v);
        if (!t)
          return t.takeError();
        outs.push_back(**t);
      }
      release(&op);
      return std::move(outs);
    }
    if (Error err = execute(&op))
      return std::move(err);
    release(&op);
  }
  return errorAt(parent, "branch does not end in tosa.yield");
}

Expected<std::vector<Tensor>> Executor::run(func::FuncOp func,
                                            llvm::ArrayRef<Tensor> inputs) {
  if (func.isExternal())
    return errorAt(func, "function has no body");
  if (!func.getBody().hasOneBlock())
    return errorAt(func, "function body has more than one block");
  std::vector<std::string> names = inputNames(func);
  if (inputs.size() != func.getNumArguments())
    return errorAt(func, llvm::formatv("expected {0} inputs, got {1}",
                                       func.getNumArguments(), inputs.size()));
  Block &body = func.getBody().front();
  for (auto [i, arg] : llvm::enumerate(body.getArguments())) {
    auto type = dyn_cast<RankedTensorType>(arg.getType());
    if (!type || !type.hasStaticShape() ||
        !isa<FloatType>(type.getElementType()))
      return errorAt(func, "argument #" + llvm::Twine(i) + " ('" + names[i] +
                               "') is not a statically shaped float tensor");
    const Tensor &in = inputs[i];
    if (llvm::ArrayRef<int64_t>(in.shape) != type.getShape())
      return llvm::createStringError(
          llvm::inconvertibleErrorCode(),
          "input '" + names[i] + "' has shape " + formatShape(in.shape) +
              ", the model expects " + formatShape(type.getShape()));
    if (in.data.size() != static_cast<size_t>(in.numel()))
      return llvm::createStringError(
          llvm::inconvertibleErrorCode(),
          "input '" + names[i] + "' holds " + llvm::Twine(in.data.size()) +
              " values for shape " + formatShape(in.shape));
    values[arg] = in;
    remainingUses[arg] =
        static_cast<unsigned>(std::distance(arg.use_begin(), arg.use_end()));
  }

  for (Operation &op : body) {
    if (Error err = execute(&op))
      return std::move(err);
    // Drop operands whose last user just ran.
    release(&op);
  }
  if (results.size() != func.getNumResults())
    return errorAt(func, "function body does not end in func.return");
  return std::move(results);
}

} // namespace

Expected<std::vector<Tensor>>
run(func::FuncOp func, llvm::ArrayRef<Tensor> inputs, Observer observer,
    bool observeAllBranches) {
  Executor executor(observer, observeAllBranches);
  return executor.run(func, inputs);
}

Expected<func::FuncOp> getMain(ModuleOp module) {
  auto main = module.lookupSymbol<func::FuncOp>("main");
  if (!main)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "the module has no func.func @main");
  return main;
}

std::vector<std::string> inputNames(func::FuncOp func) {
  std::vector<std::string> names;
  for (unsigned i = 0; i < func.getNumArguments(); ++i) {
    auto name = func.getArgAttrOfType<StringAttr>(i, kNameAttr);
    names.push_back(name ? name.str() : "arg" + std::to_string(i));
  }
  return names;
}

std::vector<std::string> outputNames(func::FuncOp func) {
  std::vector<std::string> names;
  for (unsigned i = 0; i < func.getNumResults(); ++i) {
    auto name = func.getResultAttrOfType<StringAttr>(i, kNameAttr);
    names.push_back(name ? name.str() : "result" + std::to_string(i));
  }
  return names;
}

Expected<std::vector<Tensor>>
runByName(ModuleOp module, const std::map<std::string, Tensor> &inputsByName,
          Observer observer) {
  Expected<func::FuncOp> main = getMain(module);
  if (!main)
    return main.takeError();
  std::vector<std::string> names = inputNames(*main);
  for (const auto &entry : inputsByName)
    if (!llvm::is_contained(names, entry.first))
      return llvm::createStringError(
          llvm::inconvertibleErrorCode(),
          "unknown input '" + entry.first +
              "'; the model's inputs are: " + llvm::join(names, ", "));
  std::vector<Tensor> inputs;
  for (const std::string &name : names) {
    auto it = inputsByName.find(name);
    if (it == inputsByName.end())
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "missing input '" + name + "'");
    inputs.push_back(it->second);
  }
  return run(*main, inputs, observer);
}

} // namespace cim::reference
