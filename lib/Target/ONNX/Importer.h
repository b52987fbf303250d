//===- Importer.h - ONNX importer internals shared by its files -*- C++ -*-===//
//
// The importer walks a checked, shape-inferred ONNX graph in node order and
// emits TOSA ops. Its lowerings are split by operator family
// (ImportConv.cpp, ImportResize.cpp, ImportLinear.cpp, ImportElementwise.cpp,
// ImportShape.cpp, ImportReduce.cpp, ImportQuantize.cpp); this header holds what they share: the value and layout
// bookkeeping and the Importer class. Not installed.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_LIB_TARGET_ONNX_IMPORTER_H
#define CIM_LIB_TARGET_ONNX_IMPORTER_H

#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Location.h"
#include "mlir/IR/OwningOpRef.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/StringSet.h"

#include <onnx/onnx_pb.h>

#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace cim::onnx_import {

using Shape = llvm::SmallVector<int64_t, 4>;

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

/// NCHW -> NHWC and back. kToNCHW[a] is also where ONNX axis `a` of an NCHW
/// value sits in its NHWC form.
inline constexpr int32_t kToNHWC[] = {0, 2, 3, 1};
inline constexpr int32_t kToNCHW[] = {0, 3, 1, 2};

/// An imported ONNX value.
struct Tensor {
  mlir::Value value;
  Layout layout = Layout::ONNX;
  /// The ONNX (logical) shape.
  Shape shape;
  /// For FlatNHWC: C, H, W of the value before flattening, and that NHWC
  /// value (null when the flattening came from elsewhere).
  Shape chw;
  mlir::Value nhwcSource;
  /// The value converted to other layouts, so several consumers share one
  /// transpose.
  std::map<Layout, mlir::Value> converted;
};

/// A float constant operand read from an initializer or a Constant node.
struct ConstData {
  Shape shape;
  std::vector<float> data;
  /// With readConstant(..., /*copy=*/false): the values in place, inside the
  /// ONNX tensor's raw_data (then `data` is empty). Valid until the importer
  /// releases that initializer, after its last consumer node.
  llvm::ArrayRef<float> view;
  /// True when the ONNX tensor stored its bytes in raw_data: constants derived
  /// from it are emitted as resource blobs, the others as dense attributes.
  bool raw = false;
  std::string name;

  /// The values, wherever they are held.
  llvm::ArrayRef<float> values() const {
    return view.data() ? view : llvm::ArrayRef<float>(data);
  }
};

/// A constant of any numeric ONNX type, for folding shape computations at
/// import (Shape -> Gather -> Concat -> Reshape chains). Integers and bools
/// are held exactly in `ints`, floating-point types in `floats`.
struct HostTensor {
  int32_t type = onnx::TensorProto::FLOAT;
  Shape shape;
  std::vector<int64_t> ints;
  std::vector<double> floats;
  /// Read from raw_data: a float result is stored that way again, so that
  /// it becomes a resource blob like the weights it came from.
  bool raw = false;

  bool isFloat() const;
  int64_t size() const;
  double at(int64_t i) const { return isFloat() ? floats[i] : double(ints[i]); }
  int64_t intAt(int64_t i) const {
    return isFloat() ? int64_t(floats[i]) : ints[i];
  }
};

/// Scales and zero points of a QuantizeLinear / DequantizeLinear node.
struct QuantParams {
  /// One value (per tensor) or one per element of `axis`.
  std::vector<float> scales;
  std::vector<int64_t> zeroPoints;
  /// The quantized axis (normalized), or -1 per tensor.
  int64_t axis = -1;
  /// Rank of the quantized tensor.
  int64_t rank = 0;
  /// ONNX data type of the quantized values and its range.
  int32_t type = onnx::TensorProto::UINT8;
  int64_t qmin = 0, qmax = 255;
};

