//===- CIMISADialect.cpp - The cimisa dialect -----------------------------===//
//
// Dialect registration and the verifier of the cimisa.* module attributes.
//
//===----------------------------------------------------------------------===//

#include "cim/Dialect/CIMISA/IR/CIMISA.h"

using namespace mlir;
using namespace cim::cimisa;

#include "cim/Dialect/CIMISA/IR/CIMISADialect.cpp.inc"
#include "cim/Dialect/CIMISA/IR/CIMISAEnums.cpp.inc"

void CIMISADialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "cim/Dialect/CIMISA/IR/CIMISAOps.cpp.inc"
      >();
}

LogicalResult CIMISADialect::verifyOperationAttribute(Operation *op,
                                                      NamedAttribute attr) {
  StringRef name = attr.getName().getValue();
  if (name == kArchAttrName || name == kModelAttrName ||
      name == kProducerAttrName) {
    if (!isa<ModuleOp>(op))
      return op->emitError() << "'" << name << "' belongs on a module";
    if (!isa<StringAttr>(attr.getValue()))
      return op->emitError() << "'" << name << "' must be a string";
    return success();
  }
  if (name == kBufferElementsAttrName) {
    if (!isa<ModuleOp>(op))
      return op->emitError() << "'" << name << "' belongs on a module";
    auto value = dyn_cast<IntegerAttr>(attr.getValue());
    if (!value || !value.getType().isSignlessInteger(64) ||
        value.getValue().isNegative())
      return op->emitError() << "'" << name
                             << "' must be a non-negative i64 element count";
    return success();
  }
  return op->emitError() << "unknown cimisa attribute '" << name << "'";
}
