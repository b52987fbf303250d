//===- CIMISAOps.cpp - cimisa op verifiers --------------------------------===//
//
// The rules ODS cannot say: cross-references between records (resolved
// through the module's symbol table), shapes that must agree with a layer,
// and ranges that depend on other fields. The full-program rules that need
// the arch (tiles inside arrays, levels below 2^cellBits) are checked by
// program::verifyProgram when the module is emitted as a binary.
//
//===----------------------------------------------------------------------===//

#include "cim/Dialect/CIMISA/IR/CIMISA.h"
#include "cim/Program/Semantics.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallSet.h"

#include <cmath>

using namespace mlir;
using namespace cim::cimisa;
namespace program = cim::program;

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

namespace {

/// Resolves `ref` (the value of attribute `attrName` of `op`) to a record of
/// kind T, with an error naming the attribute if it does not resolve.
template <typename T>
FailureOr<T> lookupRecord(Operation *op, SymbolTableCollection &symbols,
                          StringRef attrName, FlatSymbolRefAttr ref) {
  Operation *target = symbols.lookupNearestSymbolFrom(op, ref.getAttr());
  if (!target)
    return op->emitOpError() << "'" << attrName << "' refers to " << ref
                             << ", which is not defined";
  auto record = dyn_cast<T>(target);
  if (!record)
    return op->emitOpError()
           << "'" << attrName << "' refers to " << ref << ", which is a '"
           << target->getName() << "', not a '" << T::getOperationName()
           << "'";
  return record;
}

int64_t numel(ArrayRef<int64_t> shape) {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

std::string shapeString(ArrayRef<int64_t> shape) {
  std::string s;
  llvm::raw_string_ostream os(s);
  os << "[";
  llvm::interleaveComma(shape, os);
  os << "]";
  return s;
}

/// Checks that every entry of `values` is at least `minimum`.
LogicalResult checkMin(Operation *op, StringRef attrName,
                       ArrayRef<int64_t> values, int64_t minimum) {
  for (int64_t v : values)
    if (v < minimum)
      return op->emitOpError() << "'" << attrName << "' entries must be >= "
                               << minimum << ", got " << shapeString(values);
  return success();
}

LogicalResult checkRange(Operation *op, StringRef attrName, int64_t value,
                         int64_t lo, int64_t hi) {
  if (value < lo || value > hi)
    return op->emitOpError() << "'" << attrName << "' = " << value
                             << " is outside [" << lo << ", " << hi << "]";
  return success();
}

} // namespace

//===----------------------------------------------------------------------===//
// Records
//===----------------------------------------------------------------------===//

LogicalResult TensorOp::verify() {
  ArrayRef<int64_t> shape = getShape();
  if (failed(checkMin(*this, "shape", shape, 0)))
    return failure();
  std::optional<DenseElementsAttr> value = getValue();
  bool isConstant = getRole() == TensorRole::constant;
  if (isConstant && !value)
    return emitOpError("a constant tensor needs a 'value'");
  if (!isConstant && value)
    return emitOpError("only a constant tensor may carry a 'value'");
  if (value && value->getNumElements() != numel(shape))
    return emitOpError() << "'value' has " << value->getNumElements()
                         << " elements but the shape " << shapeString(shape)
                         << " has " << numel(shape);
  return success();
}

int64_t LayerOp::getKRows() {
  return getKernel()[0] * getKernel()[1] * getInput()[3];
}

int64_t LayerOp::getRowBlocks() {
  int64_t rows = static_cast<int64_t>(getRowsPerBlock());
  return rows > 0 ? (getKRows() + rows - 1) / rows : 0;
}

int64_t LayerOp::getStoredBits() {
  int64_t wb = static_cast<int64_t>(getWeightBits());
  return getPolarity() == PolarityScheme::differential ? wb - 1 : wb;
}

int64_t LayerOp::getSlices() {
  int64_t c = static_cast<int64_t>(getCellBits());
  return c > 0 ? (getStoredBits() + c - 1) / c : 0;
}

int64_t LayerOp::getPixels() {
  return getInput()[0] * getOutput()[0] * getOutput()[1];
}

LogicalResult LayerOp::verify() {
  Operation *op = *this;
  if (failed(checkMin(op, "input", getInput(), 1)) ||
      failed(checkMin(op, "output", getOutput(), 1)) ||
      failed(checkMin(op, "kernel", getKernel(), 1)) ||
      failed(checkMin(op, "strides", getStrides(), 1)) ||
      failed(checkMin(op, "dilations", getDilations(), 1)) ||
      failed(checkMin(op, "pads", getPads(), 0)))
    return failure();
  ArrayRef<int64_t> in = getInput(), out = getOutput(), k = getKernel(),
                    s = getStrides(), d = getDilations(), p = getPads();
  if (getKind() == LayerKind::matmul &&
      (k[0] != 1 || k[1] != 1 || in[2] != 1 || out[1] != 1))
    return emitOpError("a matmul layer is a 1x1 convolution over "
                       "[batch, rows, 1, K]: kernel, inW and outW must be 1");
  for (int dim = 0; dim < 2; ++dim) {
    int64_t span = d[dim] * (k[dim] - 1) + 1;
    int64_t padded = in[1 + dim] + p[dim] + p[dim + 2];
    int64_t expected = padded < span ? 0 : (padded - span) / s[dim] + 1;
    if (out[dim] != expected)
      return emitOpError() << "output " << (dim == 0 ? "height" : "width")
                           << " " << out[dim]
                           << " does not match the convolution, which gives "
                           << expected;
  }
  if (failed(checkRange(op, "input_bits", getInputBits(), 1, 16)) ||
      failed(checkRange(op, "weight_bits", getWeightBits(), 2, 16)) ||
      failed(checkRange(op, "cell_bits", getCellBits(), 1, 8)) ||
      failed(checkRange(op, "dac_bits", getDacBits(), 1, getInputBits())) ||
      failed(checkRange(op, "adc_bits", getAdcBits(), 1, 32)))
    return failure();
  if (getRowsPerBlock() < 1)
    return emitOpError("'rows_per_block' must be positive");
  if (getInputSigned() && getInputBits() < 2)
    return emitOpError("a signed input needs at least 2 'input_bits'");
  if (!(getInputScale().convertToDouble() > 0) ||
      !std::isfinite(getInputScale().convertToDouble()))
    return emitOpError("'input_scale' must be finite and positive");
  int64_t outC = out[2];
  if (static_cast<int64_t>(getOutScale().size()) != outC ||
      static_cast<int64_t>(getBias().size()) != outC)
    return emitOpError() << "'out_scale' and 'bias' need one value per output "
                            "channel ("
                         << outC << "), got " << getOutScale().size()
                         << " and " << getBias().size();
  return success();
}

LogicalResult TileOp::verify() {
  if (getRowBegin() >= getRowEnd())
    return emitOpError() << "row range [" << getRowBegin() << ", "
                         << getRowEnd() << ") is empty";
  if (getColBegin() >= getColEnd())
    return emitOpError() << "column range [" << getColBegin() << ", "
                         << getColEnd() << ") is empty";
  return success();
}

LogicalResult TileOp::verifySymbolUses(SymbolTableCollection &symbols) {
  FailureOr<LayerOp> layer =
      lookupRecord<LayerOp>(*this, symbols, "layer", getLayerAttr());
  if (failed(layer))
    return failure();
  if (static_cast<int64_t>(getRowBlock()) >= layer->getRowBlocks())
    return emitOpError() << "row block " << getRowBlock()
                         << " is out of range: the layer has "
                         << layer->getRowBlocks() << " row blocks";
  int64_t blockBegin = getRowBlock() * layer->getRowsPerBlock();
  int64_t blockEnd = std::min<int64_t>(
      blockBegin + layer->getRowsPerBlock(), layer->getKRows());
  if (static_cast<int64_t>(getRowBegin()) < blockBegin ||
      static_cast<int64_t>(getRowEnd()) > blockEnd)
    return emitOpError() << "rows [" << getRowBegin() << ", " << getRowEnd()
                         << ") lie outside row block " << getRowBlock()
                         << " = [" << blockBegin << ", " << blockEnd << ")";
  if (static_cast<int64_t>(getColEnd()) > layer->getOutput()[2])
    return emitOpError() << "columns end at " << getColEnd()
                         << " beyond the layer's " << layer->getOutput()[2]
                         << " output channels";
  if (static_cast<int64_t>(getSlice()) >= layer->getSlices())
    return emitOpError() << "slice " << getSlice()
                         << " is out of range: the layer has "
                         << layer->getSlices() << " slices";
  bool offsetTile = getPolarity() == TilePolarity::offset;
  bool offsetLayer = layer->getPolarity() == PolarityScheme::offset;
  if (offsetTile != offsetLayer)
    return emitOpError() << "a '" << stringifyTilePolarity(getPolarity())
                         << "' tile cannot belong to a layer of the '"
                         << stringifyPolarityScheme(layer->getPolarity())
                         << "' scheme";
  return success();
}

LogicalResult ArrayOp::verify() {
  auto type = cast<ShapedType>(getLevels().getType());
  if (!type.getElementType().isUnsignedInteger(8))
    return emitOpError() << "'levels' must hold ui8 cell levels, got "
                         << type.getElementType();
  return success();
}

FailureOr<std::vector<program::ModeLayer>>
ModeOp::getModeLayers(size_t numLayers, ArrayRef<uint32_t> layerOfTile) {
  ArrayRef<int64_t> wb = getWeightBits(), ib = getInputBits();
  if (wb.size() != numLayers || ib.size() != numLayers)
    return emitOpError() << "needs one 'weight_bits' and one 'input_bits' "
                            "entry per layer ("
                         << numLayers << "), got " << wb.size() << " and "
                         << ib.size();
  std::vector<program::ModeLayer> layers(numLayers);
  // Copies a per-layer array into a field, checking its size and range.
  auto perLayer = [&](std::optional<ArrayRef<int64_t>> values, StringRef name,
                      int64_t max, auto setter) -> LogicalResult {
    if (!values)
      return success();
    if (values->size() != numLayers)
      return emitOpError() << "needs one '" << name << "' entry per layer ("
                           << numLayers << "), got " << values->size();
    for (auto [i, v] : llvm::enumerate(*values)) {
      if (v < 0 || v > max)
        return emitOpError() << name << "[" << i << "] = " << v
                             << " is outside [0, " << max << "]";
      setter(layers[i], v);
    }
    return success();
  };
  constexpr int64_t u32 = UINT32_MAX;
  if (failed(perLayer(wb, "weight_bits", u32,
                      [](auto &m, int64_t v) { m.weightBits = v; })) ||
      failed(perLayer(ib, "input_bits", u32,
                      [](auto &m, int64_t v) { m.inputBits = v; })) ||
      failed(perLayer(getChannels(), "channels", u32,
                      [](auto &m, int64_t v) { m.activeChannels = v; })) ||
      failed(perLayer(getInputChannels(), "input_channels", u32,
                      [](auto &m, int64_t v) { m.activeInputs = v; })) ||
      failed(perLayer(getInputPeriod(), "input_period", u32,
                      [](auto &m, int64_t v) { m.inputPeriod = v; })) ||
      failed(perLayer(getDigitalPlanes(), "digital_planes", u32,
                      [](auto &m, int64_t v) { m.digitalPlanes = v; })) ||
      failed(perLayer(getSalientPlanes(), "salient_planes", u32,
                      [](auto &m, int64_t v) { m.salientPlanes = v; })) ||
      failed(perLayer(getSaliencyThreshold(), "saliency_threshold", INT64_MAX,
                      [](auto &m, int64_t v) { m.saliencyThreshold = v; })) ||
      failed(perLayer(getSkipZeroPlanes(), "skip_zero_planes", 1,
                      [](auto &m, int64_t v) { m.skipZeroPlanes = v; })) ||
      failed(perLayer(getNonzeroPlanesPpm(), "nonzero_planes_ppm", 1000000,
                      [](auto &m, int64_t v) { m.nonzeroPlanesPpm = v; })) ||
      failed(perLayer(getSalientPpm(), "salient_ppm", 1000000,
                      [](auto &m, int64_t v) { m.salientPpm = v; })))
    return failure();

  std::optional<ArrayRef<int64_t>> bits = getTileAdcBits(),
                                   range = getTileAdcRange();
  if (bits.has_value() != range.has_value())
    return emitOpError("needs both 'tile_adc_bits' and 'tile_adc_range' or "
                       "neither");
  if (!bits)
    return layers;
  if (bits->size() != layerOfTile.size() || range->size() != layerOfTile.size())
    return emitOpError() << "needs one 'tile_adc_bits' and one "
                            "'tile_adc_range' entry per tile ("
                         << layerOfTile.size() << "), got " << bits->size()
                         << " and " << range->size();
  std::optional<ArrayRef<int64_t>> fineBits = getTileAdcFineBits(),
                                   finePpm = getTileAdcFinePpm();
  if (fineBits.has_value() != finePpm.has_value())
    return emitOpError("needs both 'tile_adc_fine_bits' and "
                       "'tile_adc_fine_ppm' or neither");
  if (fineBits &&
      (fineBits->size() != layerOfTile.size() ||
       finePpm->size() != layerOfTile.size()))
    return emitOpError() << "needs one 'tile_adc_fine_bits' and one "
                            "'tile_adc_fine_ppm' entry per tile ("
                         << layerOfTile.size() << ")";
  std::vector<std::vector<program::AdcSetting>> perLayerAdc(numLayers);
  for (size_t t = 0; t < layerOfTile.size(); ++t) {
    if ((*bits)[t] < 0 || (*bits)[t] > 16 || (*range)[t] < 0)
      return emitOpError() << "tile " << t << ": ADC setting of "
                           << (*bits)[t] << " bits, range " << (*range)[t]
                           << " (expected 0..16 bits, 0 = the layer's, and a "
                              "non-negative range)";
    program::AdcSetting adc{uint32_t((*bits)[t]), uint64_t((*range)[t])};
    if (fineBits) {
      if ((*fineBits)[t] < 0 || (*fineBits)[t] > 16 || (*finePpm)[t] < 0 ||
          (*finePpm)[t] > 1000000)
        return emitOpError() << "tile " << t << ": interval coding of "
                             << (*fineBits)[t] << " bits, " << (*finePpm)[t]
                             << " ppm (expected 0..16 bits and 0..1000000)";
      adc.fineBits = uint32_t((*fineBits)[t]);
      adc.finePpm = uint32_t((*finePpm)[t]);
    }
    if (layerOfTile[t] < numLayers)
      perLayerAdc[layerOfTile[t]].push_back(adc);
  }
  // A layer whose tiles all keep the layer's setting has no table.
  for (size_t l = 0; l < numLayers; ++l)
    if (llvm::any_of(perLayerAdc[l], [](const program::AdcSetting &a) {
          return a.bits != 0;
        }))
      layers[l].tileAdc = std::move(perLayerAdc[l]);
  return layers;
}

LogicalResult ModeOp::verify() {
  SmallVector<LayerOp> layers;
  Region &body = (*this)->getParentOp()->getRegion(0);
  llvm::DenseMap<StringAttr, uint32_t> layerIndex;
  for (auto layer : body.getOps<LayerOp>()) {
    layerIndex[layer.getSymNameAttr()] = layers.size();
    layers.push_back(layer);
  }
  SmallVector<uint32_t> layerOfTile;
  SmallVector<size_t> tilesPerLayer(layers.size());
  for (auto tile : body.getOps<TileOp>()) {
    auto it = layerIndex.find(tile.getLayerAttr().getAttr());
    uint32_t l = it == layerIndex.end() ? UINT32_MAX : it->second;
    layerOfTile.push_back(l);
    if (l < layers.size())
      ++tilesPerLayer[l];
  }
  FailureOr<std::vector<program::ModeLayer>> modeLayers =
      getModeLayers(layers.size(), layerOfTile);
  if (failed(modeLayers))
    return failure();
  for (auto [i, layer] : llvm::enumerate(layers)) {
    program::Layer l;
    l.inputBits = layer.getInputBits();
    l.weightBits = layer.getWeightBits();
    l.cellBits = layer.getCellBits();
    l.dacBits = layer.getDacBits();
    l.polarity = layer.getPolarity() == PolarityScheme::offset
                     ? cim::PolarityScheme::Offset
                     : cim::PolarityScheme::Differential;
    l.kH = layer.getKernel()[0];
    l.kW = layer.getKernel()[1];
    l.inC = layer.getInput()[3];
    l.outC = layer.getOutput()[2];
    // Whether the target has digital CIM is checked with the arch, in the
    // binary's verifier.
    std::string why = program::checkModeLayer(l, (*modeLayers)[i],
                                              tilesPerLayer[i],
                                              /*hasDigitalCim=*/true);
    if (!why.empty())
      return emitOpError() << "cannot run layer " << layer.getSymNameAttr()
                           << " ('" << layer.getName() << "'): " << why;
  }
  return success();
}

LogicalResult CoreOp::verify() {
  for (auto other : (*this)->getParentOp()->getRegion(0).getOps<CoreOp>()) {
    if (other == *this)
      break;
    if (other.getCore() == getCore())
      return emitOpError() << "core " << getCore()
                           << " already has an instruction stream";
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Instructions
//===----------------------------------------------------------------------===//

LogicalResult SetModeOp::verifySymbolUses(SymbolTableCollection &symbols) {
  return lookupRecord<ModeOp>(*this, symbols, "mode", getModeAttr());
}

LogicalResult AdcSetOp::verifySymbolUses(SymbolTableCollection &symbols) {
  return lookupRecord<LayerOp>(*this, symbols, "layer", getLayerAttr());
}

LogicalResult QuantOp::verifySymbolUses(SymbolTableCollection &symbols) {
  FailureOr<LayerOp> layer =
      lookupRecord<LayerOp>(*this, symbols, "layer", getLayerAttr());
  if (failed(layer))
    return failure();
  FailureOr<TensorOp> input =
      lookupRecord<TensorOp>(*this, symbols, "input", getInputAttr());
  if (failed(input))
    return failure();
  int64_t expected = numel(layer->getInput());
  if (numel(input->getShape()) != expected)
    return emitOpError() << "input " << getInputAttr() << " has "
                         << numel(input->getShape())
                         << " elements; the layer reads batch*inH*inW*inC = "
                         << expected;
  return success();
}

LogicalResult MvmOp::verifySymbolUses(SymbolTableCollection &symbols) {
  FailureOr<LayerOp> layer =
      lookupRecord<LayerOp>(*this, symbols, "layer", getLayerAttr());
  if (failed(layer))
    return failure();
  if (static_cast<int64_t>(getBlock()) >= layer->getRowBlocks())
    return emitOpError() << "row block " << getBlock()
                         << " is out of range: the layer has "
                         << layer->getRowBlocks() << " row blocks";
  return success();
}

LogicalResult EpilogueOp::verifySymbolUses(SymbolTableCollection &symbols) {
  FailureOr<LayerOp> layer =
      lookupRecord<LayerOp>(*this, symbols, "layer", getLayerAttr());
  if (failed(layer))
    return failure();
  FailureOr<TensorOp> output =
      lookupRecord<TensorOp>(*this, symbols, "output", getOutputAttr());
  if (failed(output))
    return failure();
  int64_t expected = layer->getPixels() * layer->getOutput()[2];
  if (numel(output->getShape()) != expected)
    return emitOpError() << "output " << getOutputAttr() << " has "
                         << numel(output->getShape())
                         << " elements; the layer writes pixels*outC = "
                         << expected;
  return success();
}

namespace {

LogicalResult verifyPoolAttrs(Operation *op, ArrayRef<int64_t> kernel,
                              ArrayRef<int64_t> strides,
                              ArrayRef<int64_t> pads) {
  if (failed(checkMin(op, "kernel", kernel, 1)) ||
      failed(checkMin(op, "strides", strides, 1)) ||
      failed(checkMin(op, "pads", pads, 0)))
    return failure();
  return success();
}

LogicalResult verifyPoolShapes(Operation *op, SymbolTableCollection &symbols,
                               FlatSymbolRefAttr inputRef,
                               FlatSymbolRefAttr outputRef,
                               ArrayRef<int64_t> k, ArrayRef<int64_t> s,
                               ArrayRef<int64_t> p) {
  FailureOr<TensorOp> input =
      lookupRecord<TensorOp>(op, symbols, "input", inputRef);
  if (failed(input))
    return failure();
  FailureOr<TensorOp> output =
      lookupRecord<TensorOp>(op, symbols, "output", outputRef);
  if (failed(output))
    return failure();
  ArrayRef<int64_t> x = input->getShape();
  if (x.size() != 4)
    return op->emitOpError() << "input " << inputRef
                             << " must be NHWC (rank 4), got "
                             << shapeString(x);
  int64_t ph = x[1] + p[0] + p[2], pw = x[2] + p[1] + p[3];
  if (ph < k[0] || pw < k[1])
    return op->emitOpError("the window is larger than the padded input");
  SmallVector<int64_t> expected = {x[0], (ph - k[0]) / s[0] + 1,
                                   (pw - k[1]) / s[1] + 1, x[3]};
  if (output->getShape() != ArrayRef<int64_t>(expected))
    return op->emitOpError() << "output " << outputRef << " has shape "
                             << shapeString(output->getShape())
                             << "; pooling gives " << shapeString(expected);
  return success();
}

/// Resolves every tensor reference of `refs`, in order.
LogicalResult lookupTensors(
    Operation *op, SymbolTableCollection &symbols,
    ArrayRef<std::pair<StringRef, FlatSymbolRefAttr>> refs,
    SmallVectorImpl<TensorOp> &tensors) {
  for (auto [name, ref] : refs) {
    FailureOr<TensorOp> t = lookupRecord<TensorOp>(op, symbols, name, ref);
    if (failed(t))
      return failure();
    tensors.push_back(*t);
  }
  return success();
}

LogicalResult verifyBroadcast(Operation *op, SymbolTableCollection &symbols,
                              FlatSymbolRefAttr lhs, FlatSymbolRefAttr rhs,
                              FlatSymbolRefAttr out) {
  SmallVector<TensorOp> t;
  if (failed(lookupTensors(op, symbols,
                           {{"lhs", lhs}, {"rhs", rhs}, {"output", out}}, t)))
    return failure();
  ArrayRef<int64_t> a = t[0].getShape(), b = t[1].getShape();
  size_t rank = std::max(a.size(), b.size());
  SmallVector<int64_t> expected(rank);
  for (size_t i = 0; i < rank; ++i) {
    int64_t da = i < rank - a.size() ? 1 : a[i - (rank - a.size())];
    int64_t db = i < rank - b.size() ? 1 : b[i - (rank - b.size())];
    if (da != db && da != 1 && db != 1)
      return op->emitOpError()
             << "shapes " << shapeString(a) << " and " << shapeString(b)
             << " do not broadcast";
    expected[i] = da == 1 ? db : da;
  }
  if (t[2].getShape() != ArrayRef<int64_t>(expected))
    return op->emitOpError() << "output " << out << " has shape "
                             << shapeString(t[2].getShape())
                             << "; the broadcast shape is "
                             << shapeString(expected);
  return success();
}

LogicalResult verifySameSize(Operation *op, SymbolTableCollection &symbols,
                             FlatSymbolRefAttr in, FlatSymbolRefAttr out) {
  SmallVector<TensorOp> t;
  if (failed(lookupTensors(op, symbols, {{"input", in}, {"output", out}}, t)))
    return failure();
  if (numel(t[0].getShape()) != numel(t[1].getShape()))
    return op->emitOpError() << "input " << in << " has "
                             << numel(t[0].getShape()) << " elements, output "
                             << out << " has " << numel(t[1].getShape());
  return success();
}

LogicalResult verifySameShape(Operation *op, SymbolTableCollection &symbols,
                              FlatSymbolRefAttr in, FlatSymbolRefAttr out) {
  SmallVector<TensorOp> t;
  if (failed(lookupTensors(op, symbols, {{"input", in}, {"output", out}}, t)))
    return failure();
  if (t[0].getShape() != t[1].getShape())
    return op->emitOpError() << "output " << out << " has shape "
                             << shapeString(t[1].getShape())
                             << "; the input has shape "
                             << shapeString(t[0].getShape());
  return success();
}

LogicalResult verifyPeer(Operation *op, SymbolTableCollection &symbols,
                         FlatSymbolRefAttr tensor, uint64_t peer) {
  if (failed(lookupRecord<TensorOp>(op, symbols, "tensor", tensor)))
    return failure();
  auto core = op->getParentOfType<CoreOp>();
  if (core && core.getCore() == peer)
    return op->emitOpError() << "core " << peer << " cannot talk to itself";
  return success();
}

} // namespace

LogicalResult MaxPoolOp::verify() {
  return verifyPoolAttrs(*this, getKernel(), getStrides(), getPads());
}

LogicalResult MaxPoolOp::verifySymbolUses(SymbolTableCollection &symbols) {
  return verifyPoolShapes(*this, symbols, getInputAttr(), getOutputAttr(),
                          getKernel(), getStrides(), getPads());
}

LogicalResult AvgPoolOp::verify() {
  return verifyPoolAttrs(*this, getKernel(), getStrides(), getPads());
}

LogicalResult AvgPoolOp::verifySymbolUses(SymbolTableCollection &symbols) {
  return verifyPoolShapes(*this, symbols, getInputAttr(), getOutputAttr(),
                          getKernel(), getStrides(), getPads());
}

LogicalResult AddOp::verifySymbolUses(SymbolTableCollection &symbols) {
  return verifyBroadcast(*this, symbols, getLhsAttr(), getRhsAttr(),
                         getOutputAttr());
}

LogicalResult MulOp::verifySymbolUses(SymbolTableCollection &symbols) {
  return verifyBroadcast(*this, symbols, getLhsAttr(), getRhsAttr(),
                         getOutputAttr());
}

LogicalResult ReluOp::verifySymbolUses(SymbolTableCollection &symbols) {
  return verifySameSize(*this, symbols, getInputAttr(), getOutputAttr());
}

LogicalResult CopyOp::verifySymbolUses(SymbolTableCollection &symbols) {
  return verifySameSize(*this, symbols, getInputAttr(), getOutputAttr());
}

LogicalResult TransposeOp::verifySymbolUses(SymbolTableCollection &symbols) {
  SmallVector<TensorOp> t;
  if (failed(lookupTensors(*this, symbols,
                           {{"input", getInputAttr()},
                            {"output", getOutputAttr()}},
                           t)))
    return failure();
  ArrayRef<int64_t> x = t[0].getShape(), perm = getPerm();
  if (perm.size() != x.size())
    return emitOpError() << "'perm' has " << perm.size()
                         << " entries; the input has rank " << x.size();
  SmallVector<bool> used(x.size(), false);
  SmallVector<int64_t> expected;
  for (int64_t d : perm) {
    if (d < 0 || d >= static_cast<int64_t>(x.size()) || used[d])
      return emitOpError() << "'perm' " << shapeString(perm)
                           << " is not a permutation of [0, " << x.size()
                           << ")";
    used[d] = true;
    expected.push_back(x[d]);
  }
  if (t[1].getShape() != ArrayRef<int64_t>(expected))
    return emitOpError() << "output " << getOutputAttr() << " has shape "
                         << shapeString(t[1].getShape())
                         << "; the transpose gives " << shapeString(expected);
  return success();
}

LogicalResult UnaryFnOp::verifySymbolUses(SymbolTableCollection &symbols) {
  return verifySameShape(*this, symbols, getInputAttr(), getOutputAttr());
}

LogicalResult BinaryFnOp::verifySymbolUses(SymbolTableCollection &symbols) {
  return verifyBroadcast(*this, symbols, getLhsAttr(), getRhsAttr(),
                         getOutputAttr());
}

LogicalResult ClampOp::verifySymbolUses(SymbolTableCollection &symbols) {
  return verifySameShape(*this, symbols, getInputAttr(), getOutputAttr());
}

LogicalResult SliceOp::verifySymbolUses(SymbolTableCollection &symbols) {
  SmallVector<TensorOp> t;
  if (failed(lookupTensors(*this, symbols,
                           {{"input", getInputAttr()},
                            {"output", getOutputAttr()}},
                           t)))
    return failure();
  ArrayRef<int64_t> x = t[0].getShape(), y = t[1].getShape(),
                    start = getStart();
  if (start.size() != x.size() || y.size() != x.size())
    return emitOpError() << "'start' has " << start.size()
                         << " entries and the output rank " << y.size()
                         << "; the input has rank " << x.size();
  for (size_t d = 0; d < x.size(); ++d)
    if (start[d] < 0 || start[d] > x[d] || y[d] > x[d] - start[d])
      return emitOpError() << "the block of shape " << shapeString(y)
                           << " at " << shapeString(start)
                           << " does not lie inside the input of shape "
                           << shapeString(x);
  return success();
}

LogicalResult ConcatOp::verify() {
  if (getInputs().empty())
    return emitOpError("needs at least one input");
  return success();
}

LogicalResult ConcatOp::verifySymbolUses(SymbolTableCollection &symbols) {
  FailureOr<TensorOp> output =
      lookupRecord<TensorOp>(*this, symbols, "output", getOutputAttr());
  if (failed(output))
    return failure();
  ArrayRef<int64_t> y = output->getShape();
  uint64_t axis = getAxis();
  if (axis >= y.size())
    return emitOpError() << "'axis' " << axis << " is outside the output's "
                         << "rank " << y.size();
  int64_t extent = 0;
  for (Attribute ref : getInputs()) {
    FailureOr<TensorOp> input = lookupRecord<TensorOp>(
        *this, symbols, "inputs", cast<FlatSymbolRefAttr>(ref));
    if (failed(input))
      return failure();
    ArrayRef<int64_t> x = input->getShape();
    bool fits = x.size() == y.size();
    for (size_t d = 0; fits && d < y.size(); ++d)
      fits = d == axis || x[d] == y[d];
    if (!fits)
      return emitOpError() << "input " << ref << " of shape "
                           << shapeString(x) << " does not fit the output "
                           << shapeString(y) << " outside axis " << axis;
    extent += x[axis];
  }
  if (extent != y[axis])
    return emitOpError() << "the inputs add up to " << extent
                         << " along axis " << axis << "; the output has "
                         << y[axis];
  return success();
}

LogicalResult PadOp::verify() {
  return checkMin(*this, "pads", getPads(), 0);
}

LogicalResult PadOp::verifySymbolUses(SymbolTableCollection &symbols) {
  SmallVector<TensorOp> t;
  if (failed(lookupTensors(*this, symbols,
                           {{"input", getInputAttr()},
                            {"output", getOutputAttr()}},
                           t)))
    return failure();
  ArrayRef<int64_t> x = t[0].getShape(), pads = getPads();
  if (pads.size() != 2 * x.size())
    return emitOpError() << "'pads' has " << pads.size()
                         << " entries; the input of rank " << x.size()
                         << " needs " << 2 * x.size();
  SmallVector<int64_t> expected;
  for (size_t d = 0; d < x.size(); ++d)
    expected.push_back(pads[2 * d] + x[d] + pads[2 * d + 1]);
  if (t[1].getShape() != ArrayRef<int64_t>(expected))
    return emitOpError() << "output " << getOutputAttr() << " has shape "
                         << shapeString(t[1].getShape())
                         << "; the padding gives " << shapeString(expected);
  return success();
}

LogicalResult ReduceOp::verifySymbolUses(SymbolTableCollection &symbols) {
  SmallVector<TensorOp> t;
  if (failed(lookupTensors(*this, symbols,
                           {{"input", getInputAttr()},
                            {"output", getOutputAttr()}},
                           t)))
    return failure();
  SmallVector<int64_t> expected(t[0].getShape());
  uint64_t axis = getAxis();
  if (axis >= expected.size() || expected[axis] < 1)
    return emitOpError() << "'axis' " << axis
                         << " is not a non-empty dimension of the input "
                         << shapeString(expected);
  expected[axis] = 1;
  if (t[1].getShape() != ArrayRef<int64_t>(expected))
    return emitOpError() << "output " << getOutputAttr() << " has shape "
                         << shapeString(t[1].getShape())
                         << "; the reduction gives " << shapeString(expected);
  return success();
}

LogicalResult
MatMulDigitalOp::verifySymbolUses(SymbolTableCollection &symbols) {
  SmallVector<TensorOp> t;
  if (failed(lookupTensors(*this, symbols,
                           {{"lhs", getLhsAttr()},
                            {"rhs", getRhsAttr()},
                            {"output", getOutputAttr()}},
                           t)))
    return failure();
  ArrayRef<int64_t> a = t[0].getShape(), b = t[1].getShape();
  if (a.size() != 3 || b.size() != 3)
    return emitOpError() << "operands must have rank 3, got "
                         << shapeString(a) << " and " << shapeString(b);
  if ((a[0] != b[0] && a[0] != 1 && b[0] != 1) || a[2] != b[1])
    return emitOpError() << "cannot multiply " << shapeString(a) << " by "
                         << shapeString(b);
  SmallVector<int64_t> expected = {std::max(a[0], b[0]), a[1], b[2]};
  if (t[2].getShape() != ArrayRef<int64_t>(expected))
    return emitOpError() << "output " << getOutputAttr() << " has shape "
                         << shapeString(t[2].getShape())
                         << "; the product gives " << shapeString(expected);
  return success();
}

LogicalResult DepthwiseConvOp::verify() {
  if (failed(checkMin(*this, "strides", getStrides(), 1)) ||
      failed(checkMin(*this, "dilations", getDilations(), 1)) ||
      failed(checkMin(*this, "pads", getPads(), 0)))
    return failure();
  return success();
}

LogicalResult
DepthwiseConvOp::verifySymbolUses(SymbolTableCollection &symbols) {
  SmallVector<TensorOp> t;
  if (failed(lookupTensors(*this, symbols,
                           {{"input", getInputAttr()},
                            {"weight", getWeightAttr()},
                            {"bias", getBiasAttr()},
                            {"output", getOutputAttr()}},
                           t)))
    return failure();
  ArrayRef<int64_t> x = t[0].getShape(), w = t[1].getShape();
  if (x.size() != 4 || w.size() != 4 || w[2] != x[3])
    return emitOpError() << "needs an NHWC input and a [kH, kW, C, M] "
                            "weight with the input's C, got "
                         << shapeString(x) << " and " << shapeString(w);
  int64_t channels = x[3] * w[3];
  int64_t biasN = numel(t[2].getShape());
  if (biasN != channels && biasN != 1)
    return emitOpError() << "bias " << getBiasAttr() << " has " << biasN
                         << " elements; expected 1 or C*M = " << channels;
  ArrayRef<int64_t> s = getStrides(), p = getPads(), d = getDilations();
  SmallVector<int64_t> expected = {x[0], 0, 0, channels};
  for (int dim = 0; dim < 2; ++dim) {
    int64_t span = d[dim] * (w[dim] - 1) + 1;
    int64_t padded = x[1 + dim] + p[dim] + p[dim + 2];
    if (padded < span)
      return emitOpError("the window is larger than the padded input");
    expected[1 + dim] = (padded - span) / s[dim] + 1;
  }
  if (t[3].getShape() != ArrayRef<int64_t>(expected))
    return emitOpError() << "output " << getOutputAttr() << " has shape "
                         << shapeString(t[3].getShape())
                         << "; the convolution gives "
                         << shapeString(expected);
  return success();
}

LogicalResult SendOp::verifySymbolUses(SymbolTableCollection &symbols) {
  return verifyPeer(*this, symbols, getTensorAttr(), getCore());
}

LogicalResult RecvOp::verifySymbolUses(SymbolTableCollection &symbols) {
  return verifyPeer(*this, symbols, getTensorAttr(), getCore());
}

namespace {

/// A branch must land inside its stream: at most on the final halt.
LogicalResult verifySkip(Operation *op, int64_t skip) {
  int64_t following = 0;
  for (Operation *next = op->getNextNode(); next; next = next->getNextNode())
    if (!isa<HaltOp>(next))
      ++following;
  if (skip > following)
    return op->emitOpError() << "skips " << skip << " instructions; only "
                             << following
                             << " follow it before the halt (branches go "
                                "forward, within the stream)";
  return success();
}

} // namespace

LogicalResult BranchIfZeroOp::verify() { return verifySkip(*this, getSkip()); }

LogicalResult
BranchIfZeroOp::verifySymbolUses(SymbolTableCollection &symbols) {
  FailureOr<TensorOp> t = lookupRecord<TensorOp>(*this, symbols, "cond",
                                                 getCondAttr());
  if (failed(t))
    return failure();
  int64_t n = 1;
  for (int64_t d : t->getShape())
    n *= d;
  if (n != 1)
    return emitOpError() << "condition '" << getCond()
                         << "' must have one element, has " << n;
  return success();
}

LogicalResult JumpOp::verify() { return verifySkip(*this, getSkip()); }

#define GET_OP_CLASSES
#include "cim/Dialect/CIMISA/IR/CIMISAOps.cpp.inc"
