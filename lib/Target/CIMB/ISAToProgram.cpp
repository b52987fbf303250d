//===- ISAToProgram.cpp - cimisa module -> Program ------------------------===//
//
// Records become indices in the order of their ops; instruction locations
// that carry a name become entries of the symbol table, in order of first
// use. Errors are reported at the offending op; rules that need the whole
// program and the arch come from verifyProgram and are reported at the
// module.
//
//===----------------------------------------------------------------------===//

#include "cim/Dialect/CIMISA/IR/CIMISA.h"
#include "cim/Target/CIMB/CIMB.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace cim;
using namespace cim::program;
namespace isa = cim::cimisa;

namespace {

class ProgramBuilder {
public:
  explicit ProgramBuilder(ModuleOp module) : module(module) {}

  FailureOr<Program> build() {
    if (failed(readModuleAttrs()))
      return failure();
    for (Operation &op : module.getBody()->getOperations()) {
      LogicalResult result =
          llvm::TypeSwitch<Operation *, LogicalResult>(&op)
              .Case([&](isa::TensorOp t) { return addTensor(t); })
              .Case([&](isa::LayerOp l) { return addLayer(l); })
              .Case([&](isa::TileOp t) { return addTile(t); })
              .Case([&](isa::ArrayOp a) { return addArray(a); })
              .Case([&](isa::ModeOp m) { return addMode(m); })
              .Case([&](isa::CoreOp c) {
                cores.push_back(c);
                return success();
              })
              .Default([&](Operation *other) {
                return other->emitOpError()
                       << "cannot be part of a .cimb program; expected only "
                          "cimisa records and cores at the top level";
              });
      if (failed(result))
        return failure();
    }
    if (failed(fillModes()))
      return failure();
    // Cores last: their instructions refer to every kind of record.
    for (isa::CoreOp core : cores)
      if (failed(addCore(core)))
        return failure();
    if (llvm::Error e = verifyProgram(p)) {
      emitError(module.getLoc()) << "the program is inconsistent: "
                         << llvm::toString(std::move(e));
      return failure();
    }
    return std::move(p);
  }

private:
  LogicalResult readModuleAttrs() {
    Operation *op = module;
    auto arch = op->getAttrOfType<StringAttr>(isa::CIMISADialect::kArchAttrName);
    if (!arch)
      return emitError(module.getLoc())
             << "a cimisa module needs the string attribute '"
             << isa::CIMISADialect::kArchAttrName
             << "' (the canonical arch JSON)";
    p.archJson = arch.getValue().str();
    llvm::Expected<ArchSpec> spec =
        parseArch(p.archJson, isa::CIMISADialect::kArchAttrName);
    if (!spec)
      return emitError(module.getLoc()) << llvm::toString(spec.takeError());
    p.arch = std::move(*spec);
    if (auto model =
            op->getAttrOfType<StringAttr>(isa::CIMISADialect::kModelAttrName))
      p.modelName = model.getValue().str();
    if (auto producer = op->getAttrOfType<StringAttr>(
            isa::CIMISADialect::kProducerAttrName))
      p.producer = producer.getValue().str();
    if (auto size = op->getAttrOfType<IntegerAttr>(
            isa::CIMISADialect::kBufferElementsAttrName))
      p.bufferElements = size.getValue().getZExtValue();
    p.symbols.push_back("");
    return success();
  }

  LogicalResult addTensor(isa::TensorOp t) {
    TensorDesc d;
    d.name = t.getName().str();
    d.shape.assign(t.getShape().begin(), t.getShape().end());
    d.role = static_cast<TensorRole>(t.getRole());
    d.offset = t.getOffset();
    if (std::optional<DenseElementsAttr> value = t.getValue())
      for (APFloat v : value->getValues<APFloat>())
        d.data.push_back(v.convertToFloat());
    tensors[t.getSymNameAttr()] = p.tensors.size();
    p.tensors.push_back(std::move(d));
    return success();
  }

