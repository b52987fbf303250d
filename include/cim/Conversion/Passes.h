//===- Passes.h - cim conversion passes -------------------------*- C++ -*-===//

#ifndef CIM_CONVERSION_PASSES_H
#define CIM_CONVERSION_PASSES_H

#include "cim/Dialect/CIM/IR/CIM.h"
#include "cim/Dialect/CIMISA/IR/CIMISA.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/Pass.h"

namespace cim {
#define GEN_PASS_DECL
#include "cim/Conversion/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "cim/Conversion/Passes.h.inc"
} // namespace cim

#endif // CIM_CONVERSION_PASSES_H
