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
      bool isUnsigned = elementType.isUnsignedInteger() ||
                        elementType.isInteger(1);
      for (APInt v : dense.getValues<APInt>())
        t.data.push_back(isUnsigned
                             ? static_cast<float>(v.getZExtValue())
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

/// The interpreter state of one run.
class Executor {
public:
  explicit Executor(Observer observer) : observer(observer) {}

  Expected<std::vector<Tensor>> run(func::FuncOp func,
                                    llvm::ArrayRef<Tensor> inputs);

private:
  Error execute(Operation *op);
  Expected<const Tensor *> get(Operation *op, Value value);
  Error set(Operation *op, Value result, Tensor tensor);
  Expected<std::vector<int64_t>> shapeOperand(Operation *op, Value value);
  Error checkWindow(Operation *op, const Tensor &input,
                    const kernels::Window2D &window, int64_t kH, int64_t kW);

  Error conv2d(Operation *op, Value input, Value weight, Value bias,
               llvm::ArrayRef<int64_t> stride, llvm::ArrayRef<int64_t> pad,
               llvm::ArrayRef<int64_t> dilation, bool relu);
  Error binary(Operation *op, Tensor (*fn)(const Tensor &, const Tensor &));

  Observer observer;
  llvm::DenseMap<Value, Tensor> values;
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
  auto shapeOp = value.getDefiningOp<tosa::ConstShapeOp>();
  if (!shapeOp)
    return errorAt(op, "shape operand is not a tosa.const_shape");
  std::vector<int64_t> shape;
  for (const APInt &v : shapeOp.getValues().getValues<APInt>())
    shape.push_back(v.getSExtValue());
  return shape;
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
    return errorAt(op, "window does not fit the input " +
                           formatShape(input.shape));
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

Error Executor::binary(Operation *op,
                       Tensor (*fn)(const Tensor &, const Tensor &)) {
  Expected<const Tensor *> a = get(op, op->getOperand(0)),
                           b = get(op, op->getOperand(1));
  if (!a)
    return a.takeError();
  if (!b)
    return b.takeError();
  if (!kernels::broadcastShapes((*a)->shape, (*b)->shape))
    return errorAt(op, "operand shapes " + formatShape((*a)->shape) +
                           " and " + formatShape((*b)->shape) +
                           " do not broadcast");
  return set(op, op->getResult(0), fn(**a, **b));
}

Error Executor::execute(Operation *op) {
  using Result = Error;
  return llvm::TypeSwitch<Operation *, Result>(op)
      .Case<tosa::ConstOp>([&](tosa::ConstOp c) -> Result {
        Expected<Tensor> t = constantToTensor(op, c.getValues());
        if (!t)
          return t.takeError();
        return set(op, c.getResult(), std::move(*t));
      })
      .Case<tosa::ConstShapeOp>(
          [&](tosa::ConstShapeOp) -> Result { return Error::success(); })
      .Case<tosa::Conv2DOp>([&](tosa::Conv2DOp c) -> Result {
        return conv2d(op, c.getInput(), c.getWeight(), c.getBias(),
                      c.getStride(), c.getPad(), c.getDilation(),
                      /*relu=*/false);
      })
      .Case<cim::Conv2DOp>([&](cim::Conv2DOp c) -> Result {
        return conv2d(op, c.getInput(), c.getWeight(), c.getBias(),
                      c.getStride(), c.getPad(), c.getDilation(),
                      c.getRelu());
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
                                  static_cast<float>(bound(c.getMaxValAttr()))));
      })
      .Case<tosa::AddOp>(
          [&](tosa::AddOp) -> Result { return binary(op, kernels::add); })
      .Case<tosa::SubOp>(
          [&](tosa::SubOp) -> Result { return binary(op, kernels::sub); })
      .Case<tosa::MulOp>([&](tosa::MulOp) -> Result {
        // The shift operand applies to integer products only.
        return binary(op, kernels::mul);
      })
      .Case<tosa::MaxPool2dOp>([&](tosa::MaxPool2dOp p) -> Result {
        Expected<const Tensor *> x = get(op, p.getInput());
        if (!x)
          return x.takeError();
        kernels::Window2D w =
            makeWindow(p.getKernel(), p.getStride(), p.getPad(), {});
        if (Error err = checkWindow(op, **x, w, w.kH, w.kW))
          return err;
        return set(op, p.getResult(), kernels::maxPool2d(**x, w));
      })
      .Case<tosa::AvgPool2dOp>([&](tosa::AvgPool2dOp p) -> Result {
        Expected<const Tensor *> x = get(op, p.getInput());
        if (!x)
          return x.takeError();
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
            return errorAt(op, "slice is outside the input " +
                                   formatShape(shape));
        }
        return set(op, sl.getResult(), kernels::slice(**x, *start, *size));
      })
      .Case<tosa::IdentityOp>([&](tosa::IdentityOp i) -> Result {
        Expected<const Tensor *> x = get(op, i.getInput1());
        if (!x)
          return x.takeError();
        return set(op, i.getResult(), **x);
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
    remainingUses[arg] = static_cast<unsigned>(
        std::distance(arg.use_begin(), arg.use_end()));
  }

  for (Operation &op : body) {
    if (Error err = execute(&op))
      return std::move(err);
    // Drop operands whose last user just ran.
    for (Value operand : op.getOperands()) {
      auto it = remainingUses.find(operand);
      if (it != remainingUses.end() && --it->second == 0) {
        remainingUses.erase(it);
        values.erase(operand);
      }
    }
  }
  if (results.size() != func.getNumResults())
    return errorAt(func, "function body does not end in func.return");
  return std::move(results);
}

} // namespace

Expected<std::vector<Tensor>> run(func::FuncOp func,
                                  llvm::ArrayRef<Tensor> inputs,
                                  Observer observer) {
  Executor executor(observer);
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
          "unknown input '" + entry.first + "'; the model's inputs are: " +
              llvm::join(names, ", "));
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
