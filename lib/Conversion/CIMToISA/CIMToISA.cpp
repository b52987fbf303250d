//===- CIMToISA.cpp - Schedule a mapped network into instruction streams --===//
//
// Builds the executable Program (include/cim/Program/Program.h) from a mapped
// `cim` module, then materializes it as `cimisa` ops. Going through Program
// keeps one definition of what the binary holds: this pass, the binary
// writer, the simulator and the estimator all read the same structure.
//
//===----------------------------------------------------------------------===//

#include "cim/Conversion/Passes.h"
#include "cim/Dialect/CIM/IR/CIMArch.h"
#include "cim/Dialect/CIM/Utils/ConstantValues.h"
#include "cim/Program/Program.h"
#include "cim/Target/CIMB/CIMB.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/Builders.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>
#include <map>

namespace cim {
#define GEN_PASS_DEF_CONVERTCIMTOISA
#include "cim/Conversion/Passes.h.inc"
} // namespace cim

using namespace mlir;
using namespace cim;
using namespace cim::program;

namespace {

/// " (ONNX node 'name')" when the op came from a named node, so that a
/// user reading the diagnostic of a whole-model compile finds the node.
std::string onnxNode(Operation *op) {
  std::string name = getNodeName(op->getLoc());
  return name.empty() ? "" : " (ONNX node '" + name + "')";
}

/// The IEEE bit pattern of a float32 value, as an ISA operand.
int64_t f32Bits(float value) {
  uint32_t bits;
  std::memcpy(&bits, &value, sizeof bits);
  return bits;
}

int64_t f32Bits(FloatAttr attr) {
  return f32Bits(static_cast<float>(attr.getValueAsDouble()));
}

/// True for a constant whose elements are all zero (a zero point).
bool isZero(Value value) {
  auto values = getF32Values(getConstantAttr(value));
  return values && llvm::all_of(*values, [](float v) { return v == 0.0f; });
}

/// The values of a tosa.const_shape operand.
std::optional<std::vector<int64_t>> constShape(Value value) {
  auto op = value.getDefiningOp<tosa::ConstShapeOp>();
  if (!op)
    return std::nullopt;
  std::vector<int64_t> values;
  for (const APInt &v : op.getValues().getValues<APInt>())
    values.push_back(v.getSExtValue());
  return values;
}

class ProgramBuilder {
public:
  ProgramBuilder(ModuleOp module, ArchSpec arch) : module(module) {
    program.arch = std::move(arch);
    std::string json;
    llvm::raw_string_ostream os(json);
    os << program.arch.toJSON();
    program.archJson = json;
    program.producer = "cim 0.1.0";
    program.symbols.push_back("");
  }

  FailureOr<Program> build(func::FuncOp func);

private:
  ModuleOp module;
  Program program;
  llvm::DenseMap<Value, uint32_t> tensorOf;
  std::vector<uint32_t> tensorCore;       // core that last wrote each tensor
  std::vector<int64_t> firstDef, lastUse; // live range in op steps
  std::map<uint32_t, std::vector<Instr>> streams;
  llvm::StringMap<uint32_t> symbolIndex;
  llvm::StringMap<uint32_t> layerIndex;
  int64_t step = 0;
  int64_t nextToken = 0;

  uint32_t symbol(StringRef name) {
    if (name.empty())
      return 0;
    auto [it, inserted] = symbolIndex.try_emplace(name, program.symbols.size());
    if (inserted)
      program.symbols.push_back(name.str());
    return it->second;
  }

  uint32_t newTensor(StringRef name, ArrayRef<int64_t> shape, TensorRole role,
                     uint32_t core) {
    TensorDesc t;
    t.name = name.str();
    t.shape.assign(shape.begin(), shape.end());
    t.role = role;
    program.tensors.push_back(std::move(t));
    tensorCore.push_back(core);
    firstDef.push_back(step);
    lastUse.push_back(step);
    return program.tensors.size() - 1;
  }

  void emit(uint32_t core, Opcode op, std::vector<int64_t> operands,
            StringRef name) {
    Instr instr;
    instr.op = op;
    instr.operands = std::move(operands);
    instr.symbol = symbol(name);
    streams[core].push_back(std::move(instr));
  }