/// Largest tensor the importer handles, in elements (8 GB of float32). Every
/// graph input, constant and node result is checked against it, so that the
/// shape arithmetic below never overflows int64_t on hostile models.
inline constexpr int64_t kMaxElements = int64_t(1) << 31;
/// Largest kernel size, stride, dilation or pad of a window: with dimensions
/// bounded by kMaxElements, window arithmetic stays far from overflow.
inline constexpr int64_t kMaxWindowParam = int64_t(1) << 20;

int64_t numElements(llvm::ArrayRef<int64_t> shape);
bool withinSizeLimit(llvm::ArrayRef<int64_t> shape);
std::string shapeStr(llvm::ArrayRef<int64_t> shape);
/// Physical shape of an ONNX shape in `layout`.
Shape physicalShape(llvm::ArrayRef<int64_t> shape, Layout layout);
/// `data` (row-major, shape `shape`) transposed so that result dimension i is
/// input dimension perm[i], written into `out` (same size as `data`).
void permuteInto(llvm::ArrayRef<float> data, llvm::ArrayRef<int64_t> shape,
                 llvm::ArrayRef<int32_t> perm, llvm::MutableArrayRef<float> out);
/// The same, into a new vector.
std::vector<float> permuteData(llvm::ArrayRef<float> data,
                               llvm::ArrayRef<int64_t> shape,
                               llvm::ArrayRef<int32_t> perm);
/// Numpy-style broadcast of two shapes; false if incompatible.
bool broadcastShapes(llvm::ArrayRef<int64_t> a, llvm::ArrayRef<int64_t> b,
                     Shape &out);
/// `data` of shape `from` broadcast (numpy rules) to `to`.
std::vector<float> broadcastData(llvm::ArrayRef<float> data,
                                 llvm::ArrayRef<int64_t> from,
                                 llvm::ArrayRef<int64_t> to);
std::string domainName(llvm::StringRef domain);

// ONNX attribute lookup by name.
const onnx::AttributeProto *findAttr(const onnx::NodeProto &node,
                                     llvm::StringRef name);
int64_t intAttr(const onnx::NodeProto &node, llvm::StringRef name,
                int64_t dflt);
float floatAttr(const onnx::NodeProto &node, llvm::StringRef name, float dflt);
std::string stringAttr(const onnx::NodeProto &node, llvm::StringRef name,
                       llvm::StringRef dflt);
Shape intsAttr(const onnx::NodeProto &node, llvm::StringRef name, Shape dflt);

/// True if input `i` of `node` is present (ONNX marks an omitted optional
/// input with an empty name).
inline bool hasInput(const onnx::NodeProto &node, int i) {
  return node.input_size() > i && !node.input(i).empty();
}
inline bool hasOutput(const onnx::NodeProto &node, int i) {
  return node.output_size() > i && !node.output(i).empty();
}

/// Opsets from which each operator's semantics are the ones implemented.
const llvm::StringMap<int> &supportedOps();

class Importer {
public:
  /// The model is not changed except that run() frees the bytes of each
  /// initializer once its last consumer is lowered.
  Importer(mlir::MLIRContext *ctx, onnx::ModelProto &model,
           llvm::StringRef fileName);

  /// Everything that needs only the parsed proto: the unsupported-op report.
  mlir::LogicalResult checkOperators();
  /// Graph inputs must be float tensors with static shapes after inference.
  mlir::LogicalResult checkInputs();
  mlir::OwningOpRef<mlir::ModuleOp> run();

  using Location = mlir::Location;
  using Value = mlir::Value;
  using LogicalResult = mlir::LogicalResult;
  using NodeProto = onnx::NodeProto;

private:
  mlir::InFlightDiagnostic nodeError(Location loc, const NodeProto &node) {
    mlir::InFlightDiagnostic diag = mlir::emitError(loc);
    diag << node.op_type() << " node '" << nodeNames[&node] << "': ";
    return diag;
  }

