//===- Quantize.cpp - Min-max quantization of crossbar layers -------------===//

#include "cim/Dialect/CIM/Transforms/Calibration.h"
#include "cim/Dialect/CIM/Transforms/Passes.h"
#include "cim/Dialect/CIM/Utils/ConstantValues.h"
#include "cim/Kernels/Npy.h"
#include "cim/Reference/Reference.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Path.h"

#include <cmath>
#include <optional>

namespace cim {
#define GEN_PASS_DEF_CIMQUANTIZE
#include "cim/Dialect/CIM/Transforms/Passes.h.inc"
} // namespace cim

using namespace mlir;
using namespace cim;

namespace {

struct Range {
  double lo = 0, hi = 0;
  bool seen = false;
  void add(const kernels::Tensor &t) {
    for (float v : t.data) {
      if (!seen) {
        lo = hi = v;
        seen = true;
      }
      lo = std::min<double>(lo, v);
      hi = std::max<double>(hi, v);
    }
  }
};

/// The scales a QDQ model gives a layer: the `cim.qdq` dictionary the ONNX
/// importer attaches (docs/onnx-import.md, "QDQ models").
struct ModelScales {
  bool hasInput = false;
  double inputScale = 0;
  int64_t inputZeroPoint = 0, inputQmin = 0, inputQmax = 0;
  SmallVector<double> weightScales;
  int64_t weightBits = 0;
};

std::optional<ModelScales> readModelScales(Operation *op) {
  auto dict = op->getAttrOfType<DictionaryAttr>("cim.qdq");
  if (!dict)
    return std::nullopt;
  ModelScales m;
  auto scale = dict.getAs<FloatAttr>("input_scale");
  auto zp = dict.getAs<IntegerAttr>("input_zero_point");
  auto qmin = dict.getAs<IntegerAttr>("input_qmin");
  auto qmax = dict.getAs<IntegerAttr>("input_qmax");
  if (scale && zp && qmin && qmax && scale.getValueAsDouble() > 0 &&
      qmin.getInt() < qmax.getInt()) {
    m.hasInput = true;
    m.inputScale = scale.getValueAsDouble();
    m.inputZeroPoint = zp.getInt();
    m.inputQmin = qmin.getInt();
    m.inputQmax = qmax.getInt();
  }
  auto weights = dict.getAs<DenseF64ArrayAttr>("weight_scales");
  auto bits = dict.getAs<IntegerAttr>("weight_bits");
  if (weights && bits) {
    m.weightScales.assign(weights.asArrayRef().begin(),
                          weights.asArrayRef().end());
    m.weightBits = bits.getInt();
  }
  return m;
}

/// `v` in %g form ("-64", "63.5") for diagnostics.
std::string formatShort(double v) {
  return llvm::formatv("{0}", llvm::format("%g", v)).str();
}

/// Bits of an integer range [qmin, qmax] (8 for int8 and uint8).
unsigned rangeBits(int64_t qmin, int64_t qmax) {
  unsigned bits = 0;
  for (uint64_t levels = uint64_t(qmax - qmin); levels; levels >>= 1)
    ++bits;
  return bits;
}

struct CIMQuantizePass : public cim::impl::CIMQuantizeBase<CIMQuantizePass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    auto func = module.lookupSymbol<func::FuncOp>("main");
    if (!func) {
      emitError(module.getLoc(), "cim-quantize expects a function @main");
      return signalPassFailure();
    }
    if (weightBits < 2 || weightBits > 16 || inputBits < 1 || inputBits > 16) {
      emitError(module.getLoc())
          << "cim-quantize: weight-bits must be in [2, 16] and "
             "input-bits in [1, 16]";
      return signalPassFailure();
    }

    // The input of every crossbar layer is what needs a calibrated range,
    // unless a QDQ model gives its scale.
    SmallVector<Operation *> layers;
    llvm::DenseMap<Operation *, ModelScales> modelScales;
    llvm::DenseMap<Value, Range> ranges;
    unsigned fromModel = 0;
    func.walk([&](Operation *op) {
      if (isa<Conv2DOp, MatMulOp>(op)) {
        layers.push_back(op);
        std::optional<ModelScales> m = readModelScales(op);
        if (m) {
          modelScales[op] = *m;
          ++fromModel;
        }
        if (!m || !m->hasInput)
          ranges[op->getOperand(0)] = Range();
      }
    });
    if (layers.empty())
      return;
    if (fromModel && !calibration.empty())
      emitRemark(func.getLoc())
          << "cim-quantize: " << fromModel << " of " << layers.size()
          << " crossbar layers take their scales from the model's "
             "QuantizeLinear/DequantizeLinear nodes; the calibration data "
             "only sets the input ranges the model does not give";

    if (!ranges.empty()) {
      auto batches =
          loadCalibrationSamples(func, calibration, calibrationSamples, seed);
      if (failed(batches))
        return signalPassFailure();
      for (const auto &batch : *batches) {
        for (auto [i, arg] : llvm::enumerate(func.getArguments()))
          if (ranges.count(arg) && i < batch.size())
            ranges[arg].add(batch[i]);
        auto observer = [&](Operation *op, const kernels::Tensor &t) {
          if (op->getNumResults() != 1)
            return;
          auto it = ranges.find(op->getResult(0));
          if (it != ranges.end())
            it->second.add(t);
        };
        // Layers behind a tosa.cond_if get ranges even when no sample
        // meets the condition.
        auto outputs = reference::run(func, batch, observer,
                                      /*observeAllBranches=*/true);
        if (!outputs) {
          emitError(func.getLoc()) << "calibration run failed: "
                                   << llvm::toString(outputs.takeError());
          return signalPassFailure();
        }
      }
    }

