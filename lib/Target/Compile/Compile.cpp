//===- Compile.cpp - The `compile` translation: ONNX to .cimb -------------===//

#include "cim/Target/Compile.h"
#include "cim/Dialect/CIM/Transforms/Passes.h"
#include "cim/Estimator/Estimator.h"
#include "cim/Estimator/Peak.h"
#include "cim/Estimator/Report.h"
#include "cim/InitAllDialects.h"
#include "cim/InitAllTranslations.h"
#include "cim/Program/Semantics.h"
#include "cim/Target/CIMB/CIMB.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Tools/mlir-translate/Translation.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"

#include <optional>

using namespace mlir;
using namespace cim;

FailureOr<program::Program> cim::compileONNX(StringRef bytes,
                                             StringRef fileName,
                                             const CompileOptions &options,
                                             MLIRContext *context) {
  OwningOpRef<ModuleOp> module =
      importONNXBytes(bytes, fileName, options.import, context);
  if (!module)
    return failure();
  PassManager pm(context);
  CIMPipelineOptions pipeline;
  pipeline.arch = options.arch;
  pipeline.modes = options.modes;
  pipeline.widths = options.widths;
  pipeline.calibration = options.calibration;
  pipeline.adcBits = options.adcBits;
  pipeline.adcTrim = options.adcTrim;
  pipeline.adcCoverage = options.adcCoverage;
  pipeline.adcLsbBudget = options.adcLsbBudget;
  pipeline.hybrid = options.hybrid;
  pipeline.assignPrecision = options.assignPrecision;
  pipeline.precisionSearch = options.precisionSearch;
  pipeline.precisionFrontier = options.precisionFrontier;
  pipeline.precisionSamples = options.precisionSamples;
  buildCIMPipeline(pm, pipeline);
  if (failed(pm.run(*module)))
    return failure();
  return isaToProgram(*module);
}

namespace {
/// The arch's peak at the precision of the program's first mode (its widest
/// layer), to set the model's figures against; none for a program without
/// crossbar layers.
std::optional<estimator::PeakEfficiency>
peakOf(const program::Program &program) {
  if (program.modes.empty() || program.layers.empty())
    return std::nullopt;
  unsigned weightBits = 0, inputBits = 0;
  for (size_t l = 0; l < program.layers.size(); ++l) {
    program::ModeLayer mode = program::modeLayerOf(program, 0, l);
    weightBits = std::max(weightBits, unsigned(mode.weightBits));
    inputBits = std::max(inputBits, unsigned(mode.inputBits));
  }
  llvm::Expected<estimator::PeakEfficiency> peak =
      estimator::estimatePeak(program.arch, weightBits, inputBits);
  if (!peak) {
    llvm::consumeError(peak.takeError());
    return std::nullopt;
  }
  return *peak;
}

struct CompileCommandLine {
  llvm::cl::opt<std::string> arch{
      "arch",
      llvm::cl::desc("compile: target preset (isaac, puma, osa-hcim, sot-mram) "
                     "or arch JSON file"),
      llvm::cl::init("isaac")};
  llvm::cl::opt<std::string> modes{
      "modes",
      llvm::cl::desc("compile: precision modes, first is the default "
                     "(e.g. w8a8,w4a4)"),
      llvm::cl::init("w8a8,w4a4")};
  llvm::cl::opt<std::string> widths{
      "widths",
      llvm::cl::desc("compile: channel-width sub-networks in percent (e.g. "
                     "100,50): channels ordered by importance, one mode "
                     "<first mode>-c<w> per width below 100")};
  llvm::cl::opt<std::string> calibration{
      "calibration",
      llvm::cl::desc("compile: directory of .npy calibration inputs, one per "
                     "model input, named after it, each holding one sample "
                     "or N (every file the same N)")};
  llvm::cl::opt<unsigned> adcBits{
      "adc-bits", llvm::cl::desc("compile: ADC bits (default: the target's)"),
      llvm::cl::init(0)};
  llvm::cl::opt<bool> adcTrim{
      "adc-trim",
      llvm::cl::desc("compile: add a '<mode>-adc' mode per precision mode with "
                     "per-tile ADC settings calibrated through the simulator")};
  llvm::cl::opt<double> adcCoverage{
      "adc-coverage",
      llvm::cl::desc("compile: share of the calibrated column sums a trimmed "
                     "tile's range holds (default 1: the largest)"),
      llvm::cl::init(1.0)};
  llvm::cl::opt<double> adcLsbBudget{
      "adc-lsb-budget",
      llvm::cl::desc("compile: dB of calibration SNR the trimmed modes may "
                     "spend on dropping least significant SAR trials "
                     "(default 0: none)"),
      llvm::cl::init(0.0)};
  llvm::cl::opt<std::string> hybrid{
      "hybrid",
      llvm::cl::desc("compile: digital/analog boundary modes over the first "
                     "mode, e.g. d3,all,s2:6:0.25 (targets with digital CIM)")};
  llvm::cl::opt<std::string> assignPrecision{
      "assign-precision",
      llvm::cl::desc("compile: add a mode 'auto' with per-layer bits chosen "
                     "from the first mode against this fidelity budget on "
                     "the calibration inputs: snr=<dB> or top1=<fraction>"),
      llvm::cl::value_desc("BUDGET")};
  llvm::cl::opt<std::string> precisionSearch{
      "precision-search",
      llvm::cl::desc("compile: search of --assign-precision: greedy, or "
                     "pareto (also modes auto-1..N along the way)"),
      llvm::cl::init("greedy")};
  llvm::cl::opt<unsigned> precisionFrontier{
      "precision-frontier",
      llvm::cl::desc("compile: at most this many modes auto-1..N with "
                     "--precision-search=pareto"),
      llvm::cl::init(3)};
  llvm::cl::opt<unsigned> precisionSamples{
      "precision-samples",
      llvm::cl::desc("compile: --assign-precision uses only the first N "
                     "calibration samples (default 0: all)"),
      llvm::cl::init(0)};
  llvm::cl::opt<std::string> report{
      "report",
      llvm::cl::desc("compile: print the estimate on stderr as 'table' "
                     "(default), 'json' or 'none'"),
      llvm::cl::init("table")};
  llvm::cl::opt<std::string> reportFile{
      "report-file",
      llvm::cl::desc("compile: also write the JSON estimate to this file")};
};
} // namespace

