//===- Pipeline.cpp - The default flow from TOSA to cimisa ----------------===//

#include "cim/Conversion/Passes.h"
#include "cim/Dialect/CIM/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

void cim::buildCIMPipeline(OpPassManager &pm,
                           const CIMPipelineOptions &options) {
  if (!options.arch.empty())
    pm.addPass(createCIMSetArch(CIMSetArchOptions{options.arch}));
  pm.addNestedPass<func::FuncOp>(createConvertTosaToCIM());
  CIMQuantizeOptions quantize;
  quantize.weightBits = options.weightBits;
  quantize.inputBits = options.inputBits;
  quantize.calibration = options.calibration;
  pm.addPass(createCIMQuantize(quantize));
  // Width sub-networks run a prefix of each layer's columns: the mapping
  // must place the channels in importance order.
  if (!options.widths.empty())
    pm.addPass(createCIMOrderChannels());
  CIMMapCrossbarsOptions map;
  map.adcBits = options.adcBits;
  pm.addPass(createCIMMapCrossbars(map));
  pm.addPass(createCIMBuildModes(CIMBuildModesOptions{options.modes}));
  if (!options.widths.empty()) {
    CIMWidthModesOptions widths;
    widths.widths = options.widths;
    pm.addPass(createCIMWidthModes(widths));
  }
  if (!options.assignPrecision.empty()) {
    CIMAssignPrecisionOptions precision;
    precision.budget = options.assignPrecision;
    precision.search = options.precisionSearch;
    precision.frontier = options.precisionFrontier;
    precision.maxSamples = options.precisionSamples;
    precision.calibration = options.calibration;
    pm.addPass(createCIMAssignPrecision(precision));
  }
  if (options.adcTrim) {
    // One trimmed mode per precision mode, in the order they were declared.
    SmallVector<StringRef> modes;
    StringRef(options.modes).split(modes, ',', -1, /*KeepEmpty=*/false);
    for (StringRef mode : modes) {
      CIMAdcTrimOptions trim;
      trim.base = mode.trim().str();
      trim.coverage = options.adcCoverage;
      trim.lsbBudgetDb = options.adcLsbBudget;
      trim.calibration = options.calibration;
      pm.addPass(createCIMAdcTrim(trim));
    }
  }
  if (!options.hybrid.empty()) {
    CIMHybridBoundaryOptions hybrid;
    hybrid.points = options.hybrid;
    hybrid.calibration = options.calibration;
    pm.addPass(createCIMHybridBoundary(hybrid));
  }
  if (options.lower) {
    pm.addPass(createCIMFoldFakeQuant());
    pm.addPass(createConvertCIMToISA());
    pm.addPass(createCIMEstimate());
  }
}

void cim::registerCIMPipeline() {
  PassPipelineRegistration<CIMPipelineOptions>(
      "cim-pipeline",
      "The default flow: TOSA -> cim layers -> quantize [-> order channels] "
      "-> map -> modes [-> width modes] [-> assign-precision] [-> adc-trim] "
      "[-> hybrid boundary] -> fold fake quantization -> cimisa -> estimate",
      buildCIMPipeline);
}
