//===- ProgramToISA.cpp - Program -> cimisa module ------------------------===//
//
// Builds one cimisa op per record and per instruction, in the order of the
// Program, so that isaToProgram(programToISA(p)) gives p back. Records are
// named @t<i> (tensors), @l<i> (layers) and by their own name (modes);
// instruction symbols become NameLoc locations.
//
//===----------------------------------------------------------------------===//

#include "cim/Dialect/CIMISA/IR/CIMISA.h"
#include "cim/Target/CIMB/CIMB.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/StringSet.h"

using namespace mlir;
using namespace cim;
using namespace cim::program;
namespace isa = cim::cimisa;

namespace {

class ISABuilder {
public:
  ISABuilder(const Program &p, MLIRContext *ctx)
      : p(p), ctx(ctx), b(ctx), unknown(UnknownLoc::get(ctx)) {}

  OwningOpRef<ModuleOp> build() {
    OwningOpRef<ModuleOp> module = ModuleOp::create(unknown);
    module->getOperation()->setAttr(isa::CIMISADialect::kArchAttrName,
                                    b.getStringAttr(p.archJson));
    module->getOperation()->setAttr(isa::CIMISADialect::kModelAttrName,
                                    b.getStringAttr(p.modelName));
    module->getOperation()->setAttr(isa::CIMISADialect::kProducerAttrName,
                                    b.getStringAttr(p.producer));
    module->getOperation()->setAttr(
        isa::CIMISADialect::kBufferElementsAttrName,
        b.getI64IntegerAttr(static_cast<int64_t>(p.bufferElements)));
    nameRecords();
    b.setInsertionPointToEnd(module->getBody());
    for (size_t i = 0; i < p.tensors.size(); ++i)
      buildTensor(i);
    for (size_t i = 0; i < p.layers.size(); ++i)
      buildLayer(i);
    for (const Tile &t : p.tiles)
      isa::TileOp::create(b, unknown, layerNames[t.layer], t.rowBlock,
                          t.rowBegin, t.rowEnd, t.colBegin, t.colEnd, t.slice,
                          static_cast<isa::TilePolarity>(t.polarity), t.core,
                          t.array, t.arrayRow, t.arrayCol);
    for (const ArrayImage &a : p.arrays)
      buildArray(a);
    for (const Mode &m : p.modes)
      buildMode(m);
    for (const CoreStream &cs : p.cores)
      buildCore(cs);
    return module;
  }

private:
  /// One array per field, present only when some layer leaves the default.
  void buildMode(const Mode &m) {
    SmallVector<int64_t> wb, ib;
    for (const ModeLayer &ml : m.layers) {
      wb.push_back(ml.weightBits);
      ib.push_back(ml.inputBits);
    }
    auto op = isa::ModeOp::create(
        b, b.getUnknownLoc(), TypeRange(), ValueRange(),
        {b.getNamedAttr(SymbolTable::getSymbolAttrName(),
                        b.getStringAttr(m.name)),
         b.getNamedAttr("weight_bits", b.getDenseI64ArrayAttr(wb)),
         b.getNamedAttr("input_bits", b.getDenseI64ArrayAttr(ib))});
    ModeLayer defaults;
    auto field = [&](StringRef name, auto get) {
      SmallVector<int64_t> values;
      bool any = false;
      for (const ModeLayer &ml : m.layers) {
        values.push_back(int64_t(get(ml)));
        any |= get(ml) != get(defaults);
      }
      if (any)
        op->setAttr(name, b.getDenseI64ArrayAttr(values));
    };
    field("channels", [](const ModeLayer &ml) { return ml.activeChannels; });
    field("input_channels", [](const ModeLayer &ml) { return ml.activeInputs; });
    field("input_period", [](const ModeLayer &ml) { return ml.inputPeriod; });
    field("digital_planes", [](const ModeLayer &ml) { return ml.digitalPlanes; });
    field("salient_planes", [](const ModeLayer &ml) { return ml.salientPlanes; });
    field("saliency_threshold",
          [](const ModeLayer &ml) { return ml.saliencyThreshold; });
    field("skip_zero_planes",
          [](const ModeLayer &ml) { return uint32_t(ml.skipZeroPlanes); });
    field("nonzero_planes_ppm",
          [](const ModeLayer &ml) { return ml.nonzeroPlanesPpm; });
    field("salient_ppm", [](const ModeLayer &ml) { return ml.salientPpm; });

    // Tile ADC settings: one entry per tile of the module, in order.
    if (llvm::none_of(m.layers,
                      [](const ModeLayer &ml) { return !ml.tileAdc.empty(); }))
      return;
    SmallVector<int64_t> bits, range, fineBits, finePpm;
    bool interval = false;
    std::vector<size_t> next(p.layers.size());
    for (const Tile &t : p.tiles) {
      AdcSetting a;
      if (t.layer < m.layers.size() && next[t.layer] < m.layers[t.layer].tileAdc.size())
        a = m.layers[t.layer].tileAdc[next[t.layer]];
      if (t.layer < next.size())
        ++next[t.layer];
      bits.push_back(a.bits);
      range.push_back(int64_t(a.range));
      fineBits.push_back(a.fineBits);
      finePpm.push_back(a.finePpm);
      interval |= a.fineBits != 0 || a.finePpm != 0;
    }
    op->setAttr("tile_adc_bits", b.getDenseI64ArrayAttr(bits));
    op->setAttr("tile_adc_range", b.getDenseI64ArrayAttr(range));
    if (interval) {
      op->setAttr("tile_adc_fine_bits", b.getDenseI64ArrayAttr(fineBits));
      op->setAttr("tile_adc_fine_ppm", b.getDenseI64ArrayAttr(finePpm));
    }
  }

