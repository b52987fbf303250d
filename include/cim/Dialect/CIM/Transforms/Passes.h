//===- Passes.h - cim dialect passes ----------------------------*- C++ -*-===//

#ifndef CIM_DIALECT_CIM_TRANSFORMS_PASSES_H
#define CIM_DIALECT_CIM_TRANSFORMS_PASSES_H

#include "cim/Dialect/CIM/IR/CIM.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassOptions.h"

#include <string>

namespace cim {
#define GEN_PASS_DECL
#include "cim/Dialect/CIM/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "cim/Dialect/CIM/Transforms/Passes.h.inc"

/// A crossbar layer whose output channels cim-order-channels may reorder and
/// cim-width-modes may gate: its result reaches only the input of other
/// crossbar layers, through channel-wise ops (the rule is in the description
/// of cim-order-channels).
struct ChannelGroup {
  mlir::Operation *producer = nullptr; // cim.conv2d or cim.matmul
  int64_t channels = 0;                // its output channels, C
  /// The crossbar layers reading them, in use order. Along each one's input
  /// axis, index i holds channel i mod C.
  llvm::SmallVector<mlir::Operation *> consumers;
};

/// The channel group of crossbar layer `layer`, or failure with the reason
/// its channels keep their order in `whyNot`.
mlir::FailureOr<ChannelGroup> getChannelGroup(mlir::Operation *layer,
                                              std::string *whyNot = nullptr);

/// Options of `--cim-pipeline`, the default flow from TOSA to cimisa.
struct CIMPipelineOptions
    : public mlir::PassPipelineOptions<CIMPipelineOptions> {
  Option<std::string> arch{
      *this, "arch",
      llvm::cl::desc("Preset name or arch JSON file "
                     "(empty: keep the module's cim.arch)"),
      llvm::cl::init("")};
  Option<std::string> modes{*this, "modes",
                            llvm::cl::desc("Precision modes, e.g. w8a8,w4a4"),
                            llvm::cl::init("w8a8,w4a4")};
  Option<std::string> widths{
      *this, "widths",
      llvm::cl::desc("Channel widths in percent, e.g. 100,50 (empty: none): "
                     "orders channels by importance before mapping and adds "
                     "one width mode per width below 100 of the first mode"),
      llvm::cl::init("")};
  Option<std::string> calibration{
      *this, "calibration",
      llvm::cl::desc("Directory of .npy calibration inputs"),
      llvm::cl::init("")};
  Option<unsigned> weightBits{*this, "weight-bits",
                              llvm::cl::desc("Weight bits"), llvm::cl::init(8)};
  Option<unsigned> inputBits{*this, "input-bits", llvm::cl::desc("Input bits"),
                             llvm::cl::init(8)};
  Option<unsigned> adcBits{*this, "adc-bits",
                           llvm::cl::desc("ADC bits (0: the target's)"),
                           llvm::cl::init(0)};
  Option<bool> adcTrim{
      *this, "adc-trim",
      llvm::cl::desc("Add '<mode>-adc' modes with per-tile ADC settings "
                     "calibrated through the simulator (cim-adc-trim)"),
      llvm::cl::init(false)};
  Option<double> adcCoverage{
      *this, "adc-coverage",
      llvm::cl::desc("Share of the calibrated column sums a trimmed tile's "
                     "range holds (cim-adc-trim coverage)"),
      llvm::cl::init(1.0)};
  Option<double> adcLsbBudget{
      *this, "adc-lsb-budget",
      llvm::cl::desc("dB of calibration SNR cim-adc-trim may spend on "
                     "dropping least significant SAR trials (0: none)"),
      llvm::cl::init(0.0)};
  Option<std::string> hybrid{
      *this, "hybrid",
      llvm::cl::desc("Digital/analog boundary modes over the first mode "
                     "(cim-hybrid-boundary points), e.g. d3,all,s2:6:0.25"),
      llvm::cl::init("")};
  Option<std::string> assignPrecision{
      *this, "assign-precision",
      llvm::cl::desc("Run cim-assign-precision with this budget "
                     "(snr=<dB> or top1=<fraction>) from the first mode, "
                     "adding mode 'auto' (empty: off)"),
      llvm::cl::init("")};
  Option<std::string> precisionSearch{
      *this, "precision-search",
      llvm::cl::desc("cim-assign-precision search: greedy or pareto"),
      llvm::cl::init("greedy")};
  Option<unsigned> precisionFrontier{
      *this, "precision-frontier",
      llvm::cl::desc("cim-assign-precision: extra modes along the path with "
                     "precision-search=pareto"),
      llvm::cl::init(3)};
  Option<unsigned> precisionSamples{
      *this, "precision-samples",
      llvm::cl::desc("cim-assign-precision: use only the first N "
                     "calibration samples (0: all)"),
      llvm::cl::init(0)};
  Option<bool> lower{*this, "lower",
                     llvm::cl::desc("Lower to cimisa and estimate"),
                     llvm::cl::init(true)};
};

/// Adds the passes of the default flow to `pm`.
void buildCIMPipeline(mlir::OpPassManager &pm,
                      const CIMPipelineOptions &options);

/// Registers `--cim-pipeline`.
void registerCIMPipeline();

} // namespace cim

#endif // CIM_DIALECT_CIM_TRANSFORMS_PASSES_H
