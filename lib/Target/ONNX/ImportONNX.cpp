//===- ImportONNX.cpp - ONNX graph to TOSA on tensors ---------------------===//
//
// Walks a checked, shape-inferred ONNX graph in node order and emits TOSA ops
// into `func.func @main`. Each imported value remembers its physical layout
// (ONNX order, NHWC, or an NHWC value flattened to 2-D) so that transposes are
// only emitted where a consumer really needs a different layout.
//
//===----------------------------------------------------------------------===//

#include "cim/Target/ONNX/ImportONNX.h"

#include "ONNXModel.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Location.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <cstring>
#include <limits>
#include <map>
#include <numeric>
#include <optional>
#include <set>
#include <tuple>

using namespace mlir;
using llvm::SmallVector;
using llvm::StringRef;

namespace {

using Shape = SmallVector<int64_t, 4>;

/// Physical layout of an imported value relative to its ONNX shape.
enum class Layout {
  /// Same dimension order as in ONNX.
  ONNX,
  /// A rank-4 ONNX NCHW value stored as NHWC.
  NHWC,
  /// ONNX Flatten(axis=1) of an NCHW value, stored as the flattening of its
  /// NHWC form: [N, H*W*C] instead of [N, C*H*W]. Gemm/MatMul consumers fold
  /// the row permutation into their constant weights.
  FlatNHWC,
};

/// NCHW -> NHWC and back.
constexpr int32_t kToNHWC[] = {0, 2, 3, 1};
constexpr int32_t kToNCHW[] = {0, 3, 1, 2};

/// An imported ONNX value.
struct Tensor {
  Value value;
  Layout layout = Layout::ONNX;
  /// The ONNX (logical) shape.
  Shape shape;
  /// For FlatNHWC: C, H, W of the value before flattening, and that NHWC
  /// value (null when the flattening came from elsewhere).
  Shape chw;
  Value nhwcSource;
  /// The value converted to other layouts, so several consumers share one
  /// transpose.
  std::map<Layout, Value> converted;
};

/// A constant operand read from an initializer or a Constant node.
struct ConstData {
  Shape shape;
  std::vector<float> data;
  /// True when the ONNX tensor stored its bytes in raw_data: constants derived
  /// from it are emitted as resource blobs, the others as dense attributes.
  bool raw = false;
  std::string name;
};

int64_t numElements(llvm::ArrayRef<int64_t> shape) {
  return std::accumulate(shape.begin(), shape.end(), int64_t(1),
                         std::multiplies<int64_t>());
}

std::string shapeStr(llvm::ArrayRef<int64_t> shape) {
  std::string s;
  for (auto [i, d] : llvm::enumerate(shape))
    s += (i ? "x" : "") + std::to_string(d);
  return s.empty() ? "scalar" : s;
}

/// Physical shape of an ONNX shape in `layout`.
Shape physicalShape(llvm::ArrayRef<int64_t> shape, Layout layout) {
  if (layout != Layout::NHWC)
    return Shape(shape);
  return Shape{shape[0], shape[2], shape[3], shape[1]};
}

/// `data` (row-major, shape `shape`) transposed so that result dimension i is
/// input dimension perm[i].
std::vector<float> permuteData(llvm::ArrayRef<float> data,
                               llvm::ArrayRef<int64_t> shape,
                               llvm::ArrayRef<int32_t> perm) {
  size_t rank = shape.size();
  SmallVector<int64_t> inStrides(rank, 1), outShape(rank);
  for (size_t i = rank; i-- > 1;)
    inStrides[i - 1] = inStrides[i] * shape[i];
  for (size_t i = 0; i < rank; ++i)
    outShape[i] = shape[perm[i]];
  std::vector<float> out(data.size());
  SmallVector<int64_t> index(rank, 0);
  for (size_t flat = 0; flat < out.size(); ++flat) {
    int64_t src = 0;
    for (size_t i = 0; i < rank; ++i)
      src += index[i] * inStrides[perm[i]];
    out[flat] = data[src];
    for (size_t i = rank; i-- > 0;) {
      if (++index[i] < outShape[i])
        break;
      index[i] = 0;
    }
  }
  return out;
}

/// Numpy-style broadcast of two shapes; false if incompatible.
bool broadcastShapes(llvm::ArrayRef<int64_t> a, llvm::ArrayRef<int64_t> b,
                     Shape &out) {
  size_t rank = std::max(a.size(), b.size());
  out.assign(rank, 1);
  for (size_t i = 0; i < rank; ++i) {
    int64_t da = i < rank - a.size() ? 1 : a[i - (rank - a.size())];
    int64_t db = i < rank - b.size() ? 1 : b[i - (rank - b.size())];
    if (da != db && da != 1 && db != 1)
      return false;
    out[i] = da == 1 ? db : da;
  }
  return true;
}

std::string domainName(StringRef domain) {
  return domain.empty() ? "ai.onnx" : domain.str();
}

/// Resource keys are printed in the IR; keep them to identifier characters.
std::string blobName(StringRef name) {
  std::string out;
  for (char c : name)
    out += (llvm::isAlnum(c) || c == '_' || c == '.') ? c : '_';
  return out.empty() ? std::string("onnx_const") : out;
}

/// ONNX attribute lookup by name.
const onnx::AttributeProto *findAttr(const onnx::NodeProto &node,
                                     StringRef name) {
  for (const onnx::AttributeProto &attr : node.attribute())
    if (attr.name() == name)
      return &attr;
  return nullptr;
}

int64_t intAttr(const onnx::NodeProto &node, StringRef name, int64_t dflt) {
  const onnx::AttributeProto *attr = findAttr(node, name);
  return attr ? attr->i() : dflt;
}

float floatAttr(const onnx::NodeProto &node, StringRef name, float dflt) {
  const onnx::AttributeProto *attr = findAttr(node, name);
  return attr ? attr->f() : dflt;
}

std::string stringAttr(const onnx::NodeProto &node, StringRef name,
                       StringRef dflt) {
  const onnx::AttributeProto *attr = findAttr(node, name);
  return attr ? attr->s() : dflt.str();
}

Shape intsAttr(const onnx::NodeProto &node, StringRef name, Shape dflt) {
  const onnx::AttributeProto *attr = findAttr(node, name);
  if (!attr)
    return dflt;
  return Shape(attr->ints().begin(), attr->ints().end());
}

/// Opsets from which each operator's semantics are the ones implemented here
/// (older versions had different attributes, e.g. Gemm's `broadcast`).
const llvm::StringMap<int> &supportedOps() {
  static const llvm::StringMap<int> ops = {
      {"Add", 7},     {"AveragePool", 7}, {"Constant", 9},
      {"Conv", 1},    {"Flatten", 1},     {"Gemm", 7},
      {"GlobalAveragePool", 1},           {"Identity", 1},
      {"MatMul", 1},  {"MaxPool", 8},     {"Relu", 6},
      {"Reshape", 5},
  };
  return ops;
}

class Importer {
public:
  Importer(MLIRContext *ctx, const onnx::ModelProto &model, StringRef fileName)
      : ctx(ctx), model(model), graph(model.graph()), fileName(fileName),
        builder(ctx) {
    fileLoc = FileLineColLoc::get(ctx, fileName, 0, 0);
  }