void cim::registerCompileTranslation() {
  static CompileCommandLine commandLine;
  static TranslateRegistration registration(
      "compile",
      "ONNX model -> .cimb binary through the default flow (prints the "
      "estimate)",
      [](const std::shared_ptr<llvm::SourceMgr> &sourceMgr,
         llvm::raw_ostream &output, MLIRContext *context) -> LogicalResult {
        DialectRegistry registry;
        registerAllDialects(registry);
        context->appendDialectRegistry(registry);
        context->loadAllAvailableDialects();
        // Users of --compile read diagnostics, not IR dumps.
        context->printOpOnDiagnostic(false);

        const llvm::MemoryBuffer *buffer =
            sourceMgr->getMemoryBuffer(sourceMgr->getMainFileID());
        StringRef fileName = buffer->getBufferIdentifier();
        if (commandLine.report != "table" && commandLine.report != "json" &&
            commandLine.report != "none")
          return emitError(UnknownLoc::get(context))
                 << "--report must be table, json or none, got '"
                 << commandLine.report << "'";

        CompileOptions options;
        options.arch = commandLine.arch;
        options.modes = commandLine.modes;
        options.widths = commandLine.widths;
        options.calibration = commandLine.calibration;
        options.adcBits = commandLine.adcBits;
        options.adcTrim = commandLine.adcTrim;
        options.adcCoverage = commandLine.adcCoverage;
        options.adcLsbBudget = commandLine.adcLsbBudget;
        options.hybrid = commandLine.hybrid;
        options.assignPrecision = commandLine.assignPrecision;
        options.precisionSearch = commandLine.precisionSearch;
        options.precisionFrontier = commandLine.precisionFrontier;
        options.precisionSamples = commandLine.precisionSamples;
        std::string error;
        if (!getImportONNXCommandLineOptions(options.import, error))
          return emitError(FileLineColLoc::get(context, fileName, 0, 0))
                 << error;
        // The translation driver hands us a context with threading off;
        // the calibration runs of cim-assign-precision use its threads
        // (their result does not depend on the number). An explicit
        // --mlir-disable-threading still wins.
        bool threaded = context->isMultithreadingEnabled();
        context->enableMultithreading(true);
        FailureOr<program::Program> program =
            compileONNX(buffer->getBuffer(), fileName, options, context);
        context->enableMultithreading(threaded);
        if (failed(program))
          return failure();
        program->modelName = llvm::sys::path::filename(fileName).str();

        estimator::Report estimate = estimator::estimate(*program);
        std::optional<estimator::PeakEfficiency> peak = peakOf(*program);
        llvm::json::Value estimateJSON = estimator::toJSON(estimate);
        if (peak)
          estimateJSON.getAsObject()->try_emplace("peak",
                                                  estimator::toJSON(*peak));
        if (!commandLine.reportFile.empty()) {
          std::string error;
          auto file = openOutputFile(commandLine.reportFile, &error);
          if (!file)
            return emitError(UnknownLoc::get(context))
                   << "cannot write the report: " << error;
          file->os() << llvm::formatv("{0:2}", estimateJSON) << "\n";
          file->keep();
        }
        output << writeBinary(*program);
        if (commandLine.report == "table") {
          estimator::printReport(llvm::errs(), estimate);
          if (peak) {
            llvm::errs() << "\n";
            estimator::printPeak(llvm::errs(), program->arch, *peak);
          }
        } else if (commandLine.report == "json") {
          llvm::errs() << llvm::formatv("{0:2}", estimateJSON) << "\n";
        }
        return success();
      });
}
