//===- cim-opt.cpp - Run cim passes on MLIR files -------------------------===//

#include "cim/InitAllDialects.h"
#include "cim/InitAllPasses.h"
#include "cim/Tools/CommandLine.h"

#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "mlir/Transforms/Passes.h"

int main(int argc, char **argv) {
  cim::hideLibraryOptions();
  mlir::DialectRegistry registry;
  cim::registerAllDialects(registry);
  cim::registerAllPasses();
  mlir::registerCanonicalizerPass();
  mlir::registerCSEPass();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "cim optimizer driver\n", registry));
}