  /// Everything that needs only the parsed proto: the unsupported-op report.
  LogicalResult checkOperators();
  /// Graph inputs must be float tensors with static shapes after inference.
  LogicalResult checkInputs();
  OwningOpRef<ModuleOp> run();

private:
  InFlightDiagnostic nodeError(Location loc, const onnx::NodeProto &node) {
    InFlightDiagnostic diag = emitError(loc);
    diag << node.op_type() << " node '" << nodeNames[&node] << "': ";
    return diag;
  }

  int64_t opsetOf(StringRef domain) const {
    for (const onnx::OperatorSetIdProto &opset : model.opset_import())
      if (domainName(opset.domain()) == domainName(domain))
        return opset.version();
    return -1;
  }

  // Values and constants.
  bool isConstant(StringRef name) const { return constants.count(name); }
  FailureOr<ConstData> readConstant(StringRef name, Location loc,
                                    const onnx::NodeProto &node);
  FailureOr<SmallVector<int64_t>> readInts(StringRef name, Location loc,
                                           const onnx::NodeProto &node);
  Value makeConst(llvm::ArrayRef<int64_t> shape, llvm::ArrayRef<float> data,
                  bool asResource, StringRef name, Location loc);
  Value makeShape(llvm::ArrayRef<int64_t> shape, Location loc);
  Value zeroScalar(Location loc);
  FailureOr<Tensor *> getTensor(StringRef name, Location loc,
                                const onnx::NodeProto &node);
  Value inLayout(Tensor &t, Layout layout, Location loc);
  Value reshape(Value v, llvm::ArrayRef<int64_t> shape, Location loc);
  Value transpose(Value v, llvm::ArrayRef<int32_t> perm, Location loc);
  void define(const onnx::NodeProto &node, int idx, Tensor t) {
    values[node.output(idx)] = std::move(t);
  }

  // Pools and convs share window arithmetic.
  struct Window {
    Shape kernel, stride, dilation, pad; // pad: top, bottom, left, right
    Shape crop;                          // input rows/cols never read
    Shape out;                           // OH, OW
  };
  FailureOr<Window> computeWindow(const onnx::NodeProto &node, Location loc,
                                  llvm::ArrayRef<int64_t> hw, Shape kernel,
                                  bool allowCeil);
  Value cropInput(Value nhwc, llvm::ArrayRef<int64_t> nhwcShape,
                  const Window &w, Location loc);

  // Lowerings, one per ONNX operator.
  LogicalResult lowerNode(const onnx::NodeProto &node, Location loc);
  LogicalResult lowerConv(const onnx::NodeProto &node, Location loc);
  LogicalResult lowerRelu(const onnx::NodeProto &node, Location loc);
  LogicalResult lowerAdd(const onnx::NodeProto &node, Location loc);
  LogicalResult lowerFlatten(const onnx::NodeProto &node, Location loc);
  LogicalResult lowerReshape(const onnx::NodeProto &node, Location loc);
  LogicalResult lowerPool(const onnx::NodeProto &node, Location loc);
  LogicalResult lowerGlobalAveragePool(const onnx::NodeProto &node,
                                       Location loc);
  LogicalResult lowerGemm(const onnx::NodeProto &node, Location loc);
  LogicalResult lowerMatMul(const onnx::NodeProto &node, Location loc);
  LogicalResult lowerConstant(const onnx::NodeProto &node, Location loc);
  LogicalResult lowerIdentity(const onnx::NodeProto &node, Location loc);
  LogicalResult emitLinear(const onnx::NodeProto &node, Location loc,
                           Tensor &a, const ConstData &bKM, int64_t k,
                           int64_t m, const ConstData *bias,
                           llvm::ArrayRef<int64_t> outShape);

  MLIRContext *ctx;
  const onnx::ModelProto &model;
  const onnx::GraphProto &graph;
  std::string fileName;
  Location fileLoc = UnknownLoc::get(ctx);
  OpBuilder builder;
  llvm::DenseMap<const onnx::NodeProto *, std::string> nodeNames;
  llvm::StringMap<Tensor> values;
  llvm::StringMap<const onnx::TensorProto *> constants;
  /// Materialized constants by ONNX name and layout.
  std::map<std::pair<std::string, Layout>, Value> constValues;
  llvm::StringSet<> usedBlobNames;
};

} // namespace

//===----------------------------------------------------------------------===//
// Checks before any IR exists
//===----------------------------------------------------------------------===//

LogicalResult Importer::checkOperators() {
  llvm::StringMap<unsigned> perType;
  for (auto [index, node] : llvm::enumerate(graph.node())) {
    std::string name = node.name();
    if (name.empty())
      name = node.op_type() + "_" + std::to_string(index);
    nodeNames[&node] = name;
  }

  // (op, domain, opset, node) in first-seen order, each once.
  std::set<std::tuple<std::string, std::string, int64_t, std::string>> seen;
  std::vector<std::string> problems;
  for (const onnx::NodeProto &node : graph.node()) {
    int64_t opset = opsetOf(node.domain());
    std::string domain = domainName(node.domain());
    auto key = std::make_tuple(node.op_type(), domain, opset, nodeNames[&node]);
    if (seen.count(key))
      continue;
    std::string reason;
    auto it = supportedOps().find(node.op_type());
    if (domain != "ai.onnx" || it == supportedOps().end())
      reason = "";
    else if (opset < it->second)
      reason = "; supported from opset " + std::to_string(it->second);
    else
      continue;
    seen.insert(key);
    problems.push_back(node.op_type() + " (domain " + domain + ", opset " +
                       std::to_string(opset) + reason + ") at node '" +
                       nodeNames[&node] + "'");
  }
  if (problems.empty())
    return success();
  InFlightDiagnostic diag = emitError(fileLoc);
  diag << problems.size() << " unsupported ONNX op"
       << (problems.size() == 1 ? "" : "s") << ": ";
  llvm::interleave(problems, diag, "; ");
  return failure();
}