  /// The tensor holding `value`, made available on `core`: a tensor written
  /// on another core is sent over the network first.
  FailureOr<uint32_t> use(Value value, uint32_t core, Operation *user) {
    auto it = tensorOf.find(value);
    uint32_t t;
    if (it != tensorOf.end()) {
      t = it->second;
    } else if (auto attr = getConstantAttr(value)) {
      auto values = getF32Values(attr);
      auto type = dyn_cast<RankedTensorType>(value.getType());
      if (!values || !type)
        return user->emitOpError("uses a constant that is not an f32 tensor");
      t = newTensor(getNodeName(value.getLoc()) + "_const", type.getShape(),
                    TensorRole::Constant, core);
      program.tensors[t].data = std::move(*values);
      // Constants are in the buffer from the start, not from their first use.
      firstDef[t] = -1;
      tensorOf[value] = t;
    } else {
      return user->emitOpError("uses a value that convert-cim-to-isa did not "
                               "place in a buffer");
    }
    lastUse[t] = step;
    if (tensorCore[t] != core &&
        program.tensors[t].role != TensorRole::Constant) {
      int64_t token = nextToken++;
      std::string name = getNodeName(user->getLoc());
      emit(tensorCore[t], Opcode::Send, {t, core, token}, name);
      emit(core, Opcode::Recv, {t, tensorCore[t], token}, name);
      tensorCore[t] = core;
    }
    return t;
  }

  uint32_t define(Value value, uint32_t core, StringRef name) {
    auto type = cast<RankedTensorType>(value.getType());
    uint32_t t =
        newTensor(name, type.getShape(), TensorRole::Intermediate, core);
    tensorOf[value] = t;
    return t;
  }

  uint32_t homeCore(Value value) {
    auto it = tensorOf.find(value);
    if (it == tensorOf.end() ||
        program.tensors[it->second].role == TensorRole::Constant)
      return 0;
    return tensorCore[it->second];
  }