  /// Picks @t<i> / @l<i>, made unique against the mode names.
  void nameRecords() {
    llvm::StringSet<> used;
    for (const Mode &m : p.modes)
      used.insert(m.name);
    auto fresh = [&](std::string name) {
      while (!used.insert(name).second)
        name += "_";
      return name;
    };
    for (size_t i = 0; i < p.tensors.size(); ++i)
      tensorNames.push_back(fresh("t" + std::to_string(i)));
    for (size_t i = 0; i < p.layers.size(); ++i)
      layerNames.push_back(fresh("l" + std::to_string(i)));
  }

  void buildTensor(size_t i) {
    const TensorDesc &t = p.tensors[i];
    DenseElementsAttr value;
    if (t.role == TensorRole::Constant) {
      auto type = RankedTensorType::get(
          {static_cast<int64_t>(t.data.size())}, b.getF32Type());
      value = DenseElementsAttr::get(type, llvm::ArrayRef<float>(t.data));
    }
    isa::TensorOp::create(b, unknown, tensorNames[i],
                          static_cast<isa::TensorRole>(t.role), t.name,
                          t.shape, t.offset, value);
  }

  void buildLayer(size_t i) {
    const Layer &l = p.layers[i];
    Location loc = l.name.empty()
                       ? unknown
                       : Location(NameLoc::get(b.getStringAttr(l.name)));
    isa::LayerOp::create(
        b, loc, layerNames[i], static_cast<isa::LayerKind>(l.kind),
        static_cast<isa::PolarityScheme>(l.polarity), l.name,
        {l.batch, l.inH, l.inW, l.inC}, {l.outH, l.outW, l.outC},
        {l.kH, l.kW}, {l.strideH, l.strideW},
        {l.padTop, l.padLeft, l.padBottom, l.padRight},
        {l.dilationH, l.dilationW}, llvm::APFloat(l.inputScale),
        l.inputSigned, l.inputBits, l.weightBits, l.cellBits, l.dacBits,
        l.rowsPerBlock, l.outScale, l.bias, l.relu, l.adcBits, l.adcRange);
  }

  void buildArray(const ArrayImage &a) {
    SmallVector<int64_t, 2> shape = {static_cast<int64_t>(a.levels.size())};
    if (uint64_t(p.arch.rows) * p.arch.cols == a.levels.size())
      shape = {p.arch.rows, p.arch.cols};
    auto type = RankedTensorType::get(
        shape, IntegerType::get(ctx, 8, IntegerType::Unsigned));
    auto levels = DenseElementsAttr::get(type, llvm::ArrayRef(a.levels));
    isa::ArrayOp::create(b, unknown, a.core, a.array,
                         llvm::cast<DenseIntElementsAttr>(levels));
  }

  void buildCore(const CoreStream &cs) {
    auto core = isa::CoreOp::create(b, unknown, cs.core);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToEnd(&core.getBody().emplaceBlock());
    for (const Instr &in : cs.instrs)
      buildInstr(in);
  }

  StringRef tensor(int64_t i) { return tensorNames[i]; }
  /// The float32 whose IEEE bit pattern is `bits` (verified to fit 32 bits).
  static llvm::APFloat f32(int64_t bits) {
    return llvm::APFloat(llvm::APFloat::IEEEsingle(),
                         llvm::APInt(32, static_cast<uint64_t>(bits)));
  }
  StringRef layer(int64_t i) { return layerNames[i]; }