LogicalResult Importer::checkInputs() {
  llvm::StringSet<> inits;
  for (const onnx::TensorProto &init : graph.initializer())
    inits.insert(init.name());
  for (const onnx::ValueInfoProto &input : graph.input()) {
    if (inits.contains(input.name()))
      continue;
    const onnx::TypeProto &type = input.type();
    if (!type.has_tensor_type() ||
        type.tensor_type().elem_type() != onnx::TensorProto::FLOAT)
      return emitError(fileLoc)
             << "input '" << input.name()
             << "' is not a float32 tensor; only float32 inputs are supported";
    if (!type.tensor_type().has_shape())
      return emitError(fileLoc)
             << "input '" << input.name()
             << "' has no shape; give one with --input-shape=" << input.name()
             << ":DIMS";
    const onnx::TensorShapeProto &shape = type.tensor_type().shape();
    for (int i = 0; i < shape.dim_size(); ++i) {
      const onnx::TensorShapeProto_Dimension &dim = shape.dim(i);
      if (dim.has_dim_value() && dim.dim_value() > 0)
        continue;
      InFlightDiagnostic diag = emitError(fileLoc);
      diag << "input '" << input.name() << "' has dynamic dimension " << i;
      if (dim.has_dim_param())
        diag << " ('" << dim.dim_param() << "')";
      diag << "; give its shape with --input-shape=" << input.name()
           << ":DIMS (e.g. 1x3x32x32)";
      return diag;
    }
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Constants and value helpers
//===----------------------------------------------------------------------===//

FailureOr<ConstData> Importer::readConstant(StringRef name, Location loc,
                                            const onnx::NodeProto &node) {
  auto it = constants.find(name);
  if (it == constants.end())
    return nodeError(loc, node)
           << "input '" << name << "' must be a constant (initializer)";
  const onnx::TensorProto &t = *it->second;
  ConstData c;
  c.name = t.name().empty() ? name.str() : t.name();
  c.shape.assign(t.dims().begin(), t.dims().end());
  int64_t n = numElements(c.shape);
  if (t.data_type() != onnx::TensorProto::FLOAT)
    return nodeError(loc, node)
           << "constant '" << name << "' has ONNX data type " << t.data_type()
           << "; only float32 weights are supported";
  c.data.resize(n);
  if (t.has_raw_data()) {
    if (static_cast<int64_t>(t.raw_data().size()) != n * 4)
      return nodeError(loc, node)
             << "constant '" << name << "' holds " << t.raw_data().size()
             << " bytes, its shape " << shapeStr(c.shape) << " needs "
             << n * 4;
    // ONNX raw_data is little endian, like every host this builds on.
    std::memcpy(c.data.data(), t.raw_data().data(), n * 4);
    c.raw = true;
  } else {
    if (t.float_data_size() != n)
      return nodeError(loc, node)
             << "constant '" << name << "' holds " << t.float_data_size()
             << " values, its shape " << shapeStr(c.shape) << " needs " << n;
    std::copy(t.float_data().begin(), t.float_data().end(), c.data.begin());
  }
  return c;
}

FailureOr<SmallVector<int64_t>> Importer::readInts(StringRef name, Location loc,
                                                   const onnx::NodeProto &node) {
  auto it = constants.find(name);
  if (it == constants.end())
    return nodeError(loc, node)
           << "input '" << name << "' must be a constant (initializer)";
  const onnx::TensorProto &t = *it->second;
  int64_t n = numElements(Shape(t.dims().begin(), t.dims().end()));
  SmallVector<int64_t> out(n);
  if (t.data_type() == onnx::TensorProto::INT64) {
    if (t.has_raw_data() && static_cast<int64_t>(t.raw_data().size()) == n * 8)
      std::memcpy(out.data(), t.raw_data().data(), n * 8);
    else if (!t.has_raw_data() && t.int64_data_size() == n)
      std::copy(t.int64_data().begin(), t.int64_data().end(), out.begin());
    else
      return nodeError(loc, node)
             << "constant '" << name << "' holds the wrong number of values";
    return out;
  }
  return nodeError(loc, node) << "constant '" << name
                              << "' must be int64, has ONNX data type "
                              << t.data_type();
}

Value Importer::makeConst(llvm::ArrayRef<int64_t> shape,
                          llvm::ArrayRef<float> data, bool asResource,
                          StringRef name, Location loc) {
  auto type = RankedTensorType::get(shape, builder.getF32Type());
  ElementsAttr attr;
  if (asResource) {
    // Unique names keep the printed IR readable; the blob manager would
    // otherwise append its own counter.
    std::string base = blobName(name), key = base;
    for (unsigned i = 1; !usedBlobNames.insert(key).second; ++i)
      key = base + "_" + std::to_string(i);
    AsmResourceBlob blob = HeapAsmResourceBlob::allocateAndCopyWithAlign(
        llvm::ArrayRef<char>(reinterpret_cast<const char *>(data.data()),
                             data.size() * sizeof(float)),
        alignof(float));
    attr = DenseResourceElementsAttr::get(type, key, std::move(blob));
  } else {
    attr = DenseElementsAttr::get(type, data);
  }
  return tosa::ConstOp::create(builder, loc, type, attr);
}

Value Importer::makeShape(llvm::ArrayRef<int64_t> shape, Location loc) {
  auto attrType =
      RankedTensorType::get({static_cast<int64_t>(shape.size())},
                            builder.getIndexType());
  return tosa::ConstShapeOp::create(
      builder, loc, tosa::shapeType::get(ctx, shape.size()),
      DenseIntElementsAttr::get(attrType, shape));
}

Value Importer::zeroScalar(Location loc) {
  float zero = 0.0f;
  return makeConst({1}, zero, /*asResource=*/false, "", loc);
}

Value Importer::reshape(Value v, llvm::ArrayRef<int64_t> shape, Location loc) {
  auto type = RankedTensorType::get(shape, builder.getF32Type());
  if (v.getType() == type)
    return v;
  return tosa::ReshapeOp::create(builder, loc, type, v, makeShape(shape, loc));
}

Value Importer::transpose(Value v, llvm::ArrayRef<int32_t> perm, Location loc) {
  auto in = cast<RankedTensorType>(v.getType());
  Shape out;
  for (int32_t p : perm)
    out.push_back(in.getDimSize(p));
  return tosa::TransposeOp::create(
      builder, loc, RankedTensorType::get(out, in.getElementType()), v,
      builder.getDenseI32ArrayAttr(perm));
}

FailureOr<Tensor *> Importer::getTensor(StringRef name, Location loc,
                                        const onnx::NodeProto &node) {
  auto it = values.find(name);
  if (it != values.end())
    return &it->second;
  if (!isConstant(name))
    return nodeError(loc, node) << "input '" << name << "' is not defined";
  // A constant used as a data operand: materialize it once, in ONNX order.
  FailureOr<ConstData> c = readConstant(name, loc, node);
  if (failed(c))
    return failure();
  Tensor t;
  t.shape = c->shape;
  t.value = makeConst(c->shape, c->data, c->raw, c->name, loc);
  return &(values[name] = std::move(t));
}

Value Importer::inLayout(Tensor &t, Layout layout, Location loc) {
  if (t.layout == layout)
    return t.value;
  auto cached = t.converted.find(layout);
  if (cached != t.converted.end())
    return cached->second;

  // Conversions go through the ONNX layout; only the four used pairs occur.
  Value onnx = t.value;
  if (t.layout == Layout::NHWC) {
    onnx = transpose(t.value, kToNCHW, loc);
  } else if (t.layout == Layout::FlatNHWC) {
    int64_t n = t.shape[0], c = t.chw[0], h = t.chw[1], w = t.chw[2];
    Value nhwc = t.nhwcSource ? t.nhwcSource
                              : reshape(t.value, {n, h, w, c}, loc);
    onnx = reshape(transpose(nhwc, kToNCHW, loc), t.shape, loc);
  }
  Value result = onnx;
  if (layout == Layout::NHWC)
    result = transpose(onnx, kToNHWC, loc);
  return t.converted[layout] = result;
}

//===----------------------------------------------------------------------===//
// Window arithmetic shared by Conv and the pools
//===----------------------------------------------------------------------===//

FailureOr<Importer::Window>
Importer::computeWindow(const onnx::NodeProto &node, Location loc,
                        llvm::ArrayRef<int64_t> hw, Shape kernel,
                        bool allowCeil) {
  Window w;
  w.kernel = kernel;
  w.stride = intsAttr(node, "strides", {1, 1});
  w.dilation = intsAttr(node, "dilations", {1, 1});
  Shape pads = intsAttr(node, "pads", {0, 0, 0, 0});
  std::string autoPad = stringAttr(node, "auto_pad", "NOTSET");
  if (autoPad != "NOTSET" && autoPad != "VALID")
    return nodeError(loc, node)
           << "auto_pad '" << autoPad
           << "' is not supported (use NOTSET with explicit pads, or VALID)";
  if (autoPad == "VALID")
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
  int64_t ceilMode = intAttr(node, "ceil_mode", 0);

  // ONNX pads are [top, left, bottom, right]; TOSA wants [top, bottom, left,
  // right].
  w.pad = {pads[0], pads[2], pads[1], pads[3]};
  w.crop = {0, 0};
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
      // Average pooling would count the extra window's padding differently
      // from ONNX; max pooling pads with -inf, so more end padding gives
      // exactly the extra window ceil_mode asks for.
      if (!allowCeil)
        return nodeError(loc, node)
               << "ceil_mode=1 changes the output size here (" << out
               << " -> " << ceilOut << "); only ceil_mode=0 is supported";
      int64_t end = (ceilOut - 1) * w.stride[i] + extent - hw[i] - w.pad[2 * i];
      if (end >= w.kernel[i])
        return nodeError(loc, node)
               << "ceil_mode=1 needs end padding " << end
               << ", not smaller than the kernel (" << w.kernel[i] << ")";
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
  return tosa::SliceOp::create(
      builder, loc, RankedTensorType::get(size, builder.getF32Type()), nhwc,
      makeShape({0, 0, 0, 0}, loc), makeShape(size, loc));
}

//===----------------------------------------------------------------------===//
// Operator lowerings
//===----------------------------------------------------------------------===//

LogicalResult Importer::lowerNode(const onnx::NodeProto &node, Location loc) {
  StringRef op = node.op_type();
  if (op == "Conv")
    return lowerConv(node, loc);
  if (op == "Relu")
    return lowerRelu(node, loc);
  if (op == "Add")
    return lowerAdd(node, loc);
  if (op == "Flatten")
    return lowerFlatten(node, loc);
  if (op == "Reshape")
    return lowerReshape(node, loc);
  if (op == "MaxPool" || op == "AveragePool")
    return lowerPool(node, loc);
  if (op == "GlobalAveragePool")
    return lowerGlobalAveragePool(node, loc);
  if (op == "Gemm")
    return lowerGemm(node, loc);
  if (op == "MatMul")
    return lowerMatMul(node, loc);
  if (op == "Constant")
    return lowerConstant(node, loc);
  if (op == "Identity")
    return lowerIdentity(node, loc);
  // checkOperators() rejected everything else before any IR was built.
  llvm_unreachable("operator passed checkOperators but has no lowering");
}

LogicalResult Importer::lowerConv(const onnx::NodeProto &node, Location loc) {
  if (intAttr(node, "group", 1) != 1)
    return nodeError(loc, node) << "group " << intAttr(node, "group", 1)
                                << " is not supported (only group 1)";
  FailureOr<Tensor *> x = getTensor(node.input(0), loc, node);
  if (failed(x))
    return failure();
  FailureOr<ConstData> w = readConstant(node.input(1), loc, node);
  if (failed(w))
    return failure();
  if ((*x)->shape.size() != 4 || w->shape.size() != 4)
    return nodeError(loc, node) << "only 2-D convolutions (rank-4 input and "
                                   "weight) are supported";
  int64_t n = (*x)->shape[0], c = (*x)->shape[1];
  int64_t o = w->shape[0], kh = w->shape[2], kw = w->shape[3];
  if (w->shape[1] != c)
    return nodeError(loc, node)
           << "weight has " << w->shape[1] << " input channels, input has "
           << c;
  Shape kernel = intsAttr(node, "kernel_shape", {kh, kw});
  if (kernel != Shape{kh, kw})
    return nodeError(loc, node)
           << "kernel_shape " << shapeStr(kernel)
           << " does not match the weight's " << kh << "x" << kw;
  FailureOr<Window> win = computeWindow(
      node, loc, {(*x)->shape[2], (*x)->shape[3]}, kernel, false);
  if (failed(win))
    return failure();

  // Bias: the ONNX tensor as is, or zeros.
  Value bias;
  if (node.input_size() > 2 && !node.input(2).empty()) {
    FailureOr<ConstData> b = readConstant(node.input(2), loc, node);
    if (failed(b))
      return failure();
    if (b->shape != Shape{o})
      return nodeError(loc, node) << "bias has shape " << shapeStr(b->shape)
                                  << ", expected " << o;
    bias = makeConst(b->shape, b->data, b->raw, b->name, loc);
  } else {
    bias = makeConst({o}, std::vector<float>(o, 0.0f), false, "", loc);
  }

  // OIHW -> OHWI once, at import.
  std::vector<float> ohwi = permuteData(w->data, w->shape, kToNHWC);
  Value weight =
      makeConst({o, kh, kw, c}, ohwi, w->raw, w->name + ".ohwi", loc);

  Value input = inLayout(**x, Layout::NHWC, loc);
  input = cropInput(input, physicalShape((*x)->shape, Layout::NHWC), *win, loc);
  Shape outShape{n, o, win->out[0], win->out[1]};
  auto outType = RankedTensorType::get(physicalShape(outShape, Layout::NHWC),
                                       builder.getF32Type());
  Value conv = tosa::Conv2DOp::create(
      builder, loc, outType, input, weight, bias,
      builder.getDenseI64ArrayAttr(win->pad),
      builder.getDenseI64ArrayAttr(win->stride),
      builder.getDenseI64ArrayAttr(win->dilation),
      TypeAttr::get(builder.getF32Type()));
  Tensor t;
  t.value = conv;
  t.layout = Layout::NHWC;
  t.shape = outShape;
  define(node, 0, std::move(t));
  return success();
}

LogicalResult Importer::lowerRelu(const onnx::NodeProto &node, Location loc) {
  FailureOr<Tensor *> x = getTensor(node.input(0), loc, node);
  if (failed(x))
    return failure();
  // Elementwise: stay in whatever layout the input has.
  Tensor t;
  t.layout = (*x)->layout;
  t.shape = (*x)->shape;
  t.chw = (*x)->chw;
  // The NHWC source is not clamped, so it cannot stand in for the result.
  t.value = tosa::ClampOp::create(
      builder, loc, (*x)->value.getType(), (*x)->value,
      builder.getF32FloatAttr(0.0f),
      builder.getF32FloatAttr(std::numeric_limits<float>::infinity()));
  define(node, 0, std::move(t));
  return success();
}

LogicalResult Importer::lowerAdd(const onnx::NodeProto &node, Location loc) {
  StringRef names[2] = {node.input(0), node.input(1)};
  bool isConst[2] = {!values.count(names[0]) && isConstant(names[0]),
                     !values.count(names[1]) && isConstant(names[1])};
  Shape shapes[2];
  Tensor *tensors[2] = {nullptr, nullptr};
  FailureOr<ConstData> consts[2];
  for (int i = 0; i < 2; ++i) {
    if (isConst[i]) {
      consts[i] = readConstant(names[i], loc, node);
      if (failed(consts[i]))
        return failure();
      shapes[i] = consts[i]->shape;
    } else {
      FailureOr<Tensor *> t = getTensor(names[i], loc, node);
      if (failed(t))
        return failure();
      tensors[i] = *t;
      shapes[i] = (*t)->shape;
    }
  }
  Shape outShape;
  if (!broadcastShapes(shapes[0], shapes[1], outShape))
    return nodeError(loc, node) << "shapes " << shapeStr(shapes[0]) << " and "
                                << shapeStr(shapes[1]) << " do not broadcast";
  size_t rank = outShape.size();

  // Follow the layout of a full-rank data operand; FlatNHWC is kept only when
  // both operands are the same flattened value layout.
  Layout layout = Layout::ONNX;
  for (Tensor *t : tensors)
    if (t && t->shape.size() == rank && t->layout == Layout::NHWC)
      layout = Layout::NHWC;
  if (tensors[0] && tensors[1] && tensors[0]->layout == Layout::FlatNHWC &&
      tensors[1]->layout == Layout::FlatNHWC &&
      tensors[0]->shape == tensors[1]->shape &&
      tensors[0]->chw == tensors[1]->chw)
    layout = Layout::FlatNHWC;

  Value operands[2];
  for (int i = 0; i < 2; ++i) {
    // TOSA broadcasting needs equal ranks: pad with leading ones.
    Shape padded(rank - shapes[i].size(), 1);
    padded.append(shapes[i].begin(), shapes[i].end());
    if (isConst[i]) {
      std::vector<float> data = consts[i]->data;
      Shape phys = padded;
      if (layout == Layout::NHWC) {
        data = permuteData(data, padded, kToNHWC);
        phys = physicalShape(padded, Layout::NHWC);
      }
      std::string suffix = layout == Layout::NHWC ? ".nhwc" : "";
      operands[i] =
          makeConst(phys, data, consts[i]->raw, consts[i]->name + suffix, loc);
      continue;
    }
    Tensor &t = *tensors[i];
    if (layout == Layout::FlatNHWC) {
      operands[i] = t.value;
    } else if (t.shape.size() == rank) {
      operands[i] = inLayout(t, layout, loc);
    } else {
      Value v = reshape(inLayout(t, Layout::ONNX, loc), padded, loc);
      operands[i] = layout == Layout::NHWC ? transpose(v, kToNHWC, loc) : v;
    }
  }
  Tensor out;
  out.layout = layout;
  out.shape = outShape;
  if (layout == Layout::FlatNHWC)
    out.chw = tensors[0]->chw;
  out.value = tosa::AddOp::create(
      builder, loc,
      RankedTensorType::get(physicalShape(outShape, layout),
                            builder.getF32Type()),
      operands[0], operands[1]);
  define(node, 0, std::move(out));
  return success();
}

LogicalResult Importer::lowerFlatten(const onnx::NodeProto &node,
                                     Location loc) {
  FailureOr<Tensor *> x = getTensor(node.input(0), loc, node);
  if (failed(x))
    return failure();
  Tensor &in = **x;
  int64_t rank = in.shape.size();
  int64_t axis = intAttr(node, "axis", 1);
  if (axis < 0)
    axis += rank;
  if (axis < 0 || axis > rank)
    return nodeError(loc, node)
           << "axis " << intAttr(node, "axis", 1) << " is out of range for rank "
           << rank;
  llvm::ArrayRef<int64_t> dims(in.shape);
  Shape outShape{numElements(dims.take_front(axis)),
                 numElements(dims.drop_front(axis))};
  Tensor out;
  out.shape = outShape;
  if (in.layout == Layout::NHWC && axis == 1) {
    // Keep the NHWC order and let the consumer permute its weights.
    out.layout = Layout::FlatNHWC;
    out.chw = {in.shape[1], in.shape[2], in.shape[3]};
    out.nhwcSource = in.value;
    out.value = reshape(in.value, outShape, loc);
  } else if (in.layout == Layout::FlatNHWC && axis == 1) {
    out.layout = Layout::FlatNHWC;
    out.chw = in.chw;
    out.nhwcSource = in.nhwcSource;
    out.value = in.value;
  } else {
    out.value = reshape(inLayout(in, Layout::ONNX, loc), outShape, loc);
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
  bool allowZero = intAttr(node, "allowzero", 0) != 0;
  Shape outShape;
  int inferIndex = -1;
  for (auto [i, d] : llvm::enumerate(*target)) {
    if (d == 0 && !allowZero) {
      if (i >= in.shape.size())
        return nodeError(loc, node)
               << "shape entry " << i << " is 0 but the input has rank "
               << in.shape.size();
      outShape.push_back(in.shape[i]);
    } else if (d == -1) {
      if (inferIndex >= 0)
        return nodeError(loc, node) << "shape has more than one -1";
      inferIndex = i;
      outShape.push_back(1);
    } else if (d < 0) {
      return nodeError(loc, node) << "shape entry " << i << " is " << d;
    } else {
      outShape.push_back(d);
    }
  }
  int64_t total = numElements(in.shape), known = numElements(outShape);
  if (inferIndex >= 0) {
    if (known == 0 || total % known != 0)
      return nodeError(loc, node)
             << "cannot reshape " << shapeStr(in.shape) << " to "
             << shapeStr(outShape) << " with one inferred dimension";
    outShape[inferIndex] = total / known;
  } else if (known != total) {
    return nodeError(loc, node) << "cannot reshape " << shapeStr(in.shape)
                                << " to " << shapeStr(outShape);
  }
  Tensor out;
  out.shape = outShape;
  if (in.layout == Layout::FlatNHWC && outShape == in.shape) {
    out.layout = Layout::FlatNHWC;
    out.chw = in.chw;
    out.nhwcSource = in.nhwcSource;
    out.value = in.value;
  } else {
    out.value = reshape(inLayout(in, Layout::ONNX, loc), outShape, loc);
  }
  define(node, 0, std::move(out));
  return success();
}

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
                    isMax);
  if (failed(win))
    return failure();

  Value input = inLayout(in, Layout::NHWC, loc);
  Shape inPhys = physicalShape(in.shape, Layout::NHWC);
  input = cropInput(input, inPhys, *win, loc);
  inPhys[1] -= win->crop[0];
  inPhys[2] -= win->crop[1];
  Shape outShape{in.shape[0], in.shape[1], win->out[0], win->out[1]};
  auto outType = RankedTensorType::get(physicalShape(outShape, Layout::NHWC),
                                       builder.getF32Type());
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
    // zeros so that padding counts.
    if (intAttr(node, "count_include_pad", 0) != 0 &&
        llvm::any_of(pad, [](int64_t p) { return p != 0; })) {
      Shape padded{inPhys[0], inPhys[1] + pad[0] + pad[1],
                   inPhys[2] + pad[2] + pad[3], inPhys[3]};
      input = tosa::PadOp::create(
          builder, loc, RankedTensorType::get(padded, builder.getF32Type()),
          input, makeShape({0, 0, pad[0], pad[1], pad[2], pad[3], 0, 0}, loc),
          zeroScalar(loc));
      pad = {0, 0, 0, 0};
    }
    result = tosa::AvgPool2dOp::create(
        builder, loc, outType, input, builder.getDenseI64ArrayAttr(win->kernel),
        builder.getDenseI64ArrayAttr(win->stride),
        builder.getDenseI64ArrayAttr(pad),
        TypeAttr::get(builder.getF32Type()));
  }
  Tensor out;
  out.value = result;
  out.layout = Layout::NHWC;
  out.shape = outShape;
  define(node, 0, std::move(out));
  return success();
}

