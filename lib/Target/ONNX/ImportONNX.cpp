//===- ImportONNX.cpp - ONNX graph to TOSA on tensors ---------------------===//
//
// Walks a checked, shape-inferred ONNX graph in node order and emits TOSA ops
// into `func.func @main`. Each imported value remembers its physical layout
// (ONNX order, NHWC, or an NHWC value flattened to 2-D) so that transposes are
// only emitted where a consumer really needs a different layout.
//
// This file holds the checks, constants, layout bookkeeping and the driver;
// the lowerings live in Import<Family>.cpp (see Importer.h).
//
//===----------------------------------------------------------------------===//

#include "cim/Target/ONNX/ImportONNX.h"
#include "cim/Target/ONNX/TensorProtoIO.h"

#include "Importer.h"
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

#include <cmath>
#include <cstring>
#include <limits>
#include <map>
#include <numeric>
#include <optional>
#include <set>
#include <tuple>

using namespace mlir;
using namespace cim::onnx_import;
using llvm::SmallVector;
using llvm::StringRef;

namespace cim::onnx_import {

int64_t numElements(llvm::ArrayRef<int64_t> shape) {
  return std::accumulate(shape.begin(), shape.end(), int64_t(1),
                         std::multiplies<int64_t>());
}

/// True if no dimension is negative and the dimensions (zeros counted as
/// ones, so that an empty tensor cannot hide huge extents) multiply to at
/// most kMaxElements.
bool withinSizeLimit(llvm::ArrayRef<int64_t> shape) {
  int64_t product = 1;
  for (int64_t d : shape) {
    if (d < 0 || d > kMaxElements)
      return false;
    product *= std::max<int64_t>(d, 1);
    if (product > kMaxElements)
      return false;
  }
  return true;
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
/// input dimension perm[i], written into `out`.
///
/// Dimensions of size 1 are dropped and input dimensions that stay next to
/// each other in the output are merged (OIHW -> OHWI is [O, I, HW] ->
/// [O, HW, I]). Then either the innermost output dimension is contiguous in
/// the input and rows are copied whole, or the plane of the innermost output
/// dimension and the input's innermost one is transposed in tiles that stay
/// in cache, the other dimensions counted by an odometer around it.
void permuteInto(llvm::ArrayRef<float> data, llvm::ArrayRef<int64_t> shape,
                 llvm::ArrayRef<int32_t> perm,
                 llvm::MutableArrayRef<float> out) {
  assert(out.size() == data.size() && "permuteInto: sizes differ");
  if (data.empty())
    return;
  // Position of each kept (size > 1) input dimension among the kept ones.
  size_t rank = shape.size();
  SmallVector<int64_t, 8> keptIndex(rank, -1);
  int64_t kept = 0;
  for (size_t d = 0; d < rank; ++d)
    if (shape[d] != 1)
      keptIndex[d] = kept++;
  // Output dimensions as runs of consecutive kept input dimensions.
  struct Dim {
    int64_t first = 0; // kept index of the run's first input dimension
    int64_t last = 0;  // and of its last
    int64_t size = 1;
    int64_t inStride = 1;
    int64_t outStride = 1;
  };
  SmallVector<Dim, 8> dims;
  for (size_t i = 0; i < rank; ++i) {
    int64_t k = keptIndex[perm[i]];
    if (k < 0)
      continue;
    if (!dims.empty() && dims.back().last + 1 == k) {
      dims.back().last = k;
      dims.back().size *= shape[perm[i]];
      continue;
    }
    Dim dim;
    dim.first = dim.last = k;
    dim.size = shape[perm[i]];
    dims.push_back(dim);
  }
  size_t r = dims.size();
  // Strides: the input's from the runs in input order, the output's in
  // output order.
  SmallVector<size_t, 8> inOrder(r);
  std::iota(inOrder.begin(), inOrder.end(), 0);
  llvm::sort(inOrder, [&](size_t a, size_t b) {
    return dims[a].first < dims[b].first;
  });
  bool identity = true;
  int64_t stride = 1;
  for (size_t i = r; i-- > 0;) {
    identity = identity && inOrder[i] == i;
    dims[inOrder[i]].inStride = stride;
    stride *= dims[inOrder[i]].size;
  }
  if (identity) {
    std::copy(data.begin(), data.end(), out.begin());
    return;
  }
  stride = 1;
  for (size_t i = r; i-- > 0;) {
    dims[i].outStride = stride;
    stride *= dims[i].size;
  }

  const Dim &inner = dims[r - 1];
  size_t planeDim = inOrder[r - 1]; // input-contiguous output dimension
  bool rows = planeDim == r - 1;
  // Odometer over the dimensions outside the innermost row or plane.
  SmallVector<size_t, 8> outer;
  for (size_t i = 0; i + 1 < r; ++i)
    if (rows || i != planeDim)
      outer.push_back(i);
  SmallVector<int64_t, 8> index(outer.size(), 0);
  int64_t inBase = 0, outBase = 0;
  const float *src = data.data();
  float *dst = out.data();
  constexpr int64_t kTile = 16;
  while (true) {
    if (rows) {
      std::copy(src + inBase, src + inBase + inner.size, dst + outBase);
    } else {
      const Dim &plane = dims[planeDim];
      for (int64_t a0 = 0; a0 < plane.size; a0 += kTile) {
        int64_t aEnd = std::min(plane.size, a0 + kTile);
        for (int64_t b0 = 0; b0 < inner.size; b0 += kTile) {
          int64_t bEnd = std::min(inner.size, b0 + kTile);
          for (int64_t a = a0; a < aEnd; ++a) {
            float *o = dst + outBase + a * plane.outStride;
            const float *in = src + inBase + a;
            for (int64_t b = b0; b < bEnd; ++b)
              o[b] = in[b * inner.inStride];
          }
        }
      }
    }
    size_t i = outer.size();
    for (; i-- > 0;) {
      const Dim &dim = dims[outer[i]];
      inBase += dim.inStride;
      outBase += dim.outStride;
      if (++index[i] < dim.size)
        break;
      inBase -= dim.size * dim.inStride;
      outBase -= dim.size * dim.outStride;
      index[i] = 0;
    }
    if (i == static_cast<size_t>(-1))
      return;
  }
}

std::vector<float> permuteData(llvm::ArrayRef<float> data,
                               llvm::ArrayRef<int64_t> shape,
                               llvm::ArrayRef<int32_t> perm) {
  std::vector<float> out(data.size());
  permuteInto(data, shape, perm, out);
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
static std::string blobName(StringRef name) {
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
/// (older versions had other attributes, e.g. Gemm's `broadcast` or the
/// `consumed_inputs` of opset 1). The lowerings handle every later version
/// up to opset 17, which ONNX 1.12 defines; lowerNewerOpsets (NewerOpsets.cpp)
/// has already brought opsets 18 to 21 down to those forms.
const llvm::StringMap<int> &supportedOps() {
  static const llvm::StringMap<int> ops = {
      {"Abs", 6},
      {"Add", 7},
      {"And", 7},
      {"AveragePool", 7},
      {"BatchNormalization", 7},
      {"Cast", 6},
      {"Celu", 12},
      {"Clip", 6},
      {"Concat", 4},
      {"Constant", 1},
      {"ConstantOfShape", 9},
      {"Conv", 1},
      {"ConvTranspose", 1},
      {"Div", 7},
      {"Dropout", 7},
      {"Elu", 6},
      {"Equal", 11},
      {"Erf", 9},
      {"Exp", 6},
      {"Expand", 8},
      {"Flatten", 1},
      {"Gather", 1},
      {"Gemm", 7},
      {"Greater", 9},
      {"GreaterOrEqual", 12},
      {"GlobalAveragePool", 1},
      {"GlobalMaxPool", 1},
      {"HardSigmoid", 6},
      {"HardSwish", 14},
      {"Identity", 1},
      {"If", 1},
      {"LayerNormalization", 17},
      {"MeanVarianceNormalization", 9},
      {"LeakyRelu", 6},
      {"Less", 9},
      {"LessOrEqual", 12},
      {"Log", 6},
      {"Loop", 1},
      {"LogSoftmax", 1},
      {"MatMul", 1},
      {"Max", 8},
      {"MaxPool", 8},
      {"Min", 8},
      {"Mul", 7},
      {"Neg", 6},
      {"Or", 7},
      {"Not", 1},
      {"Pad", 2},
      {"Pow", 7},
      {"PRelu", 7},
      {"QuantizeLinear", 10},
      {"DequantizeLinear", 10},
      {"Reciprocal", 6},
      {"ReduceL1", 1},
      {"ReduceL2", 1},
      {"ReduceLogSum", 1},
      {"ReduceLogSumExp", 1},
      {"ReduceMax", 1},
      {"ReduceMean", 1},
      {"ReduceMin", 1},
      {"ReduceProd", 1},
      {"ReduceSum", 1},
      {"ReduceSumSquare", 1},
      {"Relu", 6},
      {"Reshape", 5},
      {"Resize", 10},
      {"Selu", 6},
      {"Shape", 1},
      {"Sigmoid", 6},
      {"Size", 1},
      {"Slice", 1},
      {"Softmax", 1},
      {"Softplus", 1},
      {"Softsign", 1},
      {"Split", 2},
      {"Sqrt", 6},
      {"Squeeze", 1},
      {"Sub", 7},
      {"Sum", 8},
      {"Tanh", 6},
      {"ThresholdedRelu", 10},
      {"Tile", 6},
      {"Transpose", 1},
      {"Unsqueeze", 1},
      {"Xor", 7},
  };
  return ops;
}

std::vector<float> broadcastData(llvm::ArrayRef<float> data,
                                 llvm::ArrayRef<int64_t> from,
                                 llvm::ArrayRef<int64_t> to) {
  size_t rank = to.size();
  Shape padded(rank - from.size(), 1);
  padded.append(from.begin(), from.end());
  SmallVector<int64_t> strides(rank, 0);
  int64_t stride = 1;
  for (size_t i = rank; i-- > 0;) {
    strides[i] = padded[i] == 1 ? 0 : stride;
    stride *= padded[i];
  }
  std::vector<float> out(numElements(to));
  SmallVector<int64_t> index(rank, 0);
  for (size_t flat = 0; flat < out.size(); ++flat) {
    int64_t src = 0;
    for (size_t i = 0; i < rank; ++i)
      src += index[i] * strides[i];
    out[flat] = data[src];
    for (size_t i = rank; i-- > 0;) {
      if (++index[i] < to[i])
        break;
      index[i] = 0;
    }
  }
  return out;
}

bool HostTensor::isFloat() const {
  return type == onnx::TensorProto::FLOAT ||
         type == onnx::TensorProto::DOUBLE ||
         type == onnx::TensorProto::FLOAT16 ||
         type == onnx::TensorProto::BFLOAT16;
}

int64_t HostTensor::size() const { return numElements(shape); }

} // namespace cim::onnx_import

Importer::Importer(MLIRContext *ctx, onnx::ModelProto &model,
                   StringRef fileName)
    : ctx(ctx), model(model), graph(model.graph()),
      mutableGraph(*model.mutable_graph()), fileName(fileName),
      fileLoc(FileLineColLoc::get(ctx, fileName, 0, 0)), builder(ctx) {}

int64_t Importer::opsetOf(StringRef domain) const {
  for (const onnx::OperatorSetIdProto &opset : model.opset_import())
    if (domainName(opset.domain()) == domainName(domain))
      return opset.version();
  return -1;
}

//===----------------------------------------------------------------------===//
// Checks before any IR exists
//===----------------------------------------------------------------------===//

LogicalResult Importer::checkOperators() {
  // Every node, those of If/Loop subgraphs included.
  std::vector<const onnx::NodeProto *> allNodes;
  nameNodes(graph, "", allNodes);

  // (op, domain, opset, node) in first-seen order, each once.
  std::set<std::tuple<std::string, std::string, int64_t, std::string>> seen;
  std::vector<std::string> problems;
  for (const onnx::NodeProto *nodePtr : allNodes) {
    const onnx::NodeProto &node = *nodePtr;
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
    Shape dims;
    for (const onnx::TensorShapeProto_Dimension &dim : shape.dim())
      dims.push_back(dim.dim_value());
    if (!withinSizeLimit(dims))
      return emitError(fileLoc)
             << "input '" << input.name() << "' has shape " << shapeStr(dims)
             << ", more than the " << kMaxElements
             << " elements a tensor may have";
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Constants and value helpers
//===----------------------------------------------------------------------===//

FailureOr<ConstData> Importer::readConstant(StringRef name, Location loc,
                                            const onnx::NodeProto &node,
                                            bool copy) {
  auto it = constants.find(name);
  if (it == constants.end())
    return nodeError(loc, node)
           << "input '" << name << "' must be a constant (initializer)";
  if (released.count(it->second))
    return nodeError(loc, node) << "internal error: constant '" << name
                                << "' read after its last consumer";
  const onnx::TensorProto &t = *it->second;
  ConstData c;
  c.name = t.name().empty() ? name.str() : t.name();
  c.shape.assign(t.dims().begin(), t.dims().end());
  if (!withinSizeLimit(c.shape))
    return nodeError(loc, node)
           << "constant '" << name << "' has shape " << shapeStr(c.shape)
           << "; dimensions must be >= 0 with at most " << kMaxElements
           << " elements";
  int64_t n = numElements(c.shape);
  if (t.data_type() != onnx::TensorProto::FLOAT)
    return nodeError(loc, node)
           << "constant '" << name << "' has ONNX data type " << t.data_type()
           << "; only float32 weights are supported";
  if (t.has_raw_data()) {
    const std::string &raw = t.raw_data();
    if (static_cast<int64_t>(raw.size()) != n * 4)
      return nodeError(loc, node)
             << "constant '" << name << "' holds " << raw.size()
             << " bytes, its shape " << shapeStr(c.shape) << " needs "
             << n * 4;
    c.raw = true;
    // ONNX raw_data is little endian, like every host this builds on. A heap
    // string is aligned for floats; a short one kept inside the std::string
    // object may not be, and is copied.
    if (!copy && n > 0 &&
        reinterpret_cast<uintptr_t>(raw.data()) % alignof(float) == 0) {
      c.view = llvm::ArrayRef<float>(
          reinterpret_cast<const float *>(raw.data()), n);
    } else {
      c.data.resize(n);
      std::memcpy(c.data.data(), raw.data(), n * 4);
    }
  } else {
    c.data.resize(n);
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
  FailureOr<HostTensor> h = readHost(name, loc, node);
  if (failed(h))
    return failure();
  if (h->isFloat())
    return nodeError(loc, node) << "constant '" << name
                                << "' must be an integer tensor, has ONNX "
                                   "data type "
                                << h->type;
  return SmallVector<int64_t>(h->ints.begin(), h->ints.end());
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

Value Importer::makePermutedConst(
    llvm::ArrayRef<int64_t> shape, llvm::ArrayRef<int64_t> dataShape,
    llvm::ArrayRef<float> data, llvm::ArrayRef<int32_t> perm, bool asResource,
    StringRef name, Location loc,
    llvm::function_ref<void(llvm::MutableArrayRef<float>)> finish) {
  assert(numElements(shape) == static_cast<int64_t>(data.size()) &&
         "makePermutedConst: shape and data differ in size");
  if (!asResource) {
    std::vector<float> values = permuteData(data, dataShape, perm);
    if (finish)
      finish(values);
    return makeConst(shape, values, /*asResource=*/false, name, loc);
  }
  // The blob's buffer is allocated first and the permuted values written
  // into it: one pass, no intermediate copy.
  auto type = RankedTensorType::get(shape, builder.getF32Type());
  std::string base = blobName(name), key = base;
  for (unsigned i = 1; !usedBlobNames.insert(key).second; ++i)
    key = base + "_" + std::to_string(i);
  AsmResourceBlob blob = HeapAsmResourceBlob::allocate(
      data.size() * sizeof(float), alignof(float), /*dataIsMutable=*/true);
  llvm::MutableArrayRef<float> values(
      reinterpret_cast<float *>(blob.getMutableData().data()), data.size());
  permuteInto(data, dataShape, perm, values);
  if (finish)
    finish(values);
  auto attr = DenseResourceElementsAttr::get(type, key, std::move(blob));
  return tosa::ConstOp::create(builder, loc, type, attr);
}

void Importer::releaseConsumedInitializers(const onnx::NodeProto &node) {
  for (const std::string &input : node.input()) {
    if (input.empty())
      continue;
    auto uses = remainingUses.find(input);
    if (uses == remainingUses.end() || uses->second == 0 ||
        --uses->second != 0)
      continue;
    auto it = constants.find(input);
    if (it == constants.end())
      continue;
    const onnx::TensorProto *tensor = it->second;
    auto owner = releasable.find(tensor);
    if (owner == releasable.end() || released.count(tensor))
      continue;
    // Another name for the same tensor (an Identity of a constant) that is
    // still to be read, or a graph output, keeps the bytes.
    bool needed = false;
    for (const auto &entry : constants)
      if (entry.second == tensor &&
          (remainingUses.lookup(entry.first()) || graphOutputs.count(entry.first())))
        needed = true;
    if (needed)
      continue;
    // Swapping with an empty string frees the buffer (clearing keeps it).
    std::string().swap(*owner->second->mutable_raw_data());
    released.insert(tensor);
  }
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
  auto type = RankedTensorType::get(
      shape, cast<RankedTensorType>(v.getType()).getElementType());
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


FailureOr<HostTensor> Importer::readHost(StringRef name, Location loc,
                                         const onnx::NodeProto &node) {
  auto it = constants.find(name);
  if (it == constants.end())
    return nodeError(loc, node)
           << "input '" << name << "' must be a constant (initializer)";
  if (released.count(it->second))
    return nodeError(loc, node) << "internal error: constant '" << name
                                << "' read after its last consumer";
  const onnx::TensorProto &t = *it->second;
  HostTensor h;
  h.type = t.data_type();
  h.shape.assign(t.dims().begin(), t.dims().end());
  if (!withinSizeLimit(h.shape))
    return nodeError(loc, node)
           << "constant '" << name << "' has shape " << shapeStr(h.shape)
           << "; dimensions must be >= 0 with at most " << kMaxElements
           << " elements";
  int64_t n = h.size();
  const std::string &raw = t.raw_data();
  bool hasRaw = t.has_raw_data();
  h.raw = hasRaw;
  auto wrongCount = [&]() {
    return nodeError(loc, node)
           << "constant '" << name << "' holds the wrong number of values for "
           << "its shape " << shapeStr(h.shape);
  };
  // Reads n little-endian values of type T from raw_data.
  auto fromRaw = [&](auto zero, auto &out) -> bool {
    using T = decltype(zero);
    if (static_cast<int64_t>(raw.size()) != n * int64_t(sizeof(T)))
      return false;
    out.resize(n);
    for (int64_t i = 0; i < n; ++i) {
      T v;
      std::memcpy(&v, raw.data() + i * sizeof(T), sizeof(T));
      out[i] = v;
    }
    return true;
  };
  switch (t.data_type()) {
  case onnx::TensorProto::FLOAT:
    if (hasRaw ? !fromRaw(float(), h.floats) : t.float_data_size() != n)
      return wrongCount();
    if (!hasRaw)
      h.floats.assign(t.float_data().begin(), t.float_data().end());
    return h;
  case onnx::TensorProto::DOUBLE:
    if (hasRaw ? !fromRaw(double(), h.floats) : t.double_data_size() != n)
      return wrongCount();
    if (!hasRaw)
      h.floats.assign(t.double_data().begin(), t.double_data().end());
    return h;
  case onnx::TensorProto::FLOAT16:
  case onnx::TensorProto::BFLOAT16: {
    // 16-bit patterns, in raw_data or one per int32_data element.
    std::vector<uint16_t> bits;
    if (hasRaw ? !fromRaw(uint16_t(), bits) : t.int32_data_size() != n)
      return wrongCount();
    if (!hasRaw)
      for (int32_t v : t.int32_data())
        bits.push_back(static_cast<uint16_t>(v));
    bool half = t.data_type() == onnx::TensorProto::FLOAT16;
    for (uint16_t b : bits)
      h.floats.push_back(half ? cim::halfToFloat(b) : cim::bfloat16ToFloat(b));
    return h;
  }
  case onnx::TensorProto::INT64:
    if (hasRaw ? !fromRaw(int64_t(), h.ints) : t.int64_data_size() != n)
      return wrongCount();
    if (!hasRaw)
      h.ints.assign(t.int64_data().begin(), t.int64_data().end());
    return h;
  case onnx::TensorProto::INT32:
  case onnx::TensorProto::INT16:
  case onnx::TensorProto::INT8:
  case onnx::TensorProto::UINT16:
  case onnx::TensorProto::UINT8:
  case onnx::TensorProto::BOOL: {
    bool ok;
    if (!hasRaw) {
      ok = t.int32_data_size() == n;
      if (ok)
        h.ints.assign(t.int32_data().begin(), t.int32_data().end());
    } else if (t.data_type() == onnx::TensorProto::INT32) {
      ok = fromRaw(int32_t(), h.ints);
    } else if (t.data_type() == onnx::TensorProto::INT16) {
      ok = fromRaw(int16_t(), h.ints);
    } else if (t.data_type() == onnx::TensorProto::INT8) {
      ok = fromRaw(int8_t(), h.ints);
    } else if (t.data_type() == onnx::TensorProto::UINT16) {
      ok = fromRaw(uint16_t(), h.ints);
    } else {
      ok = fromRaw(uint8_t(), h.ints);
    }
    if (!ok)
      return wrongCount();
    return h;
  }
  case onnx::TensorProto::UINT32:
  case onnx::TensorProto::UINT64: {
    // Both are held in uint64_data when not raw; values beyond int64_t's
    // range have no use as shapes, indices or exponents here.
    std::vector<uint64_t> wide;
    bool ok;
    if (!hasRaw) {
      ok = t.uint64_data_size() == n;
      if (ok)
        wide.assign(t.uint64_data().begin(), t.uint64_data().end());
    } else if (t.data_type() == onnx::TensorProto::UINT32) {
      ok = fromRaw(uint32_t(), wide);
    } else {
      ok = fromRaw(uint64_t(), wide);
    }
    if (!ok)
      return wrongCount();
    for (uint64_t v : wide) {
      if (v > uint64_t(std::numeric_limits<int64_t>::max()))
        return nodeError(loc, node) << "constant '" << name << "' holds "
                                    << v << ", beyond the int64 range";
      h.ints.push_back(static_cast<int64_t>(v));
    }
    return h;
  }
  default:
    return nodeError(loc, node)
           << "constant '" << name << "' has ONNX data type " << t.data_type()
           << "; only float, double, float16, bfloat16 and integer constants "
              "are supported";
  }
}

void Importer::defineConstant(StringRef name, const HostTensor &h) {
  onnx::TensorProto &t = ownedConstants.emplace_back();
  t.set_name(name.str());
  t.set_data_type(h.type);
  for (int64_t d : h.shape)
    t.add_dims(d);
  switch (h.type) {
  case onnx::TensorProto::FLOAT:
    if (h.raw) {
      std::string bytes(h.floats.size() * sizeof(float), '\0');
      for (size_t i = 0; i < h.floats.size(); ++i) {
        float v = static_cast<float>(h.floats[i]);
        std::memcpy(&bytes[i * sizeof(float)], &v, sizeof(float));
      }
      t.set_raw_data(std::move(bytes));
    } else {
      for (double v : h.floats)
        t.add_float_data(static_cast<float>(v));
    }
    break;
  case onnx::TensorProto::DOUBLE:
    for (double v : h.floats)
      t.add_double_data(v);
    break;
  case onnx::TensorProto::INT64:
    for (int64_t v : h.ints)
      t.add_int64_data(v);
    break;
  case onnx::TensorProto::UINT32:
  case onnx::TensorProto::UINT64:
    for (int64_t v : h.ints)
      t.add_uint64_data(static_cast<uint64_t>(v));
    break;
  default:
    for (int64_t v : h.ints)
      t.add_int32_data(static_cast<int32_t>(v));
    break;
  }
  constants[name] = &t;
  values.erase(name);
}

Value Importer::scalarConst(float v, size_t rank, Location loc) {
  return makeConst(Shape(rank, 1), v, /*asResource=*/false, "", loc);
}

Value Importer::mul(Value a, Value b, Location loc) {
  auto at = cast<RankedTensorType>(a.getType());
  auto bt = cast<RankedTensorType>(b.getType());
  Shape out;
  broadcastShapes(at.getShape(), bt.getShape(), out);
  auto shiftType = RankedTensorType::get({1}, builder.getI8Type());
  Value shift = tosa::ConstOp::create(
      builder, loc, shiftType,
      DenseElementsAttr::get(shiftType, builder.getI8IntegerAttr(0)));
  return tosa::MulOp::create(builder, loc, f32(out), a, b, shift);
}

Value Importer::slice(Value v, llvm::ArrayRef<int64_t> start,
                      llvm::ArrayRef<int64_t> size, Location loc) {
  auto type = cast<RankedTensorType>(v.getType());
  if (type.getShape() == size)
    return v;
  return tosa::SliceOp::create(builder, loc, f32(size), v,
                               makeShape(start, loc), makeShape(size, loc));
}

void Importer::defineValue(const onnx::NodeProto &node, int idx, Value value,
                           Layout layout, llvm::ArrayRef<int64_t> shape) {
  Tensor t;
  t.value = value;
  t.layout = layout;
  t.shape = Shape(shape);
  define(node, idx, std::move(t));
}

FailureOr<int64_t> Importer::normAxis(int64_t axis, int64_t rank, Location loc,
                                      const onnx::NodeProto &node,
                                      bool inclusive) {
  // Negative axes count from the end in both forms: Flatten's axis -1 of a
  // rank-4 value is 3.
  int64_t limit = inclusive ? rank + 1 : rank;
  int64_t a = axis < 0 ? axis + rank : axis;
  if (a < 0 || a >= limit)
    return nodeError(loc, node)
           << "axis " << axis << " is out of range for rank " << rank;
  return a;
}

LogicalResult Importer::rejectExtraOutputs(const onnx::NodeProto &node,
                                           Location loc, int first) {
  for (int i = first; i < node.output_size(); ++i)
    if (!node.output(i).empty() && useCount.lookup(node.output(i)))
      return nodeError(loc, node)
             << "output " << i << " ('" << node.output(i)
             << "') is not supported; only the first " << first
             << " output(s) may be used";
  return success();
}

Value Importer::onnxData(Tensor &t, Location loc) {
  return onnxData(t, loc, Shape(t.shape));
}

Value Importer::onnxData(Tensor &t, Location loc,
                         llvm::ArrayRef<int64_t> shape) {
  if (t.layout == Layout::NHWC) {
    // NHWC and NCHW hold the same bytes when C or both H and W are 1.
    int64_t c = t.shape[1], h = t.shape[2], w = t.shape[3];
    if (c == 1 || (h == 1 && w == 1))
      return reshape(t.value, shape, loc);
  }
  return reshape(inLayout(t, Layout::ONNX, loc), shape, loc);
}

//===----------------------------------------------------------------------===//
// Dispatch
//===----------------------------------------------------------------------===//

LogicalResult Importer::lowerNode(const onnx::NodeProto &node, Location loc) {
  StringRef op = node.op_type();
  if (op == "Conv" || op == "ConvTranspose" || op == "MaxPool" ||
      op == "AveragePool") {
    auto it = values.find(node.input(0));
    if (it != values.end() && it->second.shape.size() == 3)
      return lowerAs2D(node, loc);
  }
  if (op == "Conv")
    return lowerConv(node, loc);
  if (op == "ConvTranspose")
    return lowerConvTranspose(node, loc);
  if (op == "MaxPool" || op == "AveragePool")
    return lowerPool(node, loc);
  if (op == "GlobalAveragePool" || op == "GlobalMaxPool")
    return lowerGlobalPool(node, loc);
  if (op == "BatchNormalization")
    return lowerBatchNorm(node, loc);
  if (op == "Resize")
    return lowerResize(node, loc);
  if (op == "Gemm")
    return lowerGemm(node, loc);
  if (op == "MatMul")
    return lowerMatMul(node, loc);
  if (op == "Add" || op == "Sub" || op == "Mul" || op == "Div" ||
      op == "Pow")
    return lowerBinary(node, loc);
  if (op == "Max" || op == "Min" || op == "Sum")
    return lowerVariadic(node, loc);
  if (op == "Clip")
    return lowerClip(node, loc);
  if (op == "PRelu")
    return lowerPRelu(node, loc);
  if (op == "Softmax" || op == "LogSoftmax")
    return lowerSoftmax(node, loc);
  if (op.starts_with("Reduce"))
    return lowerReduce(node, loc);
  if (op == "LayerNormalization")
    return lowerLayerNorm(node, loc);
  if (op == "MeanVarianceNormalization")
    return lowerMeanVarianceNorm(node, loc);
  if (op == "Flatten")
    return lowerFlatten(node, loc);
  if (op == "Reshape")
    return lowerReshape(node, loc);
  if (op == "Squeeze" || op == "Unsqueeze")
    return lowerSqueeze(node, loc);
  if (op == "Transpose")
    return lowerTranspose(node, loc);
  if (op == "Concat")
    return lowerConcat(node, loc);
  if (op == "Split")
    return lowerSplit(node, loc);
  if (op == "Slice")
    return lowerSlice(node, loc);
  if (op == "Pad")
    return lowerPad(node, loc);
  if (op == "Gather")
    return lowerGather(node, loc);
  if (op == "Expand")
    return lowerExpand(node, loc);
  if (op == "Tile")
    return lowerTile(node, loc);
  if (op == "ConstantOfShape")
    return lowerConstantOfShape(node, loc);
  if (op == "Cast")
    return lowerCast(node, loc);
  if (op == "Constant")
    return lowerConstant(node, loc);
  if (op == "Identity" || op == "Dropout")
    return lowerIdentity(node, loc);
  if (op == "If")
    return lowerIf(node, loc);
  if (op == "Loop")
    return lowerLoop(node, loc);
  if (op == "Greater" || op == "GreaterOrEqual" || op == "Less" ||
      op == "LessOrEqual" || op == "Equal")
    return lowerCompare(node, loc);
  if (op == "Not")
    return lowerNot(node, loc);
  if (op == "And" || op == "Or" || op == "Xor")
    return lowerLogical(node, loc);
  if (op == "QuantizeLinear")
    return lowerQuantizeLinear(node, loc);
  if (op == "DequantizeLinear")
    return lowerDequantizeLinear(node, loc);
  if (op == "Shape" || op == "Size")
    return nodeError(loc, node) << "could not be folded to a constant";
  // Everything else is elementwise and unary (the table in supportedOps();
  // checkOperators() rejected the rest before any IR was built).
  return lowerUnary(node, loc);
}

//===----------------------------------------------------------------------===//
// Driver
//===----------------------------------------------------------------------===//

OwningOpRef<ModuleOp> Importer::run() {
  OwningOpRef<ModuleOp> module = ModuleOp::create(fileLoc);
  builder.setInsertionPointToEnd(module->getBody());

  for (onnx::TensorProto &init : *mutableGraph.mutable_initializer()) {
    constants[init.name()] = &init;
    if (init.has_raw_data())
      releasable[&init] = &init;
  }
  for (const onnx::NodeProto &node : graph.node())
    for (const std::string &input : node.input())
      if (!input.empty()) {
        ++useCount[input];
        ++remainingUses[input];
        consumers[input].push_back(&node);
      }
  for (const onnx::ValueInfoProto &output : graph.output()) {
    ++useCount[output.name()];
    graphOutputs.insert(output.name());
  }
  countSubgraphUses(graph);
  auto recordInferred = [&](const onnx::ValueInfoProto &info) {
    if (!info.type().has_tensor_type() ||
        !info.type().tensor_type().has_shape())
      return;
    Shape shape;
    for (const auto &dim : info.type().tensor_type().shape().dim()) {
      if (!dim.has_dim_value())
        return;
      shape.push_back(dim.dim_value());
    }
    inferred[info.name()] = shape;
  };
  for (const onnx::ValueInfoProto &info : graph.value_info())
    recordInferred(info);
  for (const onnx::ValueInfoProto &info : graph.output())
    recordInferred(info);

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
    if (absorbed.count(&node)) {
      releaseConsumedInitializers(node);
      continue;
    }
    bool folded = false;
    Operation *before = entry->empty() ? nullptr : &entry->back();
    if (failed(tryFold(node, loc, folded)) ||
        (!folded && failed(lowerNode(node, loc))))
      return nullptr;
    if (!folded)
      annotateQuantizedLayer(node, before, entry);
    // Each weight is in its blob now: the proto's copy can go.
    releaseConsumedInitializers(node);
    // The next nodes compute with these shapes.
    for (const std::string &output : node.output()) {
      auto it = values.find(output);
      if (it == values.end())
        continue;
      if (!withinSizeLimit(it->second.shape)) {
        nodeError(loc, node)
            << "result '" << output << "' has shape "
            << shapeStr(it->second.shape) << ", more than the "
            << kMaxElements << " elements a tensor may have";
        return nullptr;
      }
      // A lowering that disagrees with ONNX's own shape inference would
      // produce wrong code; stop here instead.
      auto inf = inferred.find(output);
      if (inf != inferred.end() && inf->second != it->second.shape) {
        nodeError(loc, node)
            << "result '" << output << "' was computed with shape "
            << shapeStr(it->second.shape) << ", ONNX shape inference says "
            << shapeStr(inf->second);
        return nullptr;
      }
    }
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

/// Everything after parsing: external data, checks, shape inference and the
/// import itself. The importer frees each initializer's bytes in `model` once
/// they are in the module.
static OwningOpRef<ModuleOp> importParsedModel(onnx::ModelProto &model,
                                               StringRef fileName,
                                               const cim::ImportONNXOptions &options,
                                               MLIRContext *ctx) {
  Location fileLoc = FileLineColLoc::get(ctx, fileName, 0, 0);
  std::string error;
  auto fail = [&]() -> OwningOpRef<ModuleOp> {
    emitError(fileLoc) << error;
    return nullptr;
  };
  // External data paths are relative to the model file.
  llvm::SmallString<256> dir(fileName == "-" ? StringRef(".") : fileName);
  llvm::sys::path::remove_filename(dir);
  if (dir.empty())
    dir = ".";
  if (!cim::onnx_import::loadExternalData(model, dir, error) ||
      !cim::onnx_import::lowerNewerOpsets(model, error))
    return fail();
  // --outputs cuts the graph before anything looks at the nodes cut away.
  if (!options.outputs.empty() &&
      !cim::onnx_import::cutGraphAtOutputs(model, options.outputs, error))
    return fail();
  {
    // The unsupported-operator report needs only the parsed graph; give it
    // before the checker and shape inference, which reject operators they
    // have no schema for with a less helpful message.
    Importer precheck(ctx, model, fileName);
    if (failed(precheck.checkOperators()))
      return nullptr;
  }
  if (!cim::onnx_import::checkModel(model, error) ||
      !cim::onnx_import::applyInputShapes(model, options, error) ||
      !cim::onnx_import::inferShapes(model, error) ||
      (!options.outputs.empty() &&
       !cim::onnx_import::setCutOutputs(model, options.outputs, error)))
    return fail();

  Importer importer(ctx, model, fileName);
  if (failed(importer.checkOperators()) || failed(importer.checkInputs()))
    return nullptr;
  return importer.run();
}

OwningOpRef<ModuleOp> cim::importONNXBytes(StringRef bytes, StringRef fileName,
                                           const ImportONNXOptions &options,
                                           MLIRContext *ctx) {
  ctx->loadDialect<func::FuncDialect, tosa::TosaDialect>();
  onnx::ModelProto model;
  std::string error;
  if (!onnx_import::parseModel(bytes, model, error)) {
    emitError(FileLineColLoc::get(ctx, fileName, 0, 0)) << error;
    return nullptr;
  }
  return importParsedModel(model, fileName, options, ctx);
}

OwningOpRef<ModuleOp> cim::importONNXFile(StringRef path,
                                          const ImportONNXOptions &options,
                                          MLIRContext *ctx) {
  ctx->loadDialect<func::FuncDialect, tosa::TosaDialect>();
  onnx::ModelProto model;
  {
    // A file is mapped, not read (no copy of it on the heap), and parsed
    // from the mapping, which gives its pages back as the parse goes on and
    // is gone before the import proper starts.
    auto buffer =
        path == "-"
            ? llvm::MemoryBuffer::getSTDIN()
            : llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                          /*RequiresNullTerminator=*/false,
                                          /*IsVolatile=*/false);
    if (!buffer) {
      emitError(FileLineColLoc::get(ctx, path, 0, 0))
          << "cannot open file: " << buffer.getError().message();
      return nullptr;
    }
    std::string error;
    if (!onnx_import::parseModel(**buffer, model, error)) {
      emitError(FileLineColLoc::get(ctx, path, 0, 0)) << error;
      return nullptr;
    }
  }
  return importParsedModel(model, path, options, ctx);
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
