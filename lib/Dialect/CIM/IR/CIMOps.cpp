//===- CIMOps.cpp - cim operation verifiers and helpers -------------------===//

#include "cim/Dialect/CIM/IR/CIM.h"
#include "cim/Dialect/CIM/IR/CIMArch.h"
#include "cim/Program/Semantics.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpImplementation.h"
#include "llvm/ADT/StringSet.h"

using namespace mlir;
using namespace cim;

#define GET_OP_CLASSES
#include "cim/Dialect/CIM/IR/CIMOps.cpp.inc"

//===----------------------------------------------------------------------===//
// Shared layer checks
//===----------------------------------------------------------------------===//

static LogicalResult verifyQuant(Operation *op, std::optional<QuantAttr> quant,
                                 int64_t outChannels) {
  if (!quant)
    return success();
  int64_t scales = quant->getWeightScales().size();
  if (scales != outChannels)
    return op->emitOpError() << "has " << scales << " weight scales for "
                             << outChannels << " output channels";
  return success();
}

/// The region of a layer holds only its mapping: tiles and at most one ADC
/// setting.
static LogicalResult verifyTileRegion(Operation *op, Region &region) {
  if (region.empty())
    return success();
  unsigned adcConfigs = 0;
  for (Operation &nested : region.front()) {
    if (isa<AdcConfigOp>(nested)) {
      ++adcConfigs;
      continue;
    }
    if (!isa<CrossbarTileOp>(nested))
      return nested.emitOpError()
             << "is not allowed in the tile region of '" << op->getName()
             << "'; expected cim.crossbar_tile or cim.adc_config";
  }
  if (adcConfigs > 1)
    return op->emitOpError() << "has " << adcConfigs
                             << " cim.adc_config ops; expected at most one";
  return success();
}

static int64_t convOutputSize(int64_t in, int64_t k, int64_t stride,
                              int64_t padBefore, int64_t padAfter,
                              int64_t dilation) {
  int64_t effective = (k - 1) * dilation + 1;
  return (in + padBefore + padAfter - effective) / stride + 1;
}

//===----------------------------------------------------------------------===//
// Conv2DOp
//===----------------------------------------------------------------------===//

Block &Conv2DOp::getOrCreateTileBlock() {
  if (getTiles().empty())
    getTiles().emplaceBlock();
  return getTiles().front();
}

LogicalResult Conv2DOp::verify() {
  if (getStride().size() != 2 || getDilation().size() != 2 ||
      getPad().size() != 4)
    return emitOpError(
        "expects stride and dilation of 2 values and pad of 4 values");
  for (int64_t v : getStride())
    if (v < 1)
      return emitOpError("expects strides >= 1");
  for (int64_t v : getDilation())
    if (v < 1)
      return emitOpError("expects dilations >= 1");
  for (int64_t v : getPad())
    if (v < 0)
      return emitOpError("expects non-negative padding");
  auto in = getInput().getType();
  auto w = getWeight().getType();
  auto b = getBias().getType();
  auto out = getOutput().getType();
  if (!in.hasStaticShape() || !w.hasStaticShape() || !out.hasStaticShape())
    return emitOpError("expects static shapes (crossbar layers are mapped "
                       "at compile time)");
  if (w.getDimSize(3) != in.getDimSize(3))
    return emitOpError() << "weight input channels (" << w.getDimSize(3)
                         << ") do not match the input channels ("
                         << in.getDimSize(3) << ")";
  if (b.getDimSize(0) != w.getDimSize(0))
    return emitOpError() << "bias has " << b.getDimSize(0) << " elements for "
                         << w.getDimSize(0) << " output channels";
  auto pad = getPad();
  int64_t oh = convOutputSize(in.getDimSize(1), w.getDimSize(1), getStride()[0],
                              pad[0], pad[1], getDilation()[0]);
  int64_t ow = convOutputSize(in.getDimSize(2), w.getDimSize(2), getStride()[1],
                              pad[2], pad[3], getDilation()[1]);
  SmallVector<int64_t> expected = {in.getDimSize(0), oh, ow, w.getDimSize(0)};
  if (out.getShape() != ArrayRef<int64_t>(expected))
    return emitOpError() << "result shape does not match the convolution: "
                            "expected "
                         << expected[0] << "x" << expected[1] << "x"
                         << expected[2] << "x" << expected[3];
  return verifyQuant(*this, getQuant(), w.getDimSize(0));
}

LogicalResult Conv2DOp::verifyRegions() {
  return verifyTileRegion(*this, getTiles());
}

//===----------------------------------------------------------------------===//
// MatMulOp
//===----------------------------------------------------------------------===//