LogicalResult Importer::lowerGlobalAveragePool(const onnx::NodeProto &node,
                                               Location loc) {
  FailureOr<Tensor *> x = getTensor(node.input(0), loc, node);
  if (failed(x))
    return failure();
  Tensor &in = **x;
  if (in.shape.size() != 4)
    return nodeError(loc, node) << "only rank-4 inputs are supported, input is "
                                << shapeStr(in.shape);
  Shape outShape{in.shape[0], in.shape[1], 1, 1};
  Value result = tosa::AvgPool2dOp::create(
      builder, loc,
      RankedTensorType::get(physicalShape(outShape, Layout::NHWC),
                            builder.getF32Type()),
      inLayout(in, Layout::NHWC, loc),
      builder.getDenseI64ArrayAttr({in.shape[2], in.shape[3]}),
      builder.getDenseI64ArrayAttr({1, 1}),
      builder.getDenseI64ArrayAttr({0, 0, 0, 0}),
      TypeAttr::get(builder.getF32Type()));
  Tensor out;
  out.value = result;
  out.layout = Layout::NHWC;
  out.shape = outShape;
  define(node, 0, std::move(out));
  return success();
}

/// Emits reshape [rows, K] -> [1, rows, K], tosa.matmul with the constant
/// [1, K, M], reshape to [rows, M], the optional bias add, and a final reshape
/// to `outShape`. Later passes pattern-match exactly this form.
LogicalResult Importer::emitLinear(const onnx::NodeProto &node, Location loc,
                                   Tensor &a, const ConstData &bKM, int64_t k,
                                   int64_t m, const ConstData *bias,
                                   llvm::ArrayRef<int64_t> outShape) {
  int64_t rows = a.shape.empty() ? 1 : numElements(a.shape) / k;
  std::vector<float> weights = bKM.data;
  Value aValue;
  if (a.layout == Layout::FlatNHWC && a.shape.size() == 2) {
    // Rows of the weight follow the NCHW flattening; the data is NHWC
    // flattened, so reorder the rows to match: [C,H,W,M] -> [H,W,C,M].
    weights = permuteData(weights, {a.chw[0], a.chw[1], a.chw[2], m},
                          {1, 2, 0, 3});
    aValue = a.value;
  } else {
    aValue = inLayout(a, Layout::ONNX, loc);
  }
  Value a3 = reshape(aValue, {1, rows, k}, loc);
  Value b3 = makeConst({1, k, m}, weights, bKM.raw, bKM.name, loc);
  Value mm = tosa::MatMulOp::create(
      builder, loc, RankedTensorType::get({1, rows, m}, builder.getF32Type()),
      a3, b3);
  Value result = reshape(mm, {rows, m}, loc);
  if (bias) {
    Value b = makeConst(bias->shape, bias->data, bias->raw, bias->name, loc);
    result = tosa::AddOp::create(
        builder, loc, RankedTensorType::get({rows, m}, builder.getF32Type()),
        result, b);
  }
  Tensor out;
  out.shape = Shape(outShape);
  out.value = reshape(result, outShape, loc);
  define(node, 0, std::move(out));
  return success();
}