  int64_t opsetOf(llvm::StringRef domain) const;
  int64_t opset() const { return opsetOf(""); }

  //===--- Values and constants (ImportONNX.cpp) --------------------------===//
  /// An initializer, Constant output or folded value.
  bool isConstant(llvm::StringRef name) const { return constants.count(name); }
  /// With `copy` false, float raw_data stays where it is (ConstData::view)
  /// instead of being copied into ConstData::data.
  mlir::FailureOr<ConstData> readConstant(llvm::StringRef name, Location loc,
                                          const NodeProto &node,
                                          bool copy = true);
  mlir::FailureOr<llvm::SmallVector<int64_t>>
  readInts(llvm::StringRef name, Location loc, const NodeProto &node);
  /// Any numeric constant; fails with a diagnostic for other types.
  mlir::FailureOr<HostTensor> readHost(llvm::StringRef name, Location loc,
                                       const NodeProto &node);
  /// Registers a folded constant under `name`.
  void defineConstant(llvm::StringRef name, const HostTensor &t);
  Value makeConst(llvm::ArrayRef<int64_t> shape, llvm::ArrayRef<float> data,
                  bool asResource, llvm::StringRef name, Location loc);
  /// A constant holding `data` (row-major, shape `dataShape`) transposed by
  /// `perm` (see permuteData), written straight into the attribute's own
  /// storage; `finish`, if given, then edits those values in place.
  /// `shape` is the constant's type: the permuted shape or a reshape of it.
  Value makePermutedConst(
      llvm::ArrayRef<int64_t> shape, llvm::ArrayRef<int64_t> dataShape,
      llvm::ArrayRef<float> data,
      llvm::ArrayRef<int32_t> perm, bool asResource, llvm::StringRef name,
      Location loc,
      llvm::function_ref<void(llvm::MutableArrayRef<float>)> finish = nullptr);
  /// After `node`: frees the bytes of the initializers whose last consumer
  /// it was (see remainingUses).
  void releaseConsumedInitializers(const NodeProto &node);
  /// A constant of `rank` ones holding `v`, for broadcasting against a value.
  Value scalarConst(float v, size_t rank, Location loc);
  Value makeShape(llvm::ArrayRef<int64_t> shape, Location loc);
  Value zeroScalar(Location loc);
  mlir::FailureOr<Tensor *> getTensor(llvm::StringRef name, Location loc,
                                      const NodeProto &node);
  Value inLayout(Tensor &t, Layout layout, Location loc);
  /// A value whose row-major data is the ONNX-ordered data of `t`, with
  /// `shape` (default `t.shape`) as its type: a reshape instead of a
  /// transpose when the NHWC permutation only moves dimensions of size 1.
  Value onnxData(Tensor &t, Location loc);
  Value onnxData(Tensor &t, Location loc, llvm::ArrayRef<int64_t> shape);
  Value reshape(Value v, llvm::ArrayRef<int64_t> shape, Location loc);
  Value transpose(Value v, llvm::ArrayRef<int32_t> perm, Location loc);
  mlir::RankedTensorType f32(llvm::ArrayRef<int64_t> shape) {
    return mlir::RankedTensorType::get(shape, builder.getF32Type());
  }
  Value mul(Value a, Value b, Location loc);
  Value slice(Value v, llvm::ArrayRef<int64_t> start,
              llvm::ArrayRef<int64_t> size, Location loc);
  void define(const NodeProto &node, int idx, Tensor t) {
    values[node.output(idx)] = std::move(t);
  }
  /// Defines output `idx` as `value` in `layout` with ONNX shape `shape`.
  void defineValue(const NodeProto &node, int idx, Value value, Layout layout,
                   llvm::ArrayRef<int64_t> shape);
  /// Normalizes an axis into [0, rank) (or [0, rank] with `inclusive`).
  mlir::FailureOr<int64_t> normAxis(int64_t axis, int64_t rank, Location loc,
                                    const NodeProto &node,
                                    bool inclusive = false);
  /// Reports a constant-only input that is not constant, or a used optional
  /// output the importer does not produce.
  LogicalResult rejectExtraOutputs(const NodeProto &node, Location loc,
                                   int firstUnsupported);

