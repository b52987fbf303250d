//===- BuildModes.cpp - Declare the runtime operating points --------------===//

#include "cim/Dialect/CIM/IR/CIMArch.h"
#include "cim/Dialect/CIM/Transforms/Passes.h"

#include "mlir/IR/Builders.h"
#include "llvm/ADT/StringSet.h"

namespace cim {
#define GEN_PASS_DEF_CIMBUILDMODES
#include "cim/Dialect/CIM/Transforms/Passes.h.inc"
} // namespace cim

using namespace mlir;
using namespace cim;

namespace {

/// Parses "w8a4" into (8, 4).
std::optional<std::pair<unsigned, unsigned>> parsePrecision(StringRef text) {
  unsigned w, a;
  if (!text.consume_front("w"))
    return std::nullopt;
  size_t split = text.find('a');
  if (split == StringRef::npos || text.substr(0, split).getAsInteger(10, w) ||
      text.substr(split + 1).getAsInteger(10, a))
    return std::nullopt;
  return std::make_pair(w, a);
}

struct CIMBuildModesPass
    : public cim::impl::CIMBuildModesBase<CIMBuildModesPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    FailureOr<ArchSpec> arch = lookupArchSpec(module);
    if (failed(arch))
      return signalPassFailure();
    if (!module.getOps<PrecisionModeOp>().empty()) {
      emitError(module.getLoc(),
                "cim-build-modes: the module already declares modes");
      return signalPassFailure();
    }

    SmallVector<Operation *> layers;
    module.walk([&](Operation *op) {
      if (isa<Conv2DOp, MatMulOp>(op))
        layers.push_back(op);
    });

    SmallVector<StringRef> specs;
    StringRef(modes).split(specs, ',', -1, /*KeepEmpty=*/false);
    if (specs.empty()) {
      emitError(module.getLoc(),
                "cim-build-modes: modes is empty; expected e.g. w8a8,w4a4");
      return signalPassFailure();
    }
    llvm::StringSet<> seen;
    OpBuilder builder = OpBuilder::atBlockBegin(module.getBody());
    for (StringRef spec : specs) {
      spec = spec.trim();
      auto precision = parsePrecision(spec);
      if (!precision || precision->first < 1 || precision->second < 1) {
        emitError(module.getLoc()) << "cim-build-modes: cannot parse mode '"
                                   << spec << "'; expected wNaM, e.g. w4a4";
        return signalPassFailure();
      }
      if (!seen.insert(spec).second) {
        emitError(module.getLoc())
            << "cim-build-modes: mode '" << spec << "' is listed twice";
        return signalPassFailure();
      }
      auto [w, a] = *precision;
      for (Operation *op : layers) {
        auto quant = op->getAttrOfType<QuantAttr>("quant");
        if (!quant) {
          op->emitOpError("is not quantized; run cim-quantize first");
          return signalPassFailure();
        }
        StringRef layer = op->getAttrOfType<StringAttr>("layer").getValue();
        if (w > quant.getWeightBits() || a > quant.getInputBits()) {
          op->emitOpError()
              << "cannot run mode '" << spec << "': layer '" << layer
              << "' has " << quant.getWeightBits() << "-bit weights and "
              << quant.getInputBits() << "-bit inputs";
          return signalPassFailure();
        }
        // Switching off weight bits means switching off whole cells.
        if ((quant.getWeightBits() - w) % arch->cellBits != 0) {
          op->emitOpError()
              << "cannot run mode '" << spec << "': dropping "
              << quant.getWeightBits() - w << " weight bits would cut a "
              << arch->cellBits << "-bit cell slice";
          return signalPassFailure();
        }
        if ((quant.getInputBits() - a) % arch->dacBits != 0) {
          op->emitOpError()
              << "cannot run mode '" << spec << "': dropping "
              << quant.getInputBits() - a << " input bits would cut a "
              << arch->dacBits << "-bit DAC step";
          return signalPassFailure();
        }
      }
      PrecisionModeOp::create(
          builder, module.getLoc(), builder.getStringAttr(spec),
          PrecisionAttr::getBits(&getContext(), w, a), DictionaryAttr());
    }
  }
};

} // namespace