  void buildInstr(const Instr &in) {
    Location loc = unknown;
    if (in.symbol != 0)
      loc = NameLoc::get(b.getStringAttr(p.symbols[in.symbol]));
    const std::vector<int64_t> &o = in.operands;
    switch (in.op) {
    case Opcode::Halt:
      isa::HaltOp::create(b, loc);
      return;
    case Opcode::SetMode:
      isa::SetModeOp::create(b, loc, p.modes[o[0]].name);
      return;
    case Opcode::AdcSet:
      isa::AdcSetOp::create(b, loc, layer(o[0]), o[1], o[2]);
      return;
    case Opcode::Quant:
      isa::QuantOp::create(b, loc, layer(o[0]), tensor(o[1]));
      return;
    case Opcode::Mvm:
      isa::MvmOp::create(b, loc, layer(o[0]), o[1]);
      return;
    case Opcode::Epilogue:
      isa::EpilogueOp::create(b, loc, layer(o[0]), tensor(o[1]));
      return;
    case Opcode::MaxPool:
      isa::MaxPoolOp::create(b, loc, tensor(o[0]), tensor(o[1]),
                             {o[2], o[3]}, {o[4], o[5]},
                             {o[6], o[7], o[8], o[9]});
      return;
    case Opcode::AvgPool:
      isa::AvgPoolOp::create(b, loc, tensor(o[0]), tensor(o[1]),
                             {o[2], o[3]}, {o[4], o[5]},
                             {o[6], o[7], o[8], o[9]}, o[10] != 0);
      return;
    case Opcode::Add:
      isa::AddOp::create(b, loc, tensor(o[0]), tensor(o[1]), tensor(o[2]));
      return;
    case Opcode::Mul:
      isa::MulOp::create(b, loc, tensor(o[0]), tensor(o[1]), tensor(o[2]));
      return;
    case Opcode::Relu:
      isa::ReluOp::create(b, loc, tensor(o[0]), tensor(o[1]));
      return;
    case Opcode::Copy:
      isa::CopyOp::create(b, loc, tensor(o[0]), tensor(o[1]));
      return;
    case Opcode::Transpose:
      isa::TransposeOp::create(b, loc, tensor(o[0]), tensor(o[1]),
                               llvm::ArrayRef(o).drop_front(2));
      return;
    case Opcode::Unary:
      isa::UnaryFnOp::create(b, loc, static_cast<isa::UnaryFn>(o[2]),
                             tensor(o[0]), tensor(o[1]));
      return;
    case Opcode::Binary:
      isa::BinaryFnOp::create(b, loc, static_cast<isa::BinaryFn>(o[3]),
                              tensor(o[0]), tensor(o[1]), tensor(o[2]));
      return;
    case Opcode::Clamp:
      isa::ClampOp::create(b, loc, tensor(o[0]), tensor(o[1]), f32(o[2]),
                           f32(o[3]));
      return;
    case Opcode::Slice:
      isa::SliceOp::create(b, loc, tensor(o[0]), tensor(o[1]),
                           llvm::ArrayRef(o).drop_front(2));
      return;
    case Opcode::Concat: {
      SmallVector<Attribute> inputs;
      for (int64_t t : llvm::ArrayRef(o).drop_front(2))
        inputs.push_back(FlatSymbolRefAttr::get(ctx, tensor(t)));
      isa::ConcatOp::create(b, loc, b.getArrayAttr(inputs), tensor(o[0]),
                            o[1]);
      return;
    }
    case Opcode::Pad:
      isa::PadOp::create(b, loc, tensor(o[0]), tensor(o[1]),
                         llvm::ArrayRef(o).drop_front(3), f32(o[2]));
      return;
    case Opcode::Reduce:
      isa::ReduceOp::create(b, loc, static_cast<isa::ReduceFn>(o[3]),
                            tensor(o[0]), tensor(o[1]), o[2]);
      return;
    case Opcode::MatMulDigital:
      isa::MatMulDigitalOp::create(b, loc, tensor(o[0]), tensor(o[1]),
                                   tensor(o[2]));
      return;
    case Opcode::DepthwiseConv:
      isa::DepthwiseConvOp::create(b, loc, tensor(o[0]), tensor(o[1]),
                                   tensor(o[2]), tensor(o[3]), {o[4], o[5]},
                                   {o[6], o[7], o[8], o[9]}, {o[10], o[11]});
      return;
    case Opcode::Send:
      isa::SendOp::create(b, loc, tensor(o[0]), o[1], o[2]);
      return;
    case Opcode::Recv:
      isa::RecvOp::create(b, loc, tensor(o[0]), o[1], o[2]);
      return;
    case Opcode::Barrier:
      isa::BarrierOp::create(b, loc);
      return;
    case Opcode::BranchIfZero:
      isa::BranchIfZeroOp::create(b, loc, tensor(o[0]), o[1], o[2]);
      return;
    case Opcode::Jump:
      isa::JumpOp::create(b, loc, o[0], o[1]);
      return;
    }
  }

  const Program &p;
  MLIRContext *ctx;
  OpBuilder b;
  Location unknown;
  std::vector<std::string> tensorNames, layerNames;
};

} // namespace

OwningOpRef<ModuleOp> cim::programToISA(const Program &program,
                                        MLIRContext *context) {
  // Operands are used as indices below: only a consistent program is built.
  if (llvm::Error e = verifyProgram(program)) {
    emitError(UnknownLoc::get(context))
        << "cannot print an inconsistent program: "
        << llvm::toString(std::move(e));
    return nullptr;
  }
  context->getOrLoadDialect<isa::CIMISADialect>();
  return ISABuilder(program, context).build();
}