Block &MatMulOp::getOrCreateTileBlock() {
  if (getTiles().empty())
    getTiles().emplaceBlock();
  return getTiles().front();
}

LogicalResult MatMulOp::verify() {
  auto in = getInput().getType();
  auto w = getWeight().getType();
  auto b = getBias().getType();
  auto out = getOutput().getType();
  if (!in.hasStaticShape() || !w.hasStaticShape() || !out.hasStaticShape())
    return emitOpError("expects static shapes (crossbar layers are mapped "
                       "at compile time)");
  if (in.getDimSize(2) != w.getDimSize(0))
    return emitOpError() << "input has " << in.getDimSize(2)
                         << " columns but the weight has " << w.getDimSize(0)
                         << " rows";
  if (b.getDimSize(0) != w.getDimSize(1))
    return emitOpError() << "bias has " << b.getDimSize(0) << " elements for "
                         << w.getDimSize(1) << " output channels";
  SmallVector<int64_t> expected = {in.getDimSize(0), in.getDimSize(1),
                                   w.getDimSize(1)};
  if (out.getShape() != ArrayRef<int64_t>(expected))
    return emitOpError() << "result shape does not match the product: "
                            "expected "
                         << expected[0] << "x" << expected[1] << "x"
                         << expected[2];
  return verifyQuant(*this, getQuant(), w.getDimSize(1));
}

LogicalResult MatMulOp::verifyRegions() {
  return verifyTileRegion(*this, getTiles());
}

//===----------------------------------------------------------------------===//
// CrossbarTileOp
//===----------------------------------------------------------------------===//

LogicalResult CrossbarTileOp::verify() {
  auto rows = getRows();
  auto cols = getCols();
  if (rows.size() != 2 || cols.size() != 2)
    return emitOpError("expects rows and cols as [begin, end) pairs");
  if (rows[0] < 0 || rows[1] <= rows[0] || cols[0] < 0 || cols[1] <= cols[0])
    return emitOpError("expects non-empty row and column ranges");
  int64_t numRows = rows[1] - rows[0];
  int64_t numCols = cols[1] - cols[0];
  auto levelsType = dyn_cast<ShapedType>(getLevels().getType());
  if (!levelsType || levelsType.getRank() != 2 ||
      !levelsType.getElementType().isInteger(8) ||
      levelsType.getDimSize(0) != numRows ||
      levelsType.getDimSize(1) != numCols)
    return emitOpError() << "expects levels of type tensor<" << numRows << "x"
                         << numCols << "xi8> for its row and column ranges";
  if (getSlice() < 0 || getDup() < 0 || getCore() < 0 || getArray() < 0 ||
      getArrayRow() < 0 || getArrayCol() < 0)
    return emitOpError("expects non-negative slice, dup, core, array and "
                       "placement");

  ArchAttr arch = findArchAttr(*this);
  if (!arch)
    return emitOpError() << "needs a '" << kArchAttrName
                         << "' attribute on the enclosing module to check "
                            "the array geometry";
  auto archRows = lookupArchInt(arch, "array.rows");
  auto archCols = lookupArchInt(arch, "array.cols");
  auto cellBits = lookupArchInt(arch, "array.cell_bits");
  auto arrays = lookupArchInt(arch, "hierarchy.arrays_per_core");
  auto cores = lookupArchInt(arch, "hierarchy.cores");
  if (!archRows || !archCols || !cellBits || !arrays || !cores)
    return emitOpError("has a target without array.rows, array.cols, "
                       "array.cell_bits, hierarchy.arrays_per_core or "
                       "hierarchy.cores");
  // The array's word lines and bit lines bound the block.
  if (getArrayRow() + numRows > *archRows)
    return emitOpError() << "occupies rows [" << getArrayRow() << ", "
                         << getArrayRow() + numRows << ") but the array has "
                         << *archRows << " rows";
  if (getArrayCol() + numCols > *archCols)
    return emitOpError() << "occupies columns [" << getArrayCol() << ", "
                         << getArrayCol() + numCols << ") but the array has "
                         << *archCols << " columns";
  if (getArray() >= *arrays)
    return emitOpError() << "is placed on array " << getArray()
                         << " but a core has " << *arrays << " arrays";
  if (getCore() >= *cores)
    return emitOpError() << "is placed on core " << getCore()
                         << " but the chip has " << *cores << " cores";
  int64_t maxLevel = (int64_t(1) << *cellBits) - 1;
  for (APInt level : getLevels().getValues<APInt>()) {
    int64_t v = level.getZExtValue();
    if (v > maxLevel)
      return emitOpError() << "holds cell level " << v << " but a " << *cellBits
                           << "-bit cell stores at most " << maxLevel;
  }
  return success();
}