LogicalResult Importer::lowerGemm(const onnx::NodeProto &node, Location loc) {
  if (intAttr(node, "transA", 0) != 0)
    return nodeError(loc, node) << "transA=1 is not supported";
  bool transB = intAttr(node, "transB", 0) != 0;
  float alpha = floatAttr(node, "alpha", 1.0f);
  float beta = floatAttr(node, "beta", 1.0f);
  FailureOr<Tensor *> a = getTensor(node.input(0), loc, node);
  if (failed(a))
    return failure();
  FailureOr<ConstData> b = readConstant(node.input(1), loc, node);
  if (failed(b))
    return failure();
  if ((*a)->shape.size() != 2 || b->shape.size() != 2)
    return nodeError(loc, node) << "A and B must be 2-D, got "
                                << shapeStr((*a)->shape) << " and "
                                << shapeStr(b->shape);
  int64_t n = (*a)->shape[0], k = (*a)->shape[1];
  int64_t bk = transB ? b->shape[1] : b->shape[0];
  int64_t m = transB ? b->shape[0] : b->shape[1];
  if (bk != k)
    return nodeError(loc, node) << "A is " << shapeStr((*a)->shape)
                                << " but B" << (transB ? "^T" : "") << " has "
                                << bk << " rows";
  // B as [K, M], alpha folded in.
  ConstData bKM = *b;
  bKM.shape = {k, m};
  if (transB)
    bKM.data = permuteData(b->data, b->shape, {1, 0});
  for (float &v : bKM.data)
    v *= alpha;
  bKM.name = b->name + (transB ? ".kxm" : "");

  std::optional<ConstData> bias;
  if (node.input_size() > 2 && !node.input(2).empty()) {
    FailureOr<ConstData> c = readConstant(node.input(2), loc, node);
    if (failed(c))
      return failure();
    Shape full;
    if (!broadcastShapes(c->shape, {n, m}, full) || full != Shape{n, m})
      return nodeError(loc, node) << "C of shape " << shapeStr(c->shape)
                                  << " does not broadcast to " << n << "x" << m;
    // Broadcast to [N, M], then keep one row when all rows agree so the bias
    // is the [1, M] vector that linear-layer patterns expect.
    Shape padded(2 - c->shape.size(), 1);
    padded.append(c->shape.begin(), c->shape.end());
    std::vector<float> rowsData(n * m);
    for (int64_t i = 0; i < n; ++i)
      for (int64_t j = 0; j < m; ++j)
        rowsData[i * m + j] =
            beta * c->data[(padded[0] == 1 ? 0 : i) * padded[1] +
                           (padded[1] == 1 ? 0 : j)];
    bias = *c;
    if (padded[0] == 1 || n == 1) {
      bias->shape = {1, m};
      rowsData.resize(m);
    } else {
      bias->shape = {n, m};
    }
    bias->data = std::move(rowsData);
  }
  return emitLinear(node, loc, **a, bKM, k, m, bias ? &*bias : nullptr,
                    {n, m});
}