  LogicalResult lowerOp(Operation &op, func::FuncOp func);
  LogicalResult lowerLayer(Operation *op);
  LogicalResult lowerDigital(Operation *op);
  /// tosa.cond_if: both branches in the streams, each core's part of them
  /// behind its own BR_ZERO on the condition (see Program.h).
  LogicalResult lowerIf(tosa::IfOp op, func::FuncOp func);
  int64_t nextRegion = 0;
  LogicalResult buildModes();
  void buildArrays();
  void allocateBuffer();
};

LogicalResult ProgramBuilder::lowerLayer(Operation *op) {
  auto layerName = op->getAttrOfType<StringAttr>("layer").getValue();
  auto quant = op->getAttrOfType<QuantAttr>("quant");
  if (!quant)
    return op->emitOpError("is not quantized; run cim-quantize first");
  Region &region = op->getRegion(0);
  if (region.empty() || region.front().getOps<CrossbarTileOp>().empty())
    return op->emitOpError("is not mapped; run cim-map-crossbars first");

  const ArchSpec &arch = program.arch;
  Layer layer;
  layer.name = layerName.str();
  auto inType = cast<RankedTensorType>(op->getOperand(0).getType());
  auto outType = cast<RankedTensorType>(op->getResult(0).getType());
  if (auto conv = dyn_cast<Conv2DOp>(op)) {
    auto wType = conv.getWeight().getType();
    layer.kind = LayerKind::Conv2D;
    layer.batch = inType.getDimSize(0);
    layer.inH = inType.getDimSize(1);
    layer.inW = inType.getDimSize(2);
    layer.inC = inType.getDimSize(3);
    layer.outH = outType.getDimSize(1);
    layer.outW = outType.getDimSize(2);
    layer.outC = outType.getDimSize(3);
    layer.kH = wType.getDimSize(1);
    layer.kW = wType.getDimSize(2);
    layer.strideH = conv.getStride()[0];
    layer.strideW = conv.getStride()[1];
    layer.padTop = conv.getPad()[0];
    layer.padBottom = conv.getPad()[1];
    layer.padLeft = conv.getPad()[2];
    layer.padRight = conv.getPad()[3];
    layer.dilationH = conv.getDilation()[0];
    layer.dilationW = conv.getDilation()[1];
    layer.relu = conv.getRelu();
  } else {
    auto matmul = cast<MatMulOp>(op);
    layer.kind = LayerKind::MatMul;
    layer.batch = inType.getDimSize(0);
    layer.inH = inType.getDimSize(1);
    layer.inW = 1;
    layer.inC = inType.getDimSize(2);
    layer.outH = outType.getDimSize(1);
    layer.outW = 1;
    layer.outC = outType.getDimSize(2);
    layer.relu = matmul.getRelu();
  }
  layer.inputScale = quant.getInputScale().getValueAsDouble();
  layer.inputSigned = quant.getInputSigned();
  layer.inputBits = quant.getInputBits();
  layer.weightBits = quant.getWeightBits();
  layer.cellBits = arch.cellBits;
  layer.dacBits = arch.dacBits;
  layer.polarity = arch.polarity;
  layer.rowsPerBlock = arch.activeRows;
  for (double s : quant.getWeightScales().asArrayRef())
    layer.outScale.push_back(layer.inputScale * s);
  auto bias = getF32Values(getConstantAttr(op->getOperand(2)));
  if (!bias)
    return op->emitOpError("expects a constant f32 bias");
  layer.bias.assign(bias->begin(), bias->end());
  layer.adcBits = arch.adcBits;
  layer.adcRange = arch.fullScaleColumnSum(arch.activeRows);
  for (auto adc : region.front().getOps<AdcConfigOp>()) {
    layer.adcBits = adc.getAdc().getBits();
    layer.adcRange = adc.getAdc().getRange();
  }

  uint32_t index = program.layers.size();
  layerIndex[layer.name] = index;
  uint32_t core = 0;
  bool first = true;
  for (auto tile : region.front().getOps<CrossbarTileOp>()) {
    Tile t;
    t.layer = index;
    t.rowBlock = tile.getRowBlock();
    t.rowBegin = tile.getRows()[0];
    t.rowEnd = tile.getRows()[1];
    t.colBegin = tile.getCols()[0];
    t.colEnd = tile.getCols()[1];
    t.slice = tile.getSlice();
    t.polarity = static_cast<TilePolarity>(tile.getPolarity());
    t.core = tile.getCore();
    t.array = tile.getArray();
    t.arrayRow = tile.getArrayRow();
    t.arrayCol = tile.getArrayCol();
    if (first)
      core = t.core;
    first = false;
    program.tiles.push_back(t);
  }
  int64_t rowBlocks = layer.rowBlocks();
  uint32_t adcBits = layer.adcBits;
  uint64_t adcRange = layer.adcRange;
  program.layers.push_back(std::move(layer));

  // A layer's instructions run on the core that holds its first tile.
  FailureOr<uint32_t> in = use(op->getOperand(0), core, op);
  if (failed(in))
    return failure();
  emit(core, Opcode::AdcSet, {index, adcBits, int64_t(adcRange)}, layerName);
  emit(core, Opcode::Quant, {index, *in}, layerName);
  for (int64_t rb = 0; rb < rowBlocks; ++rb)
    emit(core, Opcode::Mvm, {index, rb}, layerName);
  uint32_t out = define(op->getResult(0), core, layerName);
  emit(core, Opcode::Epilogue, {index, out}, layerName);
  return success();
}

LogicalResult ProgramBuilder::lowerDigital(Operation *op) {
  std::string name = getNodeName(op->getLoc());
  auto poolOperands = [](ArrayRef<int64_t> kernel, ArrayRef<int64_t> stride,
                         ArrayRef<int64_t> pad) {
    // TOSA pads are (top, bottom, left, right); the ISA's (top, left,
    // bottom, right).
    return std::vector<int64_t>{kernel[0], kernel[1], stride[0], stride[1],
                                pad[0],    pad[2],    pad[1],    pad[3]};
  };
  uint32_t core = op->getNumOperands() ? homeCore(op->getOperand(0)) : 0;
  auto binary = [&](Opcode opcode) -> LogicalResult {
    FailureOr<uint32_t> a = use(op->getOperand(0), core, op);
    FailureOr<uint32_t> b = use(op->getOperand(1), core, op);
    if (failed(a) || failed(b))
      return failure();
    uint32_t out = define(op->getResult(0), core, name);
    emit(core, opcode, {*a, *b, out}, name);
    return success();
  };
  auto unary = [&](Opcode opcode, std::vector<int64_t> extra) -> LogicalResult {
    FailureOr<uint32_t> in = use(op->getOperand(0), core, op);
    if (failed(in))
      return failure();
    uint32_t out = define(op->getResult(0), core, name);
    std::vector<int64_t> operands = {*in, out};
    operands.insert(operands.end(), extra.begin(), extra.end());
    emit(core, opcode, std::move(operands), name);
    return success();
  };

  if (auto pool = dyn_cast<tosa::MaxPool2dOp>(op))
    return unary(
        Opcode::MaxPool,
        poolOperands(pool.getKernel(), pool.getStride(), pool.getPad()));
  if (auto pool = dyn_cast<tosa::AvgPool2dOp>(op)) {
    // TOSA's average excludes padded cells from the divisor.
    auto operands =
        poolOperands(pool.getKernel(), pool.getStride(), pool.getPad());
    operands.push_back(0);
    return unary(Opcode::AvgPool, operands);
  }
  if (isa<tosa::AddOp>(op))
    return binary(Opcode::Add);
  // Comparisons write 1.0 / 0.0: bool tensors are float tensors on the chip.
  std::optional<BinaryFn> cmp =
      llvm::TypeSwitch<Operation *, std::optional<BinaryFn>>(op)
          .Case([](tosa::GreaterEqualOp) { return BinaryFn::GreaterEqual; })
          .Case([](tosa::GreaterOp) { return BinaryFn::Greater; })
          .Case([](tosa::EqualOp) { return BinaryFn::Equal; })
          .Default([](Operation *) { return std::nullopt; });
  if (cmp) {
    if (failed(binary(Opcode::Binary)))
      return failure();
    streams[core].back().operands.push_back(int64_t(*cmp));
    return success();
  }
  // Logic on 1.0 / 0.0: and is the minimum, or the maximum, not is 1 - x.
  std::optional<BinaryFn> logic =
      llvm::TypeSwitch<Operation *, std::optional<BinaryFn>>(op)
          .Case([](tosa::LogicalAndOp) { return BinaryFn::Minimum; })
          .Case([](tosa::LogicalOrOp) { return BinaryFn::Maximum; })
          .Default([](Operation *) { return std::nullopt; });
  if (logic) {
    if (failed(binary(Opcode::Binary)))
      return failure();
    streams[core].back().operands.push_back(int64_t(*logic));
    return success();
  }
  if (auto notOp = dyn_cast<tosa::LogicalNotOp>(op)) {
    FailureOr<uint32_t> in = use(notOp.getInput1(), core, op);
    if (failed(in))
      return failure();
    uint32_t one = newTensor(name + "_one", {1}, TensorRole::Constant, core);
    program.tensors[one].data = {1.0f};
    firstDef[one] = -1;
    uint32_t out = define(op->getResult(0), core, name);
    emit(core, Opcode::Binary, {one, *in, out, int64_t(BinaryFn::Sub)}, name);
    return success();
  }
  if (auto castOp = dyn_cast<tosa::CastOp>(op)) {
    // A bool held as 1.0 / 0.0 is already its float value.
    auto from = cast<RankedTensorType>(castOp.getInput().getType());
    auto to = cast<RankedTensorType>(castOp.getType());
    if (from.getElementType().isInteger(1) &&
        (to.getElementType().isInteger(1) || to.getElementType().isF32()))
      return unary(Opcode::Copy, {});
    return op->emitOpError("casts ")
           << from.getElementType() << " to " << to.getElementType()
           << "; the target casts bool to bool or float32 only"
           << onnxNode(op);
  }
  if (isa<tosa::MulOp>(op))
    return binary(Opcode::Mul);
  if (auto clamp = dyn_cast<tosa::ClampOp>(op)) {
    auto lo = dyn_cast<FloatAttr>(clamp.getMinValAttr());
    auto hi = dyn_cast<FloatAttr>(clamp.getMaxValAttr());
    if (!lo || !hi)
      return op->emitOpError("is an integer clamp; the digital unit clamps "
                             "float32 only")
             << onnxNode(op);
    if (lo.getValueAsDouble() == 0.0 && hi.getValueAsDouble() >= 3.0e38)
      return unary(Opcode::Relu, {});
    if (clamp.getNanMode() != tosa::NanPropagationMode::PROPAGATE)
      return op->emitOpError("ignores NaN; the digital unit's clamp "
                             "propagates it")
             << onnxNode(op);
    return unary(Opcode::Clamp, {f32Bits(lo), f32Bits(hi)});
  }
  if (isa<tosa::ReshapeOp>(op))
    return unary(Opcode::Copy, {});
  if (auto transpose = dyn_cast<tosa::TransposeOp>(op)) {
    std::vector<int64_t> perms(transpose.getPerms().begin(),
                               transpose.getPerms().end());
    return unary(Opcode::Transpose, perms);
  }

  // The lookup-table activation unit.
  std::optional<UnaryFn> fn =
      llvm::TypeSwitch<Operation *, std::optional<UnaryFn>>(op)
          .Case([](tosa::SigmoidOp) { return UnaryFn::Sigmoid; })
          .Case([](tosa::TanhOp) { return UnaryFn::Tanh; })
          .Case([](tosa::ErfOp) { return UnaryFn::Erf; })
          .Case([](tosa::ExpOp) { return UnaryFn::Exp; })
          .Case([](tosa::LogOp) { return UnaryFn::Log; })
          .Case([](tosa::ReciprocalOp) { return UnaryFn::Reciprocal; })
          .Case([](tosa::RsqrtOp) { return UnaryFn::Rsqrt; })
          .Case([](tosa::AbsOp) { return UnaryFn::Abs; })
          .Case([](tosa::NegateOp) { return UnaryFn::Negate; })
          .Case([](tosa::FloorOp) { return UnaryFn::Floor; })
          .Case([](tosa::CeilOp) { return UnaryFn::Ceil; })
          .Default([](Operation *) { return std::nullopt; });
  if (fn) {
    if (auto negate = dyn_cast<tosa::NegateOp>(op))
      if (!isZero(negate.getInput1Zp()) || !isZero(negate.getOutputZp()))
        return op->emitOpError("has non-zero zero points") << onnxNode(op);
    return unary(Opcode::Unary, {int64_t(*fn)});
  }

  std::optional<BinaryFn> bfn =
      llvm::TypeSwitch<Operation *, std::optional<BinaryFn>>(op)
          .Case([](tosa::SubOp) { return BinaryFn::Sub; })
          .Case([](tosa::PowOp) { return BinaryFn::Pow; })
          .Case([](tosa::MaximumOp m) -> std::optional<BinaryFn> {
            if (m.getNanMode() != tosa::NanPropagationMode::PROPAGATE)
              return std::nullopt;
            return BinaryFn::Maximum;
          })
          .Case([](tosa::MinimumOp m) -> std::optional<BinaryFn> {
            if (m.getNanMode() != tosa::NanPropagationMode::PROPAGATE)
              return std::nullopt;
            return BinaryFn::Minimum;
          })
          .Default([](Operation *) { return std::nullopt; });
  if (bfn) {
    if (failed(binary(Opcode::Binary)))
      return failure();
    streams[core].back().operands.push_back(int64_t(*bfn));
    return success();
  }

  if (auto slice = dyn_cast<tosa::SliceOp>(op)) {
    std::optional<std::vector<int64_t>> start = constShape(slice.getStart());
    if (!start)
      return op->emitOpError("has a start that is not a constant shape")
             << onnxNode(op);
    return unary(Opcode::Slice, *start);
  }
  if (auto pad = dyn_cast<tosa::PadOp>(op)) {
    std::optional<std::vector<int64_t>> pads = constShape(pad.getPadding());
    auto value = getF32Values(getConstantAttr(pad.getPadConst()));
    if (!pads || !value || value->size() != 1)
      return op->emitOpError("needs constant padding and a constant scalar "
                             "pad value")
             << onnxNode(op);
    for (int64_t p : *pads)
      if (p < 0)
        return op->emitOpError("has negative padding") << onnxNode(op);
    std::vector<int64_t> extra = {f32Bits((*value)[0])};
    extra.insert(extra.end(), pads->begin(), pads->end());
    return unary(Opcode::Pad, extra);
  }
  if (auto concat = dyn_cast<tosa::ConcatOp>(op)) {
    std::vector<int64_t> operands = {0, concat.getAxis()};
    for (Value input : concat.getInput1()) {
      FailureOr<uint32_t> t = use(input, core, op);
      if (failed(t))
        return failure();
      operands.push_back(*t);
    }
    operands[0] = define(op->getResult(0), core, name);
    emit(core, Opcode::Concat, std::move(operands), name);
    return success();
  }
  auto reduce = [&](int64_t axis, ReduceFn rfn) {
    return unary(Opcode::Reduce, {axis, int64_t(rfn)});
  };
  if (auto r = dyn_cast<tosa::ReduceSumOp>(op))
    return reduce(r.getAxis(), ReduceFn::Sum);
  if (auto r = dyn_cast<tosa::ReduceProductOp>(op))
    return reduce(r.getAxis(), ReduceFn::Product);
  if (auto r = dyn_cast<tosa::ReduceMaxOp>(op))
    if (r.getNanMode() == tosa::NanPropagationMode::PROPAGATE)
      return reduce(r.getAxis(), ReduceFn::Max);
  if (auto r = dyn_cast<tosa::ReduceMinOp>(op))
    if (r.getNanMode() == tosa::NanPropagationMode::PROPAGATE)
      return reduce(r.getAxis(), ReduceFn::Min);
  if (auto matmul = dyn_cast<tosa::MatMulOp>(op)) {
    // What convert-tosa-to-cim left: a product the crossbars cannot hold.
    if (!isZero(matmul.getAZp()) || !isZero(matmul.getBZp()))
      return op->emitOpError("has non-zero zero points") << onnxNode(op);
    return binary(Opcode::MatMulDigital);
  }
  if (auto dw = dyn_cast<tosa::DepthwiseConv2DOp>(op)) {
    if (!isZero(dw.getInputZp()) || !isZero(dw.getWeightZp()))
      return op->emitOpError("has non-zero zero points") << onnxNode(op);
    FailureOr<uint32_t> in = use(dw.getInput(), core, op);
    FailureOr<uint32_t> weight = use(dw.getWeight(), core, op);
    FailureOr<uint32_t> bias = use(dw.getBias(), core, op);
    if (failed(in) || failed(weight) || failed(bias))
      return failure();
    uint32_t out = define(op->getResult(0), core, name);
    ArrayRef<int64_t> s = dw.getStride(), p = dw.getPad(),
                      d = dw.getDilation();
    // TOSA pads are (top, bottom, left, right); the ISA's (top, left,
    // bottom, right).
    emit(core, Opcode::DepthwiseConv,
         {*in, *weight, *bias, out, s[0], s[1], p[0], p[2], p[1], p[3], d[0],
          d[1]},
         name);
    return success();
  }
  return op->emitOpError("has no instruction on the target: only crossbar "
                         "layers, pooling, element-wise arithmetic, "
                         "activations, clamp, reshape, transpose, slice, "
                         "concat, pad, reductions, digital matmul and "
                         "depthwise convolution are supported")
         << onnxNode(op);
}

LogicalResult ProgramBuilder::buildModes() {
  for (auto mode : module.getOps<PrecisionModeOp>()) {
    Mode m;
    m.name = mode.getSymName().str();
    for (const Layer &layer : program.layers) {
      PrecisionAttr p = mode.getPrecisionFor(layer.name);
      if (p.getWeightBits() > layer.weightBits ||
          p.getInputBits() > layer.inputBits)
        return mode.emitOpError() << "asks layer '" << layer.name
                                  << "' for more bits than it was quantized to";
      m.layers.push_back(p.toModeLayer());
    }
    program.modes.push_back(std::move(m));
  }
  if (program.modes.empty()) {
    Mode m;
    m.name = "default";
    for (const Layer &layer : program.layers)
      m.layers.push_back({layer.weightBits, layer.inputBits});
    program.modes.push_back(std::move(m));
  }
  return success();
}

void ProgramBuilder::buildArrays() {
  const ArchSpec &arch = program.arch;
  std::map<std::pair<uint32_t, uint32_t>, ArrayImage> images;
  unsigned tileIndex = 0;
  module.walk([&](CrossbarTileOp tile) {
    const Tile &t = program.tiles[tileIndex++];
    auto key = std::make_pair(t.core, t.array);
    ArrayImage &image = images[key];
    if (image.levels.empty()) {
      image.core = t.core;
      image.array = t.array;
      image.levels.assign(size_t(arch.rows) * arch.cols, 0);
    }
    int64_t cols = t.colEnd - t.colBegin;
    int64_t i = 0;
    for (APInt level : tile.getLevels().getValues<APInt>()) {
      int64_t r = i / cols, c = i % cols;
      image.levels[size_t(t.arrayRow + r) * arch.cols + t.arrayCol + c] =
          uint8_t(level.getZExtValue());
      ++i;
    }
  });
  for (auto &entry : images)
    program.arrays.push_back(std::move(entry.second));
}

void ProgramBuilder::allocateBuffer() {
  // First fit over live ranges; inputs, outputs and constants live for the
  // whole program. A tensor is freed only after the step of its last use, so
  // an instruction never writes over its own operands.
  struct Block {
    uint64_t begin, end;
    int64_t freeAfter;
  };
  std::vector<Block> live;
  const int64_t forever = std::numeric_limits<int64_t>::max();
  std::vector<uint32_t> order(program.tensors.size());
  for (uint32_t i = 0; i < order.size(); ++i)
    order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    return firstDef[a] < firstDef[b];
  });
  uint64_t high = 0;
  for (uint32_t t : order) {
    TensorDesc &desc = program.tensors[t];
    int64_t end = desc.role == TensorRole::Intermediate ? lastUse[t] : forever;
    llvm::erase_if(live,
                   [&](const Block &b) { return b.freeAfter < firstDef[t]; });
    std::sort(live.begin(), live.end(),
              [](const Block &a, const Block &b) { return a.begin < b.begin; });
    uint64_t size = std::max<int64_t>(desc.numel(), 1);
    uint64_t offset = 0;
    for (const Block &b : live) {
      if (offset + size <= b.begin)
        break;
      offset = std::max(offset, b.end);
    }
    desc.offset = offset;
    live.push_back({offset, offset + size, end});
    high = std::max(high, offset + size);
  }
  program.bufferElements = high;
}