  LogicalResult addLayer(isa::LayerOp op) {
    Layer l;
    l.name = op.getName().str();
    l.kind = static_cast<LayerKind>(op.getKind());
    l.polarity = static_cast<PolarityScheme>(op.getPolarity());
    ArrayRef<int64_t> in = op.getInput(), out = op.getOutput(),
                      k = op.getKernel(), s = op.getStrides(),
                      pads = op.getPads(), d = op.getDilations();
    l.batch = in[0], l.inH = in[1], l.inW = in[2], l.inC = in[3];
    l.outH = out[0], l.outW = out[1], l.outC = out[2];
    l.kH = k[0], l.kW = k[1], l.strideH = s[0], l.strideW = s[1];
    l.padTop = pads[0], l.padLeft = pads[1], l.padBottom = pads[2],
    l.padRight = pads[3];
    l.dilationH = d[0], l.dilationW = d[1];
    l.inputScale = op.getInputScale().convertToDouble();
    l.inputSigned = op.getInputSigned();
    l.inputBits = op.getInputBits();
    l.weightBits = op.getWeightBits();
    l.cellBits = op.getCellBits();
    l.dacBits = op.getDacBits();
    l.rowsPerBlock = op.getRowsPerBlock();
    l.outScale.assign(op.getOutScale().begin(), op.getOutScale().end());
    l.bias.assign(op.getBias().begin(), op.getBias().end());
    l.relu = op.getRelu();
    l.adcBits = op.getAdcBits();
    l.adcRange = op.getAdcRange();
    layers[op.getSymNameAttr()] = p.layers.size();
    p.layers.push_back(std::move(l));
    return success();
  }

  /// Index of the record `ref` names in `table`, with an error at `op` if
  /// the module does not define it (before it is used).
  FailureOr<int64_t> index(Operation *op,
                           const llvm::DenseMap<StringAttr, uint32_t> &table,
                           FlatSymbolRefAttr ref, StringRef kind) {
    auto it = table.find(ref.getAttr());
    if (it == table.end())
      return op->emitOpError() << "refers to " << ref << ", which is not a "
                               << kind << " of this module";
    return static_cast<int64_t>(it->second);
  }

  LogicalResult addTile(isa::TileOp op) {
    FailureOr<int64_t> layer = index(op, layers, op.getLayerAttr(), "layer");
    if (failed(layer))
      return failure();
    Tile t;
    t.layer = *layer;
    t.rowBlock = op.getRowBlock();
    t.rowBegin = op.getRowBegin();
    t.rowEnd = op.getRowEnd();
    t.colBegin = op.getColBegin();
    t.colEnd = op.getColEnd();
    t.slice = op.getSlice();
    t.polarity = static_cast<TilePolarity>(op.getPolarity());
    t.core = op.getCore();
    t.array = op.getArray();
    t.arrayRow = op.getArrayRow();
    t.arrayCol = op.getArrayCol();
    p.tiles.push_back(t);
    return success();
  }

  LogicalResult addArray(isa::ArrayOp op) {
    ArrayImage a;
    a.core = op.getCore();
    a.array = op.getArray();
    for (const APInt &v : op.getLevels().getValues<APInt>())
      a.levels.push_back(static_cast<uint8_t>(v.getZExtValue()));
    p.arrays.push_back(std::move(a));
    return success();
  }

  LogicalResult addMode(isa::ModeOp op) {
    Mode m;
    m.name = op.getSymName().str();
    modes[op.getSymNameAttr()] = p.modes.size();
    p.modes.push_back(std::move(m));
    modeOps.push_back(op);
    return success();
  }

  /// Mode contents refer to layers and tiles, which may follow the mode.
  LogicalResult fillModes() {
    std::vector<uint32_t> layerOfTile;
    for (const Tile &t : p.tiles)
      layerOfTile.push_back(t.layer);
    for (auto [i, op] : llvm::enumerate(modeOps)) {
      FailureOr<std::vector<ModeLayer>> layers =
          op.getModeLayers(p.layers.size(), layerOfTile);
      if (failed(layers))
        return failure();
      p.modes[i].layers = std::move(*layers);
    }
    return success();
  }

  uint32_t symbolOf(Location loc) {
    auto name = loc->findInstanceOf<NameLoc>();
    if (!name || name.getName().getValue().empty())
      return 0;
    auto [it, inserted] =
        symbolIndex.try_emplace(name.getName().getValue(), p.symbols.size());
    if (inserted)
      p.symbols.push_back(name.getName().getValue().str());
    return it->second;
  }

  LogicalResult addCore(isa::CoreOp core) {
    CoreStream cs;
    cs.core = core.getCore();
    for (Operation &op : core.getBody().front()) {
      Instr in;
      in.symbol = symbolOf(op.getLoc());
      if (failed(encode(&op, in)))
        return failure();
      cs.instrs.push_back(std::move(in));
    }
    p.cores.push_back(std::move(cs));
    return success();
  }

  /// Appends the index of each tensor in `refs` to the operands.
  LogicalResult pushTensors(Operation *op, Instr &in,
                            ArrayRef<FlatSymbolRefAttr> refs) {
    for (FlatSymbolRefAttr ref : refs) {
      FailureOr<int64_t> i = index(op, tensors, ref, "tensor");
      if (failed(i))
        return failure();
      in.operands.push_back(*i);
    }
    return success();
  }

  LogicalResult pushLayer(Operation *op, Instr &in, FlatSymbolRefAttr ref) {
    FailureOr<int64_t> i = index(op, layers, ref, "layer");
    if (failed(i))
      return failure();
    in.operands.push_back(*i);
    return success();
  }

