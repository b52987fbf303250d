//===- cim-translate.cpp - Import, compile, emit and disassemble ----------===//
//
// mlir-translate's driver runs every translation except --import-onnx, which
// runs here from the file's path: the driver reads its input into memory and
// copies a buffer that does not end in NUL (every .onnx) before a translation
// starts, two copies of the weights on top of the importer's own;
// importONNXFile maps the file and parses it in place (docs/performance.md).
//
//===----------------------------------------------------------------------===//

#include "cim/InitAllTranslations.h"
#include "cim/Target/ONNX/ImportONNX.h"
#include "cim/Tools/CommandLine.h"

#include "mlir/Bytecode/BytecodeWriter.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Support/LogicalResult.h"
#include "mlir/Tools/mlir-translate/MlirTranslateMain.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"

using namespace mlir;

static bool requestsImportONNX(int argc, char **argv) {
  for (int i = 1; i < argc; ++i) {
    llvm::StringRef arg(argv[i]);
    if (arg == "--")
      break;
    if (arg == "--import-onnx" || arg == "-import-onnx")
      return true;
  }
  return false;
}

/// `cim-translate --import-onnx FILE [-o OUT] [--emit-bytecode]`, with the
/// options `--input-shape` and MLIR's printing flags, as the driver has them.
static int importONNXMain(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);
  static llvm::cl::opt<std::string> inputFilename(
      llvm::cl::Positional, llvm::cl::desc("<input file>"),
      llvm::cl::init("-"));
  static llvm::cl::opt<std::string> outputFilename(
      "o", llvm::cl::desc("Output filename"),
      llvm::cl::value_desc("filename"), llvm::cl::init("-"));
  static llvm::cl::opt<bool> importONNX(
      "import-onnx",
      llvm::cl::desc("Import an ONNX model as func.func @main on TOSA"));
  static llvm::cl::opt<bool> emitBytecode(
      "emit-bytecode",
      llvm::cl::desc("import-onnx: write MLIR bytecode (weights as raw "
                     "blobs) instead of text"));
  registerAsmPrinterCLOptions();
  registerMLIRContextCLOptions();
  llvm::cl::ParseCommandLineOptions(argc, argv, "cim translation driver\n");

  DialectRegistry registry;
  registry.insert<func::FuncDialect, tosa::TosaDialect>();
  MLIRContext context(registry);
  // Diagnostics as the driver prints them: `file:line:col: error: ...`.
  llvm::SourceMgr sourceMgr;
  SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);

  cim::ImportONNXOptions options;
  std::string error;
  if (!cim::getImportONNXCommandLineOptions(options, error)) {
    emitError(FileLineColLoc::get(&context, inputFilename, 0, 0)) << error;
    return 1;
  }
  OwningOpRef<ModuleOp> module =
      cim::importONNXFile(inputFilename, options, &context);
  if (!module)
    return 1;
  // Opened only now: a failed import leaves no output file behind.
  std::unique_ptr<llvm::ToolOutputFile> output =
      openOutputFile(outputFilename, &error);
  if (!output) {
    llvm::errs() << error << "\n";
    return 1;
  }
  if (emitBytecode) {
    if (failed(writeBytecodeToFile(*module, output->os()))) {
      llvm::errs() << "cannot write bytecode to '" << outputFilename << "'\n";
      return 1;
    }
  } else {
    module->print(output->os());
  }
  output->keep();
  return 0;
}

int main(int argc, char **argv) {
  cim::hideLibraryOptions();
  cim::registerAllTranslations();
  if (requestsImportONNX(argc, argv))
    return importONNXMain(argc, argv);
  return failed(mlirTranslateMain(argc, argv, "cim translation driver\n")) ? 1
                                                                           : 0;
}