FailureOr<Program> ProgramBuilder::build(func::FuncOp func) {
  if (!func.getBody().hasOneBlock())
    return func.emitOpError("expects a single block");
  program.modelName = "model";
  if (auto name = module->getAttrOfType<StringAttr>("cim.model"))
    program.modelName = name.str();

  for (auto [i, arg] : llvm::enumerate(func.getArguments())) {
    auto type = dyn_cast<RankedTensorType>(arg.getType());
    if (!type || !type.hasStaticShape() || !type.getElementType().isF32())
      return func.emitOpError()
             << "argument " << i << " must be a static f32 tensor";
    auto name = func.getArgAttrOfType<StringAttr>(i, "cim.name");
    uint32_t t =
        newTensor(name ? name.getValue() : StringRef("arg" + std::to_string(i)),
                  type.getShape(), TensorRole::Input, 0);
    firstDef[t] = -1;
    tensorOf[arg] = t;
  }

  for (Operation &op : func.getBody().front())
    if (failed(lowerOp(op, func)))
      return failure();

  if (failed(buildModes()))
    return failure();
  buildArrays();
  allocateBuffer();
  streams[0]; // core 0 always runs (it holds the inputs)
  for (auto &[core, instrs] : streams) {
    CoreStream stream;
    stream.core = core;
    stream.instrs = std::move(instrs);
    stream.instrs.push_back(Instr{Opcode::Halt, {}, 0});
    program.cores.push_back(std::move(stream));
  }
  if (llvm::Error err = verifyProgram(program))
    return emitError(module.getLoc())
           << "internal error: the lowered program is "
              "inconsistent: "
           << llvm::toString(std::move(err));
  return std::move(program);
}

