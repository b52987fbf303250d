//===- cim-translate.cpp - Import, compile, emit and disassemble ----------===//

#include "cim/InitAllTranslations.h"

#include "mlir/Support/LogicalResult.h"
#include "mlir/Tools/mlir-translate/MlirTranslateMain.h"

int main(int argc, char **argv) {
  cim::registerAllTranslations();
  return mlir::failed(
             mlir::mlirTranslateMain(argc, argv, "cim translation driver\n"))
             ? 1
             : 0;
}