//===----------------------------------------------------------------------===//
// AdcConfigOp
//===----------------------------------------------------------------------===//

LogicalResult AdcConfigOp::verify() {
  ArchAttr arch = findArchAttr(*this);
  if (!arch)
    return success();
  auto bits = lookupArchInt(arch, "adc.bits");
  // The hardware converter can be run at fewer bits (SAR early stop), never
  // at more than it was built with.
  if (bits && getAdc().getBits() > *bits)
    return emitOpError() << "asks for " << getAdc().getBits()
                         << " ADC bits but the target's ADC has " << *bits;
  return success();
}

//===----------------------------------------------------------------------===//
// PrecisionModeOp
//===----------------------------------------------------------------------===//

/// The Program view of a quantized crossbar layer (what the mode rules of
/// cim/Program/Semantics.h need), or nothing before cim-quantize or without
/// the target's cell bits. Verifiers read single keys of the arch (tests use
/// partial descriptions); the defaults are the file format's.
static std::optional<program::Layer> programLayerOf(Operation *op,
                                                    ArchAttr arch) {
  auto quant = op->getAttrOfType<QuantAttr>("quant");
  std::optional<int64_t> cellBits = lookupArchInt(arch, "array.cell_bits");
  if (!quant || !cellBits)
    return std::nullopt;
  program::Layer l;
  auto weight = cast<ShapedType>(op->getOperand(1).getType());
  if (isa<Conv2DOp>(op)) {
    l.outC = weight.getDimSize(0);
    l.kH = weight.getDimSize(1);
    l.kW = weight.getDimSize(2);
    l.inC = weight.getDimSize(3);
  } else {
    l.inC = weight.getDimSize(0);
    l.outC = weight.getDimSize(1);
  }
  l.inputBits = quant.getInputBits();
  l.weightBits = quant.getWeightBits();
  l.cellBits = *cellBits;
  l.dacBits = lookupArchInt(arch, "dac.bits").value_or(1);
  auto polarity = dyn_cast_or_null<StringAttr>(
      lookupArchAttr(arch, "array.polarity"));
  l.polarity = polarity && polarity.getValue() == "differential"
                   ? PolarityScheme::Differential
                   : PolarityScheme::Offset;
  return l;
}

LogicalResult PrecisionModeOp::verify() {
  std::optional<DictionaryAttr> layers = getLayers();
  if (layers)
    for (NamedAttribute entry : *layers)
      if (!isa<PrecisionAttr>(entry.getValue()))
        return emitOpError() << "maps layer '" << entry.getName().getValue()
                             << "' to " << entry.getValue()
                             << "; expected a #cim.precision";

  // Every named layer exists, and every layer can run its entry on the
  // target: the rules of the binary's verifier (program::checkModeLayer).
  llvm::StringSet<> seen;
  ArchAttr arch = findArchAttr(*this);
  bool hasDigitalCim = arch && lookupArchAttr(arch, "digital_cim");
  WalkResult walk = (*this)->getParentOp()->walk([&](Operation *op) {
    if (!isa<Conv2DOp, MatMulOp>(op))
      return WalkResult::advance();
    StringRef name = op->getAttrOfType<StringAttr>("layer").getValue();
    seen.insert(name);
    if (!arch)
      return WalkResult::advance();
    std::optional<program::Layer> layer = programLayerOf(op, arch);
    if (!layer)
      return WalkResult::advance();
    size_t tiles = 0;
    for (Region &region : op->getRegions())
      for (Block &block : region)
        tiles += llvm::range_size(block.getOps<CrossbarTileOp>());
    program::ModeLayer mode = getPrecisionFor(name).toModeLayer();
    if (mode.tileAdc.empty())
      tiles = 0;
    std::string why =
        program::checkModeLayer(*layer, mode, tiles, hasDigitalCim);
    if (why.empty())
      return WalkResult::advance();
    emitOpError() << "cannot run layer '" << name << "': " << why;
    return WalkResult::interrupt();
  });
  if (walk.wasInterrupted())
    return failure();
  if (layers)
    for (NamedAttribute entry : *layers)
      if (!seen.contains(entry.getName().getValue()))
        return emitOpError() << "names layer '" << entry.getName().getValue()
                             << "', which is not a crossbar layer of the "
                                "module";
  return success();
}

PrecisionAttr PrecisionModeOp::getPrecisionFor(StringRef layer) {
  if (auto layers = getLayers())
    if (auto precision = layers->getAs<PrecisionAttr>(layer))
      return precision;
  return getPrecision();
}