LogicalResult Importer::lowerMatMul(const onnx::NodeProto &node,
                                    Location loc) {
  FailureOr<Tensor *> a = getTensor(node.input(0), loc, node);
  if (failed(a))
    return failure();
  FailureOr<ConstData> b = readConstant(node.input(1), loc, node);
  if (failed(b))
    return failure();
  // A constant B with leading ones ([1, .., K, M]) is a plain [K, M] matrix.
  if (b->shape.size() < 2 ||
      llvm::any_of(llvm::ArrayRef<int64_t>(b->shape).drop_back(2),
                   [](int64_t d) { return d != 1; }))
    return nodeError(loc, node) << "B must be a 2-D constant, got "
                                << shapeStr(b->shape);
  Tensor &in = **a;
  if (in.shape.empty())
    return nodeError(loc, node) << "A must have rank >= 1";
  int64_t k = b->shape[b->shape.size() - 2], m = b->shape.back();
  if (in.shape.back() != k)
    return nodeError(loc, node) << "A is " << shapeStr(in.shape) << ", B is "
                                << shapeStr(b->shape);
  if (b->shape.size() > in.shape.size() && in.shape.size() > 1)
    return nodeError(loc, node) << "B has more dimensions than A";
  ConstData bKM = *b;
  bKM.shape = {k, m};
  Shape outShape(in.shape.begin(), in.shape.end() - 1);
  if (in.shape.size() == 1) {
    // [K] x [K, M] -> [M], with B's extra leading ones kept.
    outShape.assign(b->shape.begin(), b->shape.end() - 2);
  }
  outShape.push_back(m);
  return emitLinear(node, loc, in, bKM, k, m, nullptr, outShape);
}

