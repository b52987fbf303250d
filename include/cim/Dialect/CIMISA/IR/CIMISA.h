//===- CIMISA.h - The cimisa dialect ----------------------------*- C++ -*-===//
//
// Declarations of the cimisa dialect, its enums and its ops (generated from
// CIMISADialect.td and CIMISAOps.td).
//
//===----------------------------------------------------------------------===//

#ifndef CIM_DIALECT_CIMISA_IR_CIMISA_H
#define CIM_DIALECT_CIMISA_IR_CIMISA_H

#include "cim/Program/Program.h"

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "cim/Dialect/CIMISA/IR/CIMISADialect.h.inc"
#include "cim/Dialect/CIMISA/IR/CIMISAEnums.h.inc"

#define GET_OP_CLASSES
#include "cim/Dialect/CIMISA/IR/CIMISAOps.h.inc"

#endif // CIM_DIALECT_CIMISA_IR_CIMISA_H
