//===- MapCrossbars.cpp - Place crossbar layers on physical arrays --------===//

#include "cim/Dialect/CIM/IR/CIMArch.h"
#include "cim/Dialect/CIM/Transforms/Passes.h"
#include "cim/Dialect/CIM/Utils/ConstantValues.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"

#include <cmath>

namespace cim {
#define GEN_PASS_DEF_CIMMAPCROSSBARS
#include "cim/Dialect/CIM/Transforms/Passes.h.inc"
} // namespace cim

using namespace mlir;
using namespace cim;

namespace {

/// A layer's weights as the matrix the arrays hold: rows are im2col rows
/// (kh, kw, c), columns are output channels.
struct WeightMatrix {
  int64_t rows = 0, cols = 0;
  std::vector<int64_t> values; // quantized, row-major rows x cols
  int64_t at(int64_t r, int64_t c) const { return values[r * cols + c]; }
};

FailureOr<WeightMatrix> quantizedMatrix(Operation *op, QuantAttr quant) {
  Value weight = op->getOperand(1);
  auto type = cast<RankedTensorType>(weight.getType());
  auto values = getF32Values(getConstantAttr(weight));
  if (!values)
    return op->emitOpError("expects f32 constant weights to map");
  WeightMatrix m;
  bool isConv = isa<Conv2DOp>(op);
  m.cols = isConv ? type.getDimSize(0) : type.getDimSize(1);
  m.rows = type.getNumElements() / m.cols;
  m.values.resize(m.rows * m.cols);
  ArrayRef<double> scales = quant.getWeightScales().asArrayRef();
  int64_t limit = (int64_t(1) << (quant.getWeightBits() - 1)) - 1;
  for (int64_t r = 0; r < m.rows; ++r)
    for (int64_t c = 0; c < m.cols; ++c) {
      // OHWI flattens to [O][kh*kw*c] = (O, row); [K, M] is already (row, O).
      float w = isConv ? (*values)[c * m.rows + r] : (*values)[r * m.cols + c];
      int64_t q = int64_t(std::nearbyint(double(w) / scales[c]));
      m.values[r * m.cols + c] = std::clamp(q, -limit, limit);
    }
  return m;
}

struct CIMMapCrossbarsPass
    : public cim::impl::CIMMapCrossbarsBase<CIMMapCrossbarsPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    FailureOr<ArchSpec> arch = lookupArchSpec(module);
    if (failed(arch))
      return signalPassFailure();
    unsigned adcBitsToUse = adcBits ? unsigned(adcBits) : arch->adcBits;
    if (adcBitsToUse > arch->adcBits) {
      emitError(module.getLoc())
          << "cim-map-crossbars: adc-bits=" << adcBitsToUse
          << " exceeds the target's " << arch->adcBits << "-bit ADC";
      return signalPassFailure();
    }

    const int64_t totalArrays = int64_t(arch->arraysPerCore) * arch->cores;
    int64_t nextArray = 0; // global array index; layers never share arrays
    Builder b(&getContext());

