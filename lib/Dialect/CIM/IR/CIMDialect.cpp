//===- CIMDialect.cpp - The cim dialect and its attributes ----------------===//

#include "cim/Dialect/CIM/IR/CIM.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace cim;

#include "cim/Dialect/CIM/IR/CIMDialect.cpp.inc"
#include "cim/Dialect/CIM/IR/CIMEnums.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "cim/Dialect/CIM/IR/CIMAttrs.cpp.inc"

void CIMDialect::initialize() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "cim/Dialect/CIM/IR/CIMAttrs.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "cim/Dialect/CIM/IR/CIMOps.cpp.inc"
      >();
}

//===----------------------------------------------------------------------===//
// Attribute verifiers
//===----------------------------------------------------------------------===//

LogicalResult QuantAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                FloatAttr inputScale, bool inputSigned,
                                unsigned inputBits, unsigned weightBits,
                                DenseF64ArrayAttr weightScales) {
  // Bit-serial inputs and bit-sliced weights are shifted into a 64-bit
  // accumulator; wider operands would overflow it.
  if (inputBits < 1 || inputBits > 16)
    return emitError() << "input_bits must be in [1, 16], got " << inputBits;
  if (weightBits < 2 || weightBits > 16)
    return emitError() << "weight_bits must be in [2, 16], got " << weightBits;
  if (!(inputScale.getValueAsDouble() > 0))
    return emitError() << "input_scale must be positive";
  for (double s : weightScales.asArrayRef())
    if (!(s > 0))
      return emitError() << "weight_scales must be positive, got " << s;
  return success();
}

LogicalResult AdcAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                              unsigned bits, uint64_t range) {
  if (bits < 1 || bits > 16)
    return emitError() << "ADC bits must be in [1, 16], got " << bits;
  if (range < 1)
    return emitError() << "ADC range must be at least 1";
  return success();
}

LogicalResult
PrecisionAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                      unsigned weightBits, unsigned inputBits) {
  if (weightBits < 1 || weightBits > 16)
    return emitError() << "weight_bits must be in [1, 16], got " << weightBits;
  if (inputBits < 1 || inputBits > 16)
    return emitError() << "input_bits must be in [1, 16], got " << inputBits;
  return success();
}
