//===- Estimate.cpp - Latency, energy and area of a compiled program ------===//

#include "cim/Dialect/CIM/Transforms/Passes.h"
#include "cim/Estimator/Estimator.h"
#include "cim/Estimator/Report.h"
#include "cim/Target/CIMB/CIMB.h"

#include "mlir/IR/Builders.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/ToolOutputFile.h"

namespace cim {
#define GEN_PASS_DEF_CIMESTIMATE
#include "cim/Dialect/CIM/Transforms/Passes.h.inc"
} // namespace cim

using namespace mlir;
using namespace cim;

namespace {
struct CIMEstimatePass : public cim::impl::CIMEstimateBase<CIMEstimatePass> {
  using Base::Base;
  void runOnOperation() override {
    ModuleOp module = getOperation();
    FailureOr<program::Program> program = isaToProgram(module);
    if (failed(program))
      return signalPassFailure();
    estimator::Report estimate = estimator::estimate(*program);

    // Totals per mode as IR attributes, so lit tests and later passes can
    // read them without a report file.
    Builder b(&getContext());
    SmallVector<NamedAttribute> modes;
    for (const estimator::ModeReport &mode : estimate.modes) {
      const estimator::Metrics &t = mode.total;
      modes.push_back(b.getNamedAttr(
          mode.name,
          b.getDictionaryAttr({
              b.getNamedAttr("latency_ns", b.getF64FloatAttr(t.latencyNs)),
              b.getNamedAttr("energy_pj", b.getF64FloatAttr(t.energyPj)),
              b.getNamedAttr("area_mm2", b.getF64FloatAttr(t.areaMm2)),
              b.getNamedAttr("adc_conversions",
                             b.getI64IntegerAttr(t.counts.adcConversions)),
              b.getNamedAttr("array_activations",
                             b.getI64IntegerAttr(t.counts.arrayActivations)),
          })));
    }
    module->setAttr("cim.estimate", b.getDictionaryAttr(modes));

    if (!report.empty()) {
      std::string error;
      auto file = openOutputFile(report, &error);
      if (!file) {
        emitError(module.getLoc()) << "cannot write the report: " << error;
        return signalPassFailure();
      }
      file->os() << llvm::formatv("{0:2}", estimator::toJSON(estimate)) << "\n";
      file->keep();
    }
  }
};
} // namespace