LogicalResult ProgramBuilder::lowerIf(tosa::IfOp op, func::FuncOp func) {
  std::string name = getNodeName(op->getLoc());
  int64_t region = nextRegion++;
  Value condValue = op.getCondition();
  uint32_t condCore = homeCore(condValue);
  FailureOr<uint32_t> cond = use(condValue, condCore, op);
  if (failed(cond))
    return failure();
  // The results: written by the last instructions of either branch.
  std::vector<uint32_t> results;
  for (Value result : op.getResults())
    results.push_back(define(result, condCore, name));

  auto sizes = [&]() {
    std::map<uint32_t, size_t> s;
    for (auto &[core, instrs] : streams)
      s[core] = instrs.size();
    return s;
  };
  std::map<uint32_t, size_t> start = sizes(), mid, end;
  std::vector<uint32_t> coresBefore = tensorCore;
  auto lowerBranch = [&](Region &branch) -> LogicalResult {
    if (!branch.hasOneBlock())
      return op.emitOpError("expects one block per branch") << onnxNode(op);
    for (Operation &inner : branch.front()) {
      if (auto yield = dyn_cast<tosa::YieldOp>(inner)) {
        ++step;
        for (auto [i, v] : llvm::enumerate(yield.getInputs())) {
          FailureOr<uint32_t> t = use(v, condCore, op);
          if (failed(t))
            return failure();
          emit(condCore, Opcode::Copy, {*t, results[i]}, name);
        }
        continue;
      }
      if (failed(lowerOp(inner, func)))
        return failure();
    }
    // A transfer made inside a branch may not have happened: the next user
    // sends again.
    for (size_t i = 0; i < coresBefore.size(); ++i)
      tensorCore[i] = coresBefore[i];
    return success();
  };
  if (failed(lowerBranch(op.getThenGraph())))
    return failure();
  mid = sizes();
  if (failed(lowerBranch(op.getElseGraph())))
    return failure();
  end = sizes();
  // The condition stays in the buffer until every core has branched on it.
  lastUse[*cond] = step;

  // Each core with instructions in the region branches on its own; the
  // core that computed the condition sends it to the others first.
  std::vector<Instr> sends;
  for (auto &[core, instrs] : streams) {
    size_t s = start.count(core) ? start[core] : 0;
    size_t m = mid.count(core) ? mid[core] : s;
    size_t e = end[core];
    int64_t thenLen = int64_t(m - s), elseLen = int64_t(e - m);
    if (thenLen == 0 && elseLen == 0)
      continue;
    if (elseLen > 0) {
      instrs.insert(instrs.begin() + m,
                    Instr{Opcode::Jump, {elseLen, region}, symbol(name)});
      ++thenLen;
    }
    std::vector<Instr> prefix;
    if (core != condCore) {
      int64_t token = nextToken++;
      sends.push_back(Instr{Opcode::Send, {*cond, core, token}, symbol(name)});
      prefix.push_back(
          Instr{Opcode::Recv, {*cond, condCore, token}, symbol(name)});
    }
    prefix.push_back(Instr{Opcode::BranchIfZero,
                           {*cond, thenLen, region},
                           symbol(name)});
    instrs.insert(instrs.begin() + s, prefix.begin(), prefix.end());
  }
  if (!sends.empty()) {
    std::vector<Instr> &own = streams[condCore];
    size_t s = start.count(condCore) ? start[condCore] : 0;
    own.insert(own.begin() + s, sends.begin(), sends.end());
  }
  return success();
}

