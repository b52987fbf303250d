//===- ModeUtils.cpp - What passes that add operating points share --------===//

#include "cim/Dialect/CIM/Transforms/ModeUtils.h"
#include "cim/Dialect/CIM/Transforms/Calibration.h"

#include "mlir/IR/Builders.h"

using namespace mlir;
using namespace cim;

FailureOr<ModeContext> ModeContext::get(ModuleOp module, StringRef base,
                                        StringRef name, StringRef suffix,
                                        StringRef pass) {
  ModeContext ctx;
  ctx.module = module;
  ctx.func = module.lookupSymbol<func::FuncOp>("main");
  if (!ctx.func) {
    emitError(module.getLoc()) << pass << " expects a function @main";
    return failure();
  }
  FailureOr<PrecisionModeOp> baseMode = findBaseMode(module, base, pass);
  if (failed(baseMode))
    return failure();
  ctx.baseMode = *baseMode;
  ctx.newName =
      name.empty() ? (ctx.baseMode.getSymName() + suffix).str() : name.str();
  if (module.lookupSymbol(ctx.newName)) {
    emitError(module.getLoc())
        << pass << ": the name '" << ctx.newName << "' is already taken";
    return failure();
  }
  FailureOr<program::Program> program = compileToProgram(module);
  if (failed(program))
    return failure();
  ctx.program = std::move(*program);
  for (size_t m = 0; m < ctx.program.modes.size(); ++m)
    if (ctx.program.modes[m].name == ctx.baseMode.getSymName())
      ctx.baseIndex = m;

  llvm::StringMap<Operation *> byName;
  module.walk([&](Operation *op) {
    if (isa<Conv2DOp, MatMulOp>(op))
      byName[op->getAttrOfType<StringAttr>("layer").getValue()] = op;
  });
  for (size_t l = 0; l < ctx.program.layers.size(); ++l) {
    Operation *op = byName.lookup(ctx.program.layers[l].name);
    if (!op) {
      emitError(module.getLoc())
          << pass << ": no crossbar layer named '"
          << ctx.program.layers[l].name << "'";
      return failure();
    }
    ctx.layers.push_back(op);
    ctx.programLayer.push_back(l);
    ctx.tilesOfLayer.emplace_back();
  }
  for (size_t t = 0; t < ctx.program.tiles.size(); ++t)
    if (ctx.program.tiles[t].layer < ctx.tilesOfLayer.size())
      ctx.tilesOfLayer[ctx.program.tiles[t].layer].push_back(uint32_t(t));
  return ctx;
}

PrecisionModeOp ModeContext::addMode(ArrayRef<NamedAttribute> layers) {
  Operation *last = nullptr;
  for (PrecisionModeOp mode : module.getOps<PrecisionModeOp>())
    last = mode;
  OpBuilder builder(module.getContext());
  builder.setInsertionPointAfter(last);
  MLIRContext *context = module.getContext();
  return PrecisionModeOp::create(
      builder, baseMode.getLoc(), StringAttr::get(context, newName),
      baseMode.getPrecision(),
      layers.empty() ? DictionaryAttr() : DictionaryAttr::get(context, layers));
}

FailureOr<PrecisionModeOp> cim::findBaseMode(ModuleOp module, StringRef base,
                                            StringRef pass) {
  auto modes = module.getOps<PrecisionModeOp>();
  if (modes.empty()) {
    emitError(module.getLoc())
        << pass << ": the module has no modes; run cim-build-modes first";
    return failure();
  }
  std::string names;
  for (PrecisionModeOp mode : modes) {
    if (base.empty() || mode.getSymName() == base)
      return mode;
    names += (names.empty() ? "" : ", ") + mode.getSymName().str();
  }
  emitError(module.getLoc()) << pass << ": unknown base mode '" << base
                             << "' (modes: " << names << ")";
  return failure();
}

AdcConfigOp cim::adcConfigOf(Operation *layer) {
  for (Region &region : layer->getRegions())
    for (Block &block : region)
      for (AdcConfigOp config : block.getOps<AdcConfigOp>())
        return config;
  return {};
}