LogicalResult Importer::lowerConstant(const onnx::NodeProto &node,
                                      Location loc) {
  const onnx::AttributeProto *value = findAttr(node, "value");
  if (!value || !value->has_t())
    return nodeError(loc, node)
           << "only the 'value' (tensor) form of Constant is supported";
  constants[node.output(0)] = &value->t();
  return success();
}

LogicalResult Importer::lowerIdentity(const onnx::NodeProto &node,
                                      Location loc) {
  StringRef in = node.input(0);
  if (!values.count(in) && isConstant(in)) {
    constants[node.output(0)] = constants[in];
    return success();
  }
  FailureOr<Tensor *> x = getTensor(in, loc, node);
  if (failed(x))
    return failure();
  Tensor copy = **x;
  define(node, 0, std::move(copy));
  return success();
}

//===----------------------------------------------------------------------===//
// Driver
//===----------------------------------------------------------------------===//

OwningOpRef<ModuleOp> Importer::run() {
  OwningOpRef<ModuleOp> module = ModuleOp::create(fileLoc);
  builder.setInsertionPointToEnd(module->getBody());

  for (const onnx::TensorProto &init : graph.initializer())
    constants[init.name()] = &init;

  // Graph inputs that are not initializers become arguments, in ONNX order
  // and ONNX shape.
  SmallVector<Type> argTypes;
  SmallVector<const onnx::ValueInfoProto *> args;
  for (const onnx::ValueInfoProto &input : graph.input()) {
    if (constants.count(input.name()))
      continue;
    Shape shape;
    for (const auto &dim : input.type().tensor_type().shape().dim())
      shape.push_back(dim.dim_value());
    argTypes.push_back(RankedTensorType::get(shape, builder.getF32Type()));
    args.push_back(&input);
  }
  auto func = func::FuncOp::create(builder, fileLoc, "main",
                                   builder.getFunctionType(argTypes, {}));
  Block *entry = builder.createBlock(&func.getBody());
  for (auto [i, input] : llvm::enumerate(args)) {
    Location argLoc = NameLoc::get(builder.getStringAttr(input->name()), fileLoc);
    Tensor t;
    t.value = entry->addArgument(argTypes[i], argLoc);
    t.shape = Shape(cast<RankedTensorType>(argTypes[i]).getShape());
    values[input->name()] = std::move(t);
  }

  for (const onnx::NodeProto &node : graph.node()) {
    Location loc =
        NameLoc::get(builder.getStringAttr(nodeNames[&node]), fileLoc);
    if (failed(lowerNode(node, loc)))
      return nullptr;
  }

  // Results in ONNX layout and shape.
  SmallVector<Value> results;
  SmallVector<Type> resultTypes;
  for (const onnx::ValueInfoProto &output : graph.output()) {
    Location loc = NameLoc::get(builder.getStringAttr(output.name()), fileLoc);
    auto it = values.find(output.name());
    if (it == values.end() && !isConstant(output.name())) {
      emitError(loc) << "graph output '" << output.name()
                     << "' is produced by no node";
      return nullptr;
    }
    Tensor *t;
    if (it != values.end()) {
      t = &it->second;
    } else {
      // An initializer returned directly; errors name it like a node.
      onnx::NodeProto pseudo;
      pseudo.set_op_type("Output");
      nodeNames[&pseudo] = output.name();
      FailureOr<Tensor *> c = getTensor(output.name(), loc, pseudo);
      nodeNames.erase(&pseudo);
      if (failed(c))
        return nullptr;
      t = *c;
    }
    // A declared static output dimension must agree with what we computed.
    const auto &dims = output.type().tensor_type().shape().dim();
    bool mismatch = output.type().tensor_type().has_shape() &&
                    dims.size() != static_cast<int>(t->shape.size());
    for (int i = 0; !mismatch && i < dims.size(); ++i)
      mismatch = dims[i].has_dim_value() && dims[i].dim_value() != t->shape[i];
    if (mismatch) {
      emitError(loc) << "graph output '" << output.name()
                     << "' is declared with a shape other than the computed "
                     << shapeStr(t->shape);
      return nullptr;
    }
    Value v = inLayout(*t, Layout::ONNX, loc);
    results.push_back(v);
    resultTypes.push_back(v.getType());
  }
  func::ReturnOp::create(builder, fileLoc, results);
  func.setFunctionType(builder.getFunctionType(argTypes, resultTypes));
  for (auto [i, input] : llvm::enumerate(args))
    func.setArgAttr(i, "cim.name", builder.getStringAttr(input->name()));
  for (auto [i, output] : llvm::enumerate(graph.output()))
    func.setResultAttr(i, "cim.name", builder.getStringAttr(output.name()));

  // Layout bookkeeping materializes some values (a flattened NHWC view, a
  // constant in a second layout) that end up unused; drop them, last first so
  // their operands become dead in turn.
  for (Operation *op = entry->getTerminator()->getPrevNode(); op;) {
    Operation *prev = op->getPrevNode();
    if (isOpTriviallyDead(op))
      op->erase();
    op = prev;
  }

  if (failed(verify(*module)))
    return nullptr;
  return module;
}