LogicalResult ProgramBuilder::lowerOp(Operation &op, func::FuncOp func) {
  {
    ++step;
    if (isa<tosa::ConstOp, tosa::ConstShapeOp>(op))
      return success();
    if (isa<Conv2DOp, MatMulOp>(op))
      return lowerLayer(&op);
    if (auto ifOp = dyn_cast<tosa::IfOp>(op))
      return lowerIf(ifOp, func);
    if (auto ret = dyn_cast<func::ReturnOp>(op)) {
      for (auto [i, value] : llvm::enumerate(ret.getOperands())) {
        FailureOr<uint32_t> t = use(value, homeCore(value), &op);
        if (failed(t))
          return failure();
        auto name = func.getResultAttrOfType<StringAttr>(i, "cim.name");
        std::string outName = name ? name.str() : "result" + std::to_string(i);
        TensorDesc &desc = program.tensors[*t];
        if (desc.role != TensorRole::Intermediate) {
          // Inputs, constants and tensors returned twice get their own copy.
          uint32_t core = homeCore(value);
          uint32_t copy =
              newTensor(outName, desc.shape, TensorRole::Output, core);
          emit(core, Opcode::Copy, {*t, copy}, "");
          continue;
        }
        desc.role = TensorRole::Output;
        desc.name = outName;
      }
      return success();
    }
    return lowerDigital(&op);
  }
}

struct ConvertCIMToISAPass
    : public cim::impl::ConvertCIMToISABase<ConvertCIMToISAPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    auto func = module.lookupSymbol<func::FuncOp>("main");
    if (!func) {
      emitError(module.getLoc(), "convert-cim-to-isa expects a function @main");
      return signalPassFailure();
    }
    FailureOr<ArchSpec> arch = lookupArchSpec(module);
    if (failed(arch))
      return signalPassFailure();
    ProgramBuilder builder(module, std::move(*arch));
    FailureOr<Program> program = builder.build(func);
    if (failed(program))
      return signalPassFailure();
    OwningOpRef<ModuleOp> isa = programToISA(*program, &getContext());
    if (!isa)
      return signalPassFailure();
    // The cimisa module replaces the network: same module op, new contents.
    module.getBody()->clear();
    module->setAttrs(isa->getOperation()->getAttrDictionary());
    module.getBody()->getOperations().splice(module.getBody()->end(),
                                             isa->getBody()->getOperations());
  }
};

} // namespace