    WalkResult result = module.walk([&](Operation *op) -> WalkResult {
      if (!isa<Conv2DOp, MatMulOp>(op))
        return WalkResult::advance();
      auto quant = op->getAttrOfType<QuantAttr>("quant");
      if (!quant) {
        op->emitOpError("is not quantized; run cim-quantize first");
        return WalkResult::interrupt();
      }
      Region &region = op->getRegion(0);
      if (!region.empty() && !region.front().empty()) {
        op->emitOpError("is already mapped");
        return WalkResult::interrupt();
      }
      FailureOr<WeightMatrix> matrix = quantizedMatrix(op, quant);
      if (failed(matrix))
        return WalkResult::interrupt();

      const unsigned wb = quant.getWeightBits();
      const bool differential = arch->polarity == PolarityScheme::Differential;
      const unsigned storedBits = differential ? wb - 1 : wb;
      const unsigned cellBits = arch->cellBits;
      const unsigned slices = (storedBits + cellBits - 1) / cellBits;
      const int64_t offset = int64_t(1) << (wb - 1);
      const int64_t mask = (int64_t(1) << cellBits) - 1;
      const int64_t blockRows = arch->activeRows;
      const int64_t rowBlocks = (matrix->rows + blockRows - 1) / blockRows;

      SmallVector<Polarity> polarities;
      if (differential)
        polarities = {Polarity::positive, Polarity::negative};
      else
        polarities = {Polarity::offset};

      auto stored = [&](int64_t r, int64_t c, Polarity p) -> int64_t {
        int64_t w = matrix->at(r, c);
        if (p == Polarity::offset)
          return w + offset;
        if (p == Polarity::positive)
          return w > 0 ? w : 0;
        return w < 0 ? -w : 0;
      };

      Block &block = isa<Conv2DOp>(op)
                         ? cast<Conv2DOp>(op).getOrCreateTileBlock()
                         : cast<MatMulOp>(op).getOrCreateTileBlock();
      OpBuilder builder = OpBuilder::atBlockEnd(&block);
      Location loc = op->getLoc();
      // The ADC's full scale is the largest column sum this layer's stored
      // levels can produce (every input digit at its maximum): known at
      // compile time, it never clips and wastes no codes on sums that cannot
      // occur. The pass updates it once all tiles are built.
      auto adcConfig = AdcConfigOp::create(
          builder, loc,
          AdcAttr::get(&getContext(), adcBitsToUse,
                       arch->fullScaleColumnSum(arch->activeRows)));
      const int64_t maxDigit = (int64_t(1) << arch->dacBits) - 1;
      int64_t largestColumnSum = 1;

      for (int64_t rb = 0; rb < rowBlocks; ++rb) {
        int64_t rowBegin = rb * blockRows;
        int64_t rowEnd = std::min(matrix->rows, rowBegin + blockRows);
        // Tiles of one row block share word lines, so only they may share an
        // array. Most significant slices first: the LSB slices that a
        // low-precision mode switches off end up together.
        // Arrays of this row block and the columns each has used; a tile
        // goes to the first one with room (first fit).
        SmallVector<std::pair<int64_t, int64_t>> open;
        for (int64_t s = slices - 1; s >= 0; --s)
          for (Polarity p : polarities)
            for (int64_t colBegin = 0; colBegin < matrix->cols;
                 colBegin += arch->cols) {
              int64_t colEnd =
                  std::min<int64_t>(matrix->cols, colBegin + arch->cols);
              int64_t width = colEnd - colBegin;
              auto slot = llvm::find_if(open, [&](const auto &entry) {
                return entry.second + width <= int64_t(arch->cols);
              });
              if (slot == open.end()) {
                open.push_back({nextArray++, 0});
                slot = std::prev(open.end());
              }
              int64_t array = slot->first, column = slot->second;
              if (array >= totalArrays) {
                op->emitOpError() << "needs more than the target's "
                                  << totalArrays << " arrays (" << arch->cores
                                  << " cores x " << arch->arraysPerCore << ")";
                return WalkResult::interrupt();
              }
              std::vector<int8_t> levels;
              levels.reserve((rowEnd - rowBegin) * width);
              std::vector<int64_t> columnSums(width, 0);
              for (int64_t r = rowBegin; r < rowEnd; ++r)
                for (int64_t c = colBegin; c < colEnd; ++c) {
                  int64_t level = (stored(r, c, p) >> (s * cellBits)) & mask;
                  levels.push_back(int8_t(level));
                  columnSums[c - colBegin] += level * maxDigit;
                }
              for (int64_t sum : columnSums)
                largestColumnSum = std::max(largestColumnSum, sum);
              auto levelsType = RankedTensorType::get(
                  {rowEnd - rowBegin, width}, b.getIntegerType(8));
              CrossbarTileOp::create(
                  builder, loc, b.getI64IntegerAttr(rb),
                  b.getDenseI64ArrayAttr({rowBegin, rowEnd}),
                  b.getDenseI64ArrayAttr({colBegin, colEnd}),
                  b.getI64IntegerAttr(s), PolarityAttr::get(&getContext(), p),
                  b.getI64IntegerAttr(0),
                  b.getI64IntegerAttr(array / arch->arraysPerCore),
                  b.getI64IntegerAttr(array % arch->arraysPerCore),
                  b.getI64IntegerAttr(0), b.getI64IntegerAttr(column),
                  DenseElementsAttr::get(levelsType, ArrayRef<int8_t>(levels)));
              slot->second += width;
              ++numTiles;
            }
      }
      adcConfig.setAdcAttr(
          AdcAttr::get(&getContext(), adcBitsToUse, largestColumnSum));
      return WalkResult::advance();
    });
    if (result.wasInterrupted())
      return signalPassFailure();
    numArrays = nextArray;
  }
};

} // namespace