  //===--- Window arithmetic of Conv and the pools (ImportConv.cpp) -------===//
  struct Window {
    Shape kernel, stride, dilation, pad; // pad: top, bottom, left, right
    Shape crop;                          // input rows/cols never read
    Shape out;                           // OH, OW
    /// End padding added only so that ceil_mode's extra window exists (not
    /// part of the ONNX pads).
    Shape ceilExtra;
  };
  mlir::FailureOr<Window> computeWindow(const NodeProto &node, Location loc,
                                        llvm::ArrayRef<int64_t> hw,
                                        Shape kernel, bool allowCeil);
  Value cropInput(Value nhwc, llvm::ArrayRef<int64_t> nhwcShape,
                  const Window &w, Location loc);
  /// Input 2 of a Conv/ConvTranspose as a [channels] value: the ONNX bias,
  /// or zeros when the node has none.
  mlir::FailureOr<Value> biasOperand(const NodeProto &node, Location loc,
                                     int64_t channels);

  //===--- Constant folding at import (ImportShape.cpp) -------------------===//
  /// Folds nodes whose inputs are all constants and that compute shapes
  /// (Shape, Gather, Concat, ...). Sets `folded` when it did.
  LogicalResult tryFold(const NodeProto &node, Location loc, bool &folded);

  //===--- Lowerings, one per ONNX operator -------------------------------===//
  LogicalResult lowerNode(const NodeProto &node, Location loc);
  // ImportConv.cpp
  LogicalResult lowerConv(const NodeProto &node, Location loc);
  LogicalResult lowerConvDataWeights(const NodeProto &node, Location loc,
                                     Tensor &x);
  LogicalResult lowerConvTranspose(const NodeProto &node, Location loc);
  /// Conv, ConvTranspose and the pools on [N, C, L]: the same node on
  /// [N, C, 1, L] with 2-D attributes, reshaped back.
  LogicalResult lowerAs2D(const NodeProto &node, Location loc);
  LogicalResult lowerPool(const NodeProto &node, Location loc);
  LogicalResult lowerGlobalPool(const NodeProto &node, Location loc);
  LogicalResult lowerBatchNorm(const NodeProto &node, Location loc);
  /// The BatchNormalization node that is the only consumer of `name` (the
  /// result of a Conv or Gemm with `channels` channels) and can be folded
  /// into its constant weights; null if there is none.
  const NodeProto *foldableBatchNorm(llvm::StringRef name, int64_t channels);
  /// Per-channel scale and shift of an inference-mode BatchNormalization:
  /// y = x * scale + shift.
  mlir::FailureOr<std::pair<std::vector<float>, std::vector<float>>>
  batchNormAffine(const NodeProto &node, Location loc, int64_t channels);
  Location nodeLoc(const NodeProto &node) {
    return mlir::NameLoc::get(builder.getStringAttr(nodeNames[&node]), fileLoc);
  }
  // ImportResize.cpp
  LogicalResult lowerResize(const NodeProto &node, Location loc);
  /// Resize of the spatial dimensions of `in` (rank 4) by constant matrices:
  /// `hWeights` [H, OH] and `wWeights` [W, OW] (empty when that dimension is
  /// unchanged) applied with tosa.matmul, then `bias` [OH, OW] added (empty:
  /// none). The result keeps `in`'s layout (NHWC or ONNX order).
  LogicalResult emitSeparableResize(const NodeProto &node, Location loc,
                                    Tensor &in,
                                    llvm::ArrayRef<int64_t> outShape,
                                    llvm::ArrayRef<float> hWeights,
                                    llvm::ArrayRef<float> wWeights,
                                    llvm::ArrayRef<float> bias);
  // ImportLinear.cpp
  LogicalResult lowerGemm(const NodeProto &node, Location loc);
  LogicalResult lowerMatMul(const NodeProto &node, Location loc);
  /// reshape, tosa.matmul with the constant [1, K, M], reshape, bias add:
  /// the form convert-tosa-to-cim matches. Returns the [rows, M] result
  /// reshaped to `outShape`.
  /// `b` holds B as [K, M], or as [M, K] with `transposedB`; it is
  /// multiplied by `alpha`, then its columns by `colScale` (empty, or M
  /// factors).
  Value emitLinear(Location loc, Tensor &a, const ConstData &b,
                   bool transposedB, float alpha,
                   llvm::ArrayRef<float> colScale,
                   llvm::StringRef weightName, int64_t k, int64_t m,
                   const ConstData *bias, llvm::ArrayRef<int64_t> outShape);
  /// [batch..., N, K] x [batch..., K, M] of two data values, with numpy
  /// broadcasting of the batch dimensions.
  mlir::FailureOr<Value> emitBatchMatMul(const NodeProto &node, Location loc,
                                         Value a, Shape aShape, Value b,
                                         Shape bShape, Shape &outShape);
  // ImportElementwise.cpp
  LogicalResult lowerUnary(const NodeProto &node, Location loc);
  LogicalResult lowerBinary(const NodeProto &node, Location loc);
  LogicalResult lowerVariadic(const NodeProto &node, Location loc);
  LogicalResult lowerClip(const NodeProto &node, Location loc);
  LogicalResult lowerPRelu(const NodeProto &node, Location loc);
  LogicalResult lowerSoftmax(const NodeProto &node, Location loc);
  /// Operands of an elementwise op over `names` (constants or data values),
  /// brought to one rank and one layout.
  struct Operands {
    llvm::SmallVector<Value, 3> values;
    Layout layout = Layout::ONNX;
    Shape shape; // ONNX shape of the result
    Shape chw;   // for FlatNHWC
  };
  mlir::FailureOr<Operands> elementwiseOperands(
      const NodeProto &node, Location loc, llvm::ArrayRef<std::string> names,
      llvm::function_ref<void(std::vector<float> &)> constTransform = nullptr,
      llvm::ArrayRef<int> transformed = {});
  void defineElementwise(const NodeProto &node, const Operands &ops,
                         Value result);
  // ImportControlFlow.cpp
  LogicalResult lowerIf(const NodeProto &node, Location loc);
  LogicalResult lowerLoop(const NodeProto &node, Location loc);
  /// Greater, GreaterOrEqual, Less, LessOrEqual, Equal of float values: an
  /// i1 result.
  LogicalResult lowerCompare(const NodeProto &node, Location loc);
  LogicalResult lowerNot(const NodeProto &node, Location loc);
  /// And, Or, Xor of computed bool values.
  LogicalResult lowerLogical(const NodeProto &node, Location loc);
  /// Cast to or from bool; false when the cast involves no bool (then
  /// lowerCast handles it).
  mlir::FailureOr<bool> lowerBoolCast(const NodeProto &node, Location loc);
  /// Names every node of `g` and of its subgraphs (a subgraph node is called
  /// "<parent node>/<subgraph name>/<node>") and appends them to `all`.
  void nameNodes(const onnx::GraphProto &g, llvm::StringRef prefix,
                 std::vector<const NodeProto *> &all);
  /// Counts the inputs of subgraph nodes (outer-scope values included) as
  /// uses, so that no outer value is folded away or released while a
  /// subgraph still reads it.
  void countSubgraphUses(const onnx::GraphProto &g);
  /// Lowers the nodes of a subgraph at the builder's insertion point; its
  /// initializers become constants.
  LogicalResult lowerSubgraphNodes(const onnx::GraphProto &g);
  // ImportQuantize.cpp
  LogicalResult lowerQuantizeLinear(const NodeProto &node, Location loc);
  LogicalResult lowerDequantizeLinear(const NodeProto &node, Location loc);
  /// Scale and zero-point inputs of a Q/DQ node on a value of `shape`;
  /// `defaultType` is the quantized type when there is no zero point.
  mlir::FailureOr<QuantParams> readQuantParams(const NodeProto &node,
                                               Location loc, int64_t rank,
                                               llvm::ArrayRef<int64_t> shape,
                                               int32_t defaultType);
  /// The data operand of a Q/DQ node: `t` in its layout (ONNX order for
  /// per-axis parameters on a flattened NHWC value), without conversions.
  Tensor dataOperand(Tensor &t, const QuantParams &p, Location loc);
  /// A constant broadcasting `perAxis` (one value per element of p.axis, or
  /// one value) against a value of ONNX shape `shape` stored in `layout`.
  Value quantConst(const QuantParams &p, llvm::ArrayRef<float> perAxis,
                   llvm::ArrayRef<int64_t> shape, Layout layout, Location loc);
  /// After a node was lowered (its ops follow `before` in `block`): for a
  /// Conv/Gemm/MatMul, attaches `cim.qdq` with the model's scales to its
  /// tosa.conv2d / tosa.matmul when its weight or input came from QDQ; for
  /// a data-movement op or MaxPool, carries a fake-quantized input's
  /// parameters over to its result.
  void annotateQuantizedLayer(const NodeProto &node, mlir::Operation *before,
                              mlir::Block *block);
  // ImportReduce.cpp
  LogicalResult lowerReduce(const NodeProto &node, Location loc);
  LogicalResult lowerLayerNorm(const NodeProto &node, Location loc);
  LogicalResult lowerMeanVarianceNorm(const NodeProto &node, Location loc);
  enum class ReduceKind { Sum, Max, Min, Product };
  /// One TOSA reduction of `kind` per axis in `axes` (physical), keeping the
  /// dimensions.
  Value reduceAxes(Value v, llvm::ArrayRef<int64_t> axes, ReduceKind kind,
                   Location loc);
  /// Distinct axes normalized into [0, rank), sorted.
  mlir::FailureOr<Shape> normAxes(llvm::ArrayRef<int64_t> axes, int64_t rank,
                                  Location loc, const NodeProto &node);
  /// Mean over `axes` (kept) of the ONNX-layout `v` of ONNX shape `shape`,
  /// `v` minus it, and the mean of that squared: what the normalizations
  /// share.
  struct Moments {
    Value mean, centered, variance;
  };
  Moments moments(Value v, llvm::ArrayRef<int64_t> shape,
                  llvm::ArrayRef<int64_t> axes, Location loc);
  // ImportShape.cpp
  LogicalResult lowerFlatten(const NodeProto &node, Location loc);
  LogicalResult lowerReshape(const NodeProto &node, Location loc);
  LogicalResult lowerSqueeze(const NodeProto &node, Location loc);
  LogicalResult lowerTranspose(const NodeProto &node, Location loc);
  LogicalResult lowerConcat(const NodeProto &node, Location loc);
  LogicalResult lowerSplit(const NodeProto &node, Location loc);
  LogicalResult lowerSlice(const NodeProto &node, Location loc);
  LogicalResult lowerPad(const NodeProto &node, Location loc);
  LogicalResult lowerGather(const NodeProto &node, Location loc);
  LogicalResult lowerExpand(const NodeProto &node, Location loc);
  LogicalResult lowerTile(const NodeProto &node, Location loc);
  LogicalResult lowerConstantOfShape(const NodeProto &node, Location loc);
  /// Defines output 0 of `node` as `in` repeated `multiples[i]` times along
  /// each ONNX axis of `padded` (its shape with leading ones to the result's
  /// rank): one tosa.tile, in NHWC when `in` is.
  void defineTiled(const NodeProto &node, Location loc, Tensor &in,
                   llvm::ArrayRef<int64_t> padded,
                   llvm::ArrayRef<int64_t> multiples);
  /// The int64 shape-like input `index` of `node`, which must be a constant;
  /// `what` names it in the diagnostic.
  mlir::FailureOr<llvm::SmallVector<int64_t>>
  constantInts(const NodeProto &node, Location loc, int index,
               llvm::StringRef what);
  LogicalResult lowerCast(const NodeProto &node, Location loc);
  LogicalResult lowerConstant(const NodeProto &node, Location loc);
  LogicalResult lowerIdentity(const NodeProto &node, Location loc);
  /// Axes of Squeeze/Unsqueeze/Reduce*: attribute before `inputFrom`, an
  /// optional constant input from it. Empty when not given.
  mlir::FailureOr<std::optional<Shape>> axesOperand(const NodeProto &node,
                                                    Location loc,
                                                    int inputIndex,
                                                    int64_t inputFrom);
  /// Elements `indices` (already non-negative) of `axis` of `v` (ONNX shape
  /// `shape`), as slices or a tosa.gather.
  Value gatherAxis(Value v, llvm::ArrayRef<int64_t> shape, int64_t axis,
                   llvm::ArrayRef<int64_t> indices, Location loc);

