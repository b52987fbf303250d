//===- TranslateRegistration.cpp - emit-cimbin / import-cimbin ------------===//
//
// The two mlir-translate entry points of the .cimb format. The importer
// prints locations so that instruction symbols (ONNX node names) survive the
// text form and a binary round-trips exactly.
//
//===----------------------------------------------------------------------===//

#include "cim/Dialect/CIMISA/IR/CIMISA.h"
#include "cim/Target/CIMB/CIMB.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/OperationSupport.h"
#include "mlir/Tools/mlir-translate/Translation.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/WithColor.h"

using namespace mlir;

void cim::registerCIMBTranslations() {
  static TranslateFromMLIRRegistration emit(
      "emit-cimbin", "translate a cimisa module to a .cimb binary",
      [](ModuleOp module, llvm::raw_ostream &os) -> LogicalResult {
        FailureOr<program::Program> program = isaToProgram(module);
        if (failed(program))
          return failure();
        os << writeBinary(*program);
        return success();
      },
      [](DialectRegistry &registry) {
        registry.insert<cimisa::CIMISADialect>();
      });

  static TranslateRegistration import(
      "import-cimbin", "translate a .cimb binary to a cimisa module",
      [](const std::shared_ptr<llvm::SourceMgr> &sourceMgr,
         llvm::raw_ostream &os, MLIRContext *context) -> LogicalResult {
        const llvm::MemoryBuffer *buffer =
            sourceMgr->getMemoryBuffer(sourceMgr->getMainFileID());
        llvm::Expected<program::Program> program =
            readBinary(buffer->getBuffer(), buffer->getBufferIdentifier());
        if (!program) {
          // One line, "error: <file>: <what>", as for any other bad input
          // file; the message already names the file and the byte offsets.
          llvm::WithColor::error(llvm::errs())
              << llvm::toString(program.takeError()) << "\n";
          return failure();
        }
        OwningOpRef<ModuleOp> module = programToISA(*program, context);
        if (!module)
          return failure();
        module->print(os, OpPrintingFlags().enableDebugInfo(
                              /*enable=*/true, /*prettyForm=*/false));
        os << "\n";
        return success();
      });
}
