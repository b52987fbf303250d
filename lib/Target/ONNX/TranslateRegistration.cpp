//===- TranslateRegistration.cpp - The import-onnx translation ------------===//
//
// Hooks the ONNX importer into mlir-translate-style tools as `--import-onnx`,
// with the repeatable `--input-shape=NAME:DIMS` option and
// `--outputs=NAME,...`.
//
//===----------------------------------------------------------------------===//

#include "cim/Target/ONNX/ImportONNX.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Location.h"
#include "mlir/Tools/mlir-translate/Translation.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"

using namespace mlir;

/// `--input-shape`, shared by `--import-onnx` and `--compile`. A
/// function-local static: the option exists only in tools that register an
/// ONNX translation, and asking twice is harmless.
static llvm::cl::list<std::string> &inputShapeOption() {
  static llvm::cl::list<std::string> inputShapes(
      "input-shape",
      llvm::cl::desc("import-onnx, compile: static shape of a graph input, "
                     "NAME:DIMS such as input:1x3x32x32 (repeatable)"),
      llvm::cl::value_desc("NAME:DIMS"));
  return inputShapes;
}

/// `--outputs`, shared the same way.
static llvm::cl::list<std::string> &outputsOption() {
  static llvm::cl::list<std::string> outputs(
      "outputs",
      llvm::cl::desc("import-onnx, compile: make these tensors (node outputs "
                     "or graph inputs, comma-separated; names may contain ':' "
                     "and '.') the graph outputs and drop the nodes none of "
                     "them needs"),
      llvm::cl::value_desc("NAME,..."), llvm::cl::CommaSeparated);
  return outputs;
}

bool cim::getImportONNXCommandLineOptions(ImportONNXOptions &options,
                                          std::string &error) {
  for (const std::string &text : inputShapeOption())
    if (!parseInputShapeOption(text, options, error))
      return false;
  for (const std::string &name : outputsOption()) {
    if (name.empty()) {
      error = "--outputs has an empty name (expected NAME,NAME,...)";
      return false;
    }
    options.outputs.push_back(name);
  }
  return true;
}

void cim::registerImportONNXTranslation() {
  inputShapeOption();
  outputsOption();
  static TranslateToMLIRRegistration registration(
      "import-onnx", "Import an ONNX model as func.func @main on TOSA",
      [](llvm::SourceMgr &sourceMgr, MLIRContext *ctx) -> OwningOpRef<Operation *> {
        const llvm::MemoryBuffer *buffer =
            sourceMgr.getMemoryBuffer(sourceMgr.getMainFileID());
        llvm::StringRef fileName = buffer->getBufferIdentifier();
        ImportONNXOptions options;
        std::string error;
        if (!getImportONNXCommandLineOptions(options, error)) {
          emitError(FileLineColLoc::get(ctx, fileName, 0, 0)) << error;
          return nullptr;
        }
        return importONNXBytes(buffer->getBuffer(), fileName, options, ctx);
      },
      [](DialectRegistry &registry) {
        registry.insert<func::FuncDialect, tosa::TosaDialect>();
      });
}