  mlir::MLIRContext *ctx;
  const onnx::ModelProto &model;
  const onnx::GraphProto &graph;
  /// The initializers, writable so that their bytes can be freed.
  onnx::GraphProto &mutableGraph;
  /// Initializer tensors whose bytes run() may free, and those it has freed.
  llvm::DenseMap<const onnx::TensorProto *, onnx::TensorProto *> releasable;
  llvm::DenseSet<const onnx::TensorProto *> released;
  /// Node input slots not lowered yet, per value name.
  llvm::StringMap<unsigned> remainingUses;
  llvm::StringSet<> graphOutputs;
  std::string fileName;
  Location fileLoc;
  mlir::OpBuilder builder;
  llvm::DenseMap<const NodeProto *, std::string> nodeNames;
  llvm::StringMap<Tensor> values;
  llvm::StringMap<const onnx::TensorProto *> constants;
  /// Tensors the importer made itself (Constant attributes in other forms,
  /// folded results); deque so that pointers into it stay valid.
  std::deque<onnx::TensorProto> ownedConstants;
  /// Consumers of each value (graph outputs count as one).
  llvm::StringMap<unsigned> useCount;
  llvm::StringMap<llvm::SmallVector<const NodeProto *, 2>> consumers;
  /// Nodes already lowered as part of a producer (BatchNormalization folded
  /// into a Conv or Gemm).
  std::set<const NodeProto *> absorbed;
  /// Static shapes from ONNX shape inference, to check the computed ones.
  llvm::StringMap<Shape> inferred;
  llvm::StringSet<> usedBlobNames;
  /// Body nodes lowered by Loop unrolling so far (bounded, so that nested
  /// loops cannot make the import explode).
  int64_t unrolledNodes = 0;
  /// QDQ bookkeeping (ImportQuantize.cpp): results of QuantizeLinear
  /// (integers held as float32), DequantizeLinear results of a Q -> DQ pair
  /// (fake quantization), and DequantizeLinear results of an integer
  /// constant (quantized weights), each with its parameters.
  llvm::StringMap<QuantParams> quantized;
  llvm::StringMap<QuantParams> fakeQuantized;
  llvm::StringMap<QuantParams> dequantizedWeights;
  /// 2-D copies of 1-D nodes (lowerAs2D); deque so that pointers stay valid.
  std::deque<onnx::NodeProto> liftedNodes;
};

} // namespace cim::onnx_import

#endif // CIM_LIB_TARGET_ONNX_IMPORTER_H
