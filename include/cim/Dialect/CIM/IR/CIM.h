//===- CIM.h - The cim dialect ----------------------------------*- C++ -*-===//

#ifndef CIM_DIALECT_CIM_IR_CIM_H
#define CIM_DIALECT_CIM_IR_CIM_H

#include "cim/Program/Program.h"

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "cim/Dialect/CIM/IR/CIMDialect.h.inc"
#include "cim/Dialect/CIM/IR/CIMEnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "cim/Dialect/CIM/IR/CIMAttrs.h.inc"

#define GET_OP_CLASSES
#include "cim/Dialect/CIM/IR/CIMOps.h.inc"

namespace cim {
/// Name of the module attribute that holds the target.
inline constexpr llvm::StringLiteral kArchAttrName = "cim.arch";
} // namespace cim

#endif // CIM_DIALECT_CIM_IR_CIM_H
