//===- InitAllDialects.h - Dialects the cim tools register ------*- C++ -*-===//

#ifndef CIM_INITALLDIALECTS_H
#define CIM_INITALLDIALECTS_H

#include "cim/Dialect/CIM/IR/CIM.h"
#include "cim/Dialect/CIMISA/IR/CIMISA.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/DialectRegistry.h"

namespace cim {
inline void registerAllDialects(mlir::DialectRegistry &registry) {
  registry.insert<cim::CIMDialect, cimisa::CIMISADialect,
                  mlir::func::FuncDialect, mlir::tosa::TosaDialect>();
}
} // namespace cim

#endif // CIM_INITALLDIALECTS_H
