//===- CIMDialect.cpp - The cim dialect and its attributes ----------------===//

#include "cim/Dialect/CIM/IR/CIM.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"

#include <cstdlib>

using namespace mlir;
using namespace cim;

#include "cim/Dialect/CIM/IR/CIMDialect.cpp.inc"
#include "cim/Dialect/CIM/IR/CIMEnums.cpp.inc"

//===----------------------------------------------------------------------===//
// Exact arrays of doubles
//===----------------------------------------------------------------------===//

/// Scales decide every integer the hardware computes, so they must survive
/// printing bit for bit: each value is printed with the fewest digits that
/// read back to the same double.
static void printExactF64Array(AsmPrinter &printer, DenseF64ArrayAttr array) {
  printer << '[';
  llvm::interleaveComma(array.asArrayRef(), printer, [&](double value) {
    std::string text;
    for (int digits = 15; digits <= 17; ++digits) {
      text = llvm::formatv("{0}", llvm::format("%.*g", digits, value)).str();
      if (std::strtod(text.c_str(), nullptr) == value)
        break;
    }
    // Keep a decimal point or exponent so the value reads back as a float.
    if (text.find_first_of(".eEn") == std::string::npos)
      text += ".0";
    printer << text;
  });
  printer << ']';
}

static ParseResult parseExactF64Array(AsmParser &parser,
                                      DenseF64ArrayAttr &array) {
  SmallVector<double> values;
  if (parser.parseCommaSeparatedList(AsmParser::Delimiter::Square, [&] {
        double value;
        if (parser.parseFloat(value))
          return failure();
        values.push_back(value);
        return success();
      }))
    return failure();
  array = DenseF64ArrayAttr::get(parser.getContext(), values);
  return success();
}

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
                              unsigned bits, uint64_t range, unsigned fineBits,
                              unsigned finePpm) {
  if (fineBits != 0 && fineBits >= bits)
    return emitError() << "fine_bits (" << fineBits
                       << ") must be below bits (" << bits << ")";
  if (finePpm > 1000000)
    return emitError() << "fine_ppm is parts per million, at most 1000000";
  if (bits < 1 || bits > 16)
    return emitError() << "ADC bits must be in [1, 16], got " << bits;
  if (range < 1)
    return emitError() << "ADC range must be at least 1";
  return success();
}

LogicalResult PrecisionAttr::verify(
    function_ref<InFlightDiagnostic()> emitError, unsigned weightBits,
    unsigned inputBits, unsigned channels, unsigned inputChannels,
    unsigned inputPeriod, unsigned digitalPlanes, unsigned salientPlanes,
    uint64_t saliencyThreshold, bool skipZeroPlanes, unsigned nonzeroPlanesPpm,
    unsigned salientPpm, ArrayAttr tileAdc) {
  if (weightBits < 1 || weightBits > 16)
    return emitError() << "weight_bits must be in [1, 16], got " << weightBits;
  if (inputBits < 1 || inputBits > 16)
    return emitError() << "input_bits must be in [1, 16], got " << inputBits;
  if ((inputChannels == 0) != (inputPeriod == 0) ||
      inputChannels > inputPeriod)
    return emitError() << "input_channels (" << inputChannels
                       << ") and input_period (" << inputPeriod
                       << ") go together, with input_channels <= input_period";
  if ((saliencyThreshold == 0) != (salientPlanes == 0))
    return emitError() << "saliency_threshold and salient_planes go together";
  if (nonzeroPlanesPpm > 1000000 || salientPpm > 1000000)
    return emitError() << "nonzero_planes_ppm and salient_ppm are parts per "
                          "million, at most 1000000";
  if (tileAdc)
    for (Attribute a : tileAdc)
      if (!isa<AdcAttr>(a))
        return emitError() << "tile_adc holds " << a
                           << "; expected one #cim.adc per tile";
  return success();
}

PrecisionAttr PrecisionAttr::getBits(MLIRContext *context, unsigned weightBits,
                                     unsigned inputBits) {
  return fromModeLayer(context, program::ModeLayer{weightBits, inputBits});
}

program::ModeLayer PrecisionAttr::toModeLayer() const {
  program::ModeLayer m;
  m.weightBits = getWeightBits();
  m.inputBits = getInputBits();
  m.activeChannels = getChannels();
  m.activeInputs = getInputChannels();
  m.inputPeriod = getInputPeriod();
  m.digitalPlanes = getDigitalPlanes();
  m.salientPlanes = getSalientPlanes();
  m.saliencyThreshold = getSaliencyThreshold();
  m.skipZeroPlanes = getSkipZeroPlanes();
  m.nonzeroPlanesPpm = getNonzeroPlanesPpm();
  m.salientPpm = getSalientPpm();
  if (ArrayAttr tiles = getTileAdc())
    for (Attribute a : tiles) {
      auto adc = cast<AdcAttr>(a);
      m.tileAdc.push_back({adc.getBits(), adc.getRange(), adc.getFineBits(),
                           adc.getFinePpm()});
    }
  return m;
}

PrecisionAttr PrecisionAttr::fromModeLayer(MLIRContext *context,
                                           const program::ModeLayer &m) {
  ArrayAttr tiles;
  if (!m.tileAdc.empty()) {
    SmallVector<Attribute> adcs;
    for (const program::AdcSetting &a : m.tileAdc)
      adcs.push_back(
          AdcAttr::get(context, a.bits, a.range, a.fineBits, a.finePpm));
    tiles = ArrayAttr::get(context, adcs);
  }
  return PrecisionAttr::get(context, m.weightBits, m.inputBits,
                            m.activeChannels, m.activeInputs, m.inputPeriod,
                            m.digitalPlanes, m.salientPlanes,
                            m.saliencyThreshold, m.skipZeroPlanes,
                            m.nonzeroPlanesPpm, m.salientPpm, tiles);
}
