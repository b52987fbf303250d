//===- SetArch.cpp - Attach the target accelerator to the module ----------===//

#include "cim/Dialect/CIM/IR/CIMArch.h"
#include "cim/Dialect/CIM/Transforms/Passes.h"

namespace cim {
#define GEN_PASS_DEF_CIMSETARCH
#include "cim/Dialect/CIM/Transforms/Passes.h.inc"
} // namespace cim

using namespace mlir;
using namespace cim;

namespace {
struct CIMSetArchPass : public cim::impl::CIMSetArchBase<CIMSetArchPass> {
  using Base::Base;
  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (arch.empty()) {
      emitError(module.getLoc(),
                "cim-set-arch needs arch=NAME (a preset such as "
                "'isaac') or arch=PATH (an arch JSON file)");
      return signalPassFailure();
    }
    llvm::Expected<ArchSpec> spec = loadArch(arch);
    if (!spec) {
      emitError(module.getLoc()) << llvm::toString(spec.takeError());
      return signalPassFailure();
    }
    module->setAttr(kArchAttrName, getArchAttr(*spec, &getContext()));
  }
};
} // namespace