    Builder b(&getContext());
    for (Operation *op : layers) {
      auto model = modelScales.find(op);
      bool hasModel = model != modelScales.end();
      Range range;
      bool exactInput = false;
      double inputScale = 1.0;
      bool isSigned = false;
      if (hasModel && model->second.hasInput) {
        const ModelScales &m = model->second;
        unsigned bits = rangeBits(m.inputQmin, m.inputQmax);
        if (m.inputZeroPoint == 0 && bits == inputBits) {
          // The crossbar's input quantizer is the model's:
          // clamp(round_half_even(x / s)) (int8: -128 becomes -127).
          exactInput = true;
          inputScale = m.inputScale;
          isSigned = m.inputQmin < 0;
        } else {
          range.lo = double(m.inputQmin - m.inputZeroPoint) * m.inputScale;
          range.hi = double(m.inputQmax - m.inputZeroPoint) * m.inputScale;
          range.seen = true;
          InFlightDiagnostic warning = op->emitWarning();
          if (m.inputZeroPoint != 0)
            warning << "the model quantizes this layer's input with zero "
                       "point "
                    << m.inputZeroPoint
                    << ", which a crossbar input (symmetric) cannot hold";
          else
            warning << "the model quantizes this layer's input to " << bits
                    << " bits, cim-quantize to input-bits=" << unsigned(inputBits);
          warning << "; the input scale is derived from the model's range ["
                  << formatShort(range.lo) << ", "
                  << formatShort(range.hi) << "]";
        }
      } else {
        range = ranges[op->getOperand(0)];
      }
      if (!exactInput) {
        isSigned = range.lo < 0;
        double maxAbs = std::max(std::abs(range.lo), std::abs(range.hi));
        double levels = isSigned ? double((1u << (inputBits - 1)) - 1)
                                 : double((1u << inputBits) - 1);
        inputScale = maxAbs > 0 ? maxAbs / levels : 1.0;
      }

      Value weight = op->getOperand(1);
      auto weightType = cast<RankedTensorType>(weight.getType());
      auto values = getF32Values(getConstantAttr(weight));
      if (!values) {
        op->emitOpError("expects f32 constant weights to quantize");
        return signalPassFailure();
      }
      // Weights: conv OHWI (channel outermost), matmul [K, M] (channel
      // innermost).
      bool channelLast = isa<MatMulOp>(op);
      int64_t channels =
          channelLast ? weightType.getDimSize(1) : weightType.getDimSize(0);
      int64_t perChannel = weightType.getNumElements() / channels;
      std::vector<double> maxPerChannel(channels, 0.0);
      for (int64_t i = 0; i < weightType.getNumElements(); ++i) {
        int64_t c = channelLast ? i % channels : i / perChannel;
        maxPerChannel[c] =
            std::max(maxPerChannel[c], std::abs(double((*values)[i])));
      }
      double weightLevels = double((1u << (weightBits - 1)) - 1);
      SmallVector<double> scales;
      for (double m : maxPerChannel)
        scales.push_back(m > 0 ? m / weightLevels : 1.0);
      if (hasModel && !model->second.weightScales.empty()) {
        const ModelScales &m = model->second;
        // The model's scales, if the weights are still on their grid: the
        // importer's float weights are (q - 0) * s exactly, unless a
        // BatchNormalization was folded into them.
        bool usable = int64_t(m.weightScales.size()) == channels &&
                      m.weightBits == int64_t(weightBits);
        int64_t offGrid = -1;
        for (int64_t i = 0; usable && i < weightType.getNumElements(); ++i) {
          int64_t c = channelLast ? i % channels : i / perChannel;
          double q = double((*values)[i]) / m.weightScales[c];
          if (std::abs(q - std::nearbyint(q)) > 1e-3 ||
              std::abs(q) > weightLevels + 1) {
            usable = false;
            offGrid = i;
          }
        }
        if (usable) {
          scales = m.weightScales;
        } else if (m.weightBits != int64_t(weightBits)) {
          op->emitWarning() << "the model quantizes this layer's weights to "
                            << m.weightBits
                            << " bits, cim-quantize to weight-bits="
                            << unsigned(weightBits)
                            << "; min-max weight scales are used instead";
        } else if (offGrid >= 0) {
          op->emitWarning()
              << "weight " << offGrid << " ("
              << formatShort((*values)[offGrid]) << ") is not an integer multiple of the model's scale "
                 "(a BatchNormalization folded into the weights?); min-max "
                 "weight scales are used instead";
        } else {
          op->emitWarning() << "the model gives "
                            << m.weightScales.size()
                            << " weight scales for " << channels
                            << " output channels; min-max weight scales are "
                               "used instead";
        }
      }
      op->removeAttr("cim.qdq");

      auto quant = QuantAttr::get(
          &getContext(), b.getF64FloatAttr(inputScale), isSigned, inputBits,
          weightBits, DenseF64ArrayAttr::get(&getContext(), scales));
      op->setAttr("quant", quant);
      ++numLayers;
    }
  }
};

} // namespace