  /// The IEEE bit pattern of a float32 attribute value.
  static int64_t bitsOf(const llvm::APFloat &value) {
    return static_cast<int64_t>(value.bitcastToAPInt().getZExtValue());
  }

  template <typename PoolOp>
  LogicalResult encodePool(PoolOp op, Instr &in) {
    if (failed(pushTensors(op, in, {op.getInputAttr(), op.getOutputAttr()})))
      return failure();
    llvm::append_range(in.operands, op.getKernel());
    llvm::append_range(in.operands, op.getStrides());
    llvm::append_range(in.operands, op.getPads());
    return success();
  }

  LogicalResult encode(Operation *operation, Instr &in) {
    return llvm::TypeSwitch<Operation *, LogicalResult>(operation)
        .Case([&](isa::HaltOp) {
          in.op = Opcode::Halt;
          return success();
        })
        .Case([&](isa::BarrierOp) {
          in.op = Opcode::Barrier;
          return success();
        })
        .Case([&](isa::SetModeOp op) -> LogicalResult {
          in.op = Opcode::SetMode;
          FailureOr<int64_t> m = index(op, modes, op.getModeAttr(), "mode");
          if (failed(m))
            return failure();
          in.operands.push_back(*m);
          return success();
        })
        .Case([&](isa::AdcSetOp op) -> LogicalResult {
          in.op = Opcode::AdcSet;
          if (failed(pushLayer(op, in, op.getLayerAttr())))
            return failure();
          in.operands.push_back(static_cast<int64_t>(op.getBits()));
          in.operands.push_back(static_cast<int64_t>(op.getRange()));
          return success();
        })
        .Case([&](isa::QuantOp op) -> LogicalResult {
          in.op = Opcode::Quant;
          if (failed(pushLayer(op, in, op.getLayerAttr())))
            return failure();
          return pushTensors(op, in, {op.getInputAttr()});
        })
        .Case([&](isa::MvmOp op) -> LogicalResult {
          in.op = Opcode::Mvm;
          if (failed(pushLayer(op, in, op.getLayerAttr())))
            return failure();
          in.operands.push_back(static_cast<int64_t>(op.getBlock()));
          return success();
        })
        .Case([&](isa::EpilogueOp op) -> LogicalResult {
          in.op = Opcode::Epilogue;
          if (failed(pushLayer(op, in, op.getLayerAttr())))
            return failure();
          return pushTensors(op, in, {op.getOutputAttr()});
        })
        .Case([&](isa::MaxPoolOp op) {
          in.op = Opcode::MaxPool;
          return encodePool(op, in);
        })
        .Case([&](isa::AvgPoolOp op) -> LogicalResult {
          in.op = Opcode::AvgPool;
          if (failed(encodePool(op, in)))
            return failure();
          in.operands.push_back(op.getCountIncludePad() ? 1 : 0);
          return success();
        })
        .Case([&](isa::AddOp op) {
          in.op = Opcode::Add;
          return pushTensors(
              op, in, {op.getLhsAttr(), op.getRhsAttr(), op.getOutputAttr()});
        })
        .Case([&](isa::MulOp op) {
          in.op = Opcode::Mul;
          return pushTensors(
              op, in, {op.getLhsAttr(), op.getRhsAttr(), op.getOutputAttr()});
        })
        .Case([&](isa::ReluOp op) {
          in.op = Opcode::Relu;
          return pushTensors(op, in, {op.getInputAttr(), op.getOutputAttr()});
        })
        .Case([&](isa::CopyOp op) {
          in.op = Opcode::Copy;
          return pushTensors(op, in, {op.getInputAttr(), op.getOutputAttr()});
        })
        .Case([&](isa::TransposeOp op) -> LogicalResult {
          in.op = Opcode::Transpose;
          if (failed(pushTensors(op, in,
                                 {op.getInputAttr(), op.getOutputAttr()})))
            return failure();
          llvm::append_range(in.operands, op.getPerm());
          return success();
        })
        .Case([&](isa::UnaryFnOp op) -> LogicalResult {
          in.op = Opcode::Unary;
          if (failed(pushTensors(op, in,
                                 {op.getInputAttr(), op.getOutputAttr()})))
            return failure();
          in.operands.push_back(static_cast<int64_t>(op.getFn()));
          return success();
        })
        .Case([&](isa::BinaryFnOp op) -> LogicalResult {
          in.op = Opcode::Binary;
          if (failed(pushTensors(op, in,
                                 {op.getLhsAttr(), op.getRhsAttr(),
                                  op.getOutputAttr()})))
            return failure();
          in.operands.push_back(static_cast<int64_t>(op.getFn()));
          return success();
        })
        .Case([&](isa::ClampOp op) -> LogicalResult {
          in.op = Opcode::Clamp;
          if (failed(pushTensors(op, in,
                                 {op.getInputAttr(), op.getOutputAttr()})))
            return failure();
          in.operands.push_back(bitsOf(op.getMin()));
          in.operands.push_back(bitsOf(op.getMax()));
          return success();
        })
        .Case([&](isa::SliceOp op) -> LogicalResult {
          in.op = Opcode::Slice;
          if (failed(pushTensors(op, in,
                                 {op.getInputAttr(), op.getOutputAttr()})))
            return failure();
          llvm::append_range(in.operands, op.getStart());
          return success();
        })
        .Case([&](isa::ConcatOp op) -> LogicalResult {
          in.op = Opcode::Concat;
          if (failed(pushTensors(op, in, {op.getOutputAttr()})))
            return failure();
          in.operands.push_back(static_cast<int64_t>(op.getAxis()));
          SmallVector<FlatSymbolRefAttr> inputs;
          for (Attribute ref : op.getInputs())
            inputs.push_back(cast<FlatSymbolRefAttr>(ref));
          return pushTensors(op, in, inputs);
        })
        .Case([&](isa::PadOp op) -> LogicalResult {
          in.op = Opcode::Pad;
          if (failed(pushTensors(op, in,
                                 {op.getInputAttr(), op.getOutputAttr()})))
            return failure();
          in.operands.push_back(bitsOf(op.getValue()));
          llvm::append_range(in.operands, op.getPads());
          return success();
        })
        .Case([&](isa::ReduceOp op) -> LogicalResult {
          in.op = Opcode::Reduce;
          if (failed(pushTensors(op, in,
                                 {op.getInputAttr(), op.getOutputAttr()})))
            return failure();
          in.operands.push_back(static_cast<int64_t>(op.getAxis()));
          in.operands.push_back(static_cast<int64_t>(op.getFn()));
          return success();
        })
        .Case([&](isa::MatMulDigitalOp op) {
          in.op = Opcode::MatMulDigital;
          return pushTensors(
              op, in, {op.getLhsAttr(), op.getRhsAttr(), op.getOutputAttr()});
        })
        .Case([&](isa::DepthwiseConvOp op) -> LogicalResult {
          in.op = Opcode::DepthwiseConv;
          if (failed(pushTensors(op, in,
                                 {op.getInputAttr(), op.getWeightAttr(),
                                  op.getBiasAttr(), op.getOutputAttr()})))
            return failure();
          llvm::append_range(in.operands, op.getStrides());
          llvm::append_range(in.operands, op.getPads());
          llvm::append_range(in.operands, op.getDilations());
          return success();
        })
        .Case([&](isa::SendOp op) -> LogicalResult {
          in.op = Opcode::Send;
          if (failed(pushTensors(op, in, {op.getTensorAttr()})))
            return failure();
          in.operands.push_back(static_cast<int64_t>(op.getCore()));
          in.operands.push_back(static_cast<int64_t>(op.getToken()));
          return success();
        })
        .Case([&](isa::RecvOp op) -> LogicalResult {
          in.op = Opcode::Recv;
          if (failed(pushTensors(op, in, {op.getTensorAttr()})))
            return failure();
          in.operands.push_back(static_cast<int64_t>(op.getCore()));
          in.operands.push_back(static_cast<int64_t>(op.getToken()));
          return success();
        })
        .Case([&](isa::BranchIfZeroOp op) -> LogicalResult {
          in.op = Opcode::BranchIfZero;
          if (failed(pushTensors(op, in, {op.getCondAttr()})))
            return failure();
          in.operands.push_back(static_cast<int64_t>(op.getSkip()));
          in.operands.push_back(static_cast<int64_t>(op.getRegion()));
          return success();
        })
        .Case([&](isa::JumpOp op) -> LogicalResult {
          in.op = Opcode::Jump;
          in.operands.push_back(static_cast<int64_t>(op.getSkip()));
          in.operands.push_back(static_cast<int64_t>(op.getRegion()));
          return success();
        })
        .Default([](Operation *op) {
          return op->emitOpError("is not a cimisa instruction");
        });
  }

  ModuleOp module;
  Program p;
  llvm::DenseMap<StringAttr, uint32_t> tensors, layers, modes;
  llvm::StringMap<uint32_t> symbolIndex;
  std::vector<isa::CoreOp> cores;
  std::vector<isa::ModeOp> modeOps;
};

} // namespace

FailureOr<Program> cim::isaToProgram(ModuleOp module) {
  if (failed(mlir::verify(module)))
    return failure();
  return ProgramBuilder(module).build();
}