//===----------------------------------------------------------------------===//
// Public entry points
//===----------------------------------------------------------------------===//

OwningOpRef<ModuleOp> cim::importONNXBytes(StringRef bytes, StringRef fileName,
                                           const ImportONNXOptions &options,
                                           MLIRContext *ctx) {
  ctx->loadDialect<func::FuncDialect, tosa::TosaDialect>();
  Location fileLoc = FileLineColLoc::get(ctx, fileName, 0, 0);
  onnx::ModelProto model;
  std::string error;
  auto fail = [&]() -> OwningOpRef<ModuleOp> {
    emitError(fileLoc) << error;
    return nullptr;
  };
  if (!onnx_import::parseModel(bytes, model, error))
    return fail();
  // External data paths are relative to the model file.
  llvm::SmallString<256> dir(fileName == "-" ? StringRef(".") : fileName);
  llvm::sys::path::remove_filename(dir);
  if (dir.empty())
    dir = ".";
  if (!onnx_import::loadExternalData(model, dir, error) ||
      !onnx_import::checkModel(model, error))
    return fail();

  {
    // The unsupported-operator report needs only the parsed graph; give it
    // before shape inference, which may itself choke on those operators.
    Importer precheck(ctx, model, fileName);
    if (failed(precheck.checkOperators()))
      return nullptr;
  }
  if (!onnx_import::applyInputShapes(model, options, error) ||
      !onnx_import::inferShapes(model, error))
    return fail();

  Importer importer(ctx, model, fileName);
  if (failed(importer.checkOperators()) || failed(importer.checkInputs()))
    return nullptr;
  return importer.run();
}

OwningOpRef<ModuleOp> cim::importONNXFile(StringRef path,
                                          const ImportONNXOptions &options,
                                          MLIRContext *ctx) {
  auto buffer = llvm::MemoryBuffer::getFileOrSTDIN(
      path, /*IsText=*/false, /*RequiresNullTerminator=*/false);
  if (!buffer) {
    emitError(FileLineColLoc::get(ctx, path, 0, 0))
        << "cannot open file: " << buffer.getError().message();
    return nullptr;
  }
  return importONNXBytes((*buffer)->getBuffer(), path, options, ctx);
}

bool cim::parseInputShapeOption(StringRef text, ImportONNXOptions &options,
                                std::string &error) {
  // The name may itself contain ':' (e.g. "onnx::input"); the dims cannot.
  size_t colon = text.rfind(':');
  if (colon == StringRef::npos || colon == 0 || colon + 1 == text.size()) {
    error = "--input-shape expects NAME:DIMS (e.g. input:1x3x32x32), got '" +
            text.str() + "'";
    return false;
  }
  StringRef name = text.take_front(colon), dimsText = text.drop_front(colon + 1);
  SmallVector<StringRef> parts;
  dimsText.split(parts, 'x');
  std::vector<int64_t> dims;
  for (StringRef part : parts) {
    int64_t d;
    if (part.getAsInteger(10, d) || d <= 0) {
      error = "--input-shape '" + text.str() + "': dimension '" + part.str() +
              "' is not a positive integer";
      return false;
    }
    dims.push_back(d);
  }
  for (const auto &entry : options.inputShapes) {
    if (entry.first == name) {
      error = "--input-shape given twice for '" + name.str() + "'";
      return false;
    }
  }
  options.inputShapes.emplace_back(name.str(), std::move(dims));
  return true;
}
