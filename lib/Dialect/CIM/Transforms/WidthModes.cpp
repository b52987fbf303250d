//===- WidthModes.cpp - Channel-width sub-networks as operating points ----===//
//
// One mode per width: the layers whose channels cim-order-channels orders
// (getChannelGroup) compute a prefix of them, and the layers that read them
// drive only the rows of that prefix. Everything else is the base mode.
//
//===----------------------------------------------------------------------===//

#include "cim/Dialect/CIM/Transforms/Passes.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/SymbolTable.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"

namespace cim {
#define GEN_PASS_DEF_CIMWIDTHMODES
#include "cim/Dialect/CIM/Transforms/Passes.h.inc"
} // namespace cim

using namespace mlir;
using namespace cim;

namespace {

/// ceil(percent% of channels), at least one channel for a positive percent.
unsigned activeChannels(unsigned percent, int64_t channels) {
  return unsigned((uint64_t(percent) * uint64_t(channels) + 99) / 100);
}

struct CIMWidthModesPass
    : public cim::impl::CIMWidthModesBase<CIMWidthModesPass> {
  using Base::Base;

  /// The widths below 100 to add, in the order given.
  FailureOr<SmallVector<unsigned>> parseWidths(Location loc) {
    SmallVector<StringRef> items;
    StringRef(widths).split(items, ',', -1, /*KeepEmpty=*/false);
    if (items.empty())
      return emitError(loc) << "cim-width-modes: widths is empty; expected "
                               "percentages, e.g. 100,75,50,25";
    SmallVector<unsigned> result;
    SmallVector<unsigned> seen;
    for (StringRef item : items) {
      item = item.trim();
      unsigned percent;
      if (item.getAsInteger(10, percent))
        return emitError(loc) << "cim-width-modes: cannot parse width '" << item
                              << "'; expected a whole percentage, e.g. 50";
      if (percent == 0 || percent > 100)
        return emitError(loc)
               << "cim-width-modes: width " << percent << " is not in (0, 100]";
      if (llvm::is_contained(seen, percent))
        return emitError(loc)
               << "cim-width-modes: width " << percent << " is listed twice";
      seen.push_back(percent);
      if (percent < 100)
        result.push_back(percent);
    }
    return result;
  }

  void runOnOperation() override {
    ModuleOp module = getOperation();
    MLIRContext *context = &getContext();
    // The diagnostics word these checks as ModeContext does for the other
    // passes that add modes; width modes need no lowered Program.
    auto modes = llvm::to_vector(module.getOps<PrecisionModeOp>());
    if (modes.empty()) {
      emitError(module.getLoc()) << "cim-width-modes: the module has no "
                                    "modes; run cim-build-modes first";
      return signalPassFailure();
    }
    PrecisionModeOp baseMode = modes.front();
    if (!base.empty()) {
      auto found = llvm::find_if(modes, [&](PrecisionModeOp mode) {
        return mode.getSymName() == base;
      });
      if (found == modes.end()) {
        auto diag = emitError(module.getLoc())
                    << "cim-width-modes: unknown base mode '" << base
                    << "' (modes: ";
        llvm::interleaveComma(modes, diag, [&](PrecisionModeOp mode) {
          diag << mode.getSymName();
        });
        diag << ")";
        return signalPassFailure();
      }
      baseMode = *found;
    }
    FailureOr<SmallVector<unsigned>> percents = parseWidths(module.getLoc());
    if (failed(percents))
      return signalPassFailure();

    // Which layers narrow with the width: producers of a channel group gate
    // their outputs, their consumers their input rows.
    SmallVector<Operation *> layers;
    module.walk([&](Operation *op) {
      if (isa<Conv2DOp, MatMulOp>(op))
        layers.push_back(op);
    });
    llvm::DenseMap<Operation *, int64_t> producedChannels, readChannels;
    for (Operation *layer : layers) {
      FailureOr<ChannelGroup> group = getChannelGroup(layer);
      if (failed(group))
        continue;
      producedChannels[layer] = group->channels;
      for (Operation *consumer : group->consumers)
        readChannels[consumer] = group->channels;
    }

    OpBuilder builder(context);
    builder.setInsertionPointAfter(modes.back());
    PrecisionAttr baseDefault = baseMode.getPrecision();
    for (unsigned percent : *percents) {
      std::string name = (baseMode.getSymName() + "-c" + Twine(percent)).str();
      if (SymbolTable::lookupSymbolIn(module, name)) {
        emitError(module.getLoc())
            << "cim-width-modes: the name '" << name << "' is already taken";
        return signalPassFailure();
      }
      SmallVector<NamedAttribute> entries;
      for (Operation *layer : layers) {
        StringRef layerName =
            layer->getAttrOfType<StringAttr>("layer").getValue();
        program::ModeLayer ml =
            baseMode.getPrecisionFor(layerName).toModeLayer();
        if (auto it = producedChannels.find(layer);
            it != producedChannels.end()) {
          unsigned active = activeChannels(percent, it->second);
          ml.activeChannels = active < it->second ? active : 0;
        }
        if (auto it = readChannels.find(layer); it != readChannels.end()) {
          unsigned active = activeChannels(percent, it->second);
          bool gated = active < it->second;
          ml.activeInputs = gated ? active : 0;
          ml.inputPeriod = gated ? unsigned(it->second) : 0;
        }
        PrecisionAttr precision = PrecisionAttr::fromModeLayer(context, ml);
        if (precision != baseDefault)
          entries.push_back(builder.getNamedAttr(layerName, precision));
      }
      DictionaryAttr entriesAttr;
      if (!entries.empty())
        entriesAttr = builder.getDictionaryAttr(entries);
      PrecisionModeOp::create(builder, baseMode.getLoc(),
                              builder.getStringAttr(name), baseDefault,
                              entriesAttr);
      ++numModes;
    }
  }
};

} // namespace
