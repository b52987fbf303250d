//===- Quantize.cpp - Min-max quantization of crossbar layers -------------===//

#include "cim/Dialect/CIM/Transforms/Calibration.h"
#include "cim/Dialect/CIM/Transforms/Passes.h"
#include "cim/Dialect/CIM/Utils/ConstantValues.h"
#include "cim/Kernels/Npy.h"
#include "cim/Reference/Reference.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/Support/Path.h"

#include <cmath>

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

    // The input of every crossbar layer is what needs a calibrated range.
    SmallVector<Operation *> layers;
    llvm::DenseMap<Value, Range> ranges;
    func.walk([&](Operation *op) {
      if (isa<Conv2DOp, MatMulOp>(op)) {
        layers.push_back(op);
        ranges[op->getOperand(0)] = Range();
      }
    });
    if (layers.empty())
      return;

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

    Builder b(&getContext());
    for (Operation *op : layers) {
      Range range = ranges[op->getOperand(0)];
      bool isSigned = range.lo < 0;
      double maxAbs = std::max(std::abs(range.lo), std::abs(range.hi));
      double levels = isSigned ? double((1u << (inputBits - 1)) - 1)
                               : double((1u << inputBits) - 1);
      double inputScale = maxAbs > 0 ? maxAbs / levels : 1.0;

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

      auto quant = QuantAttr::get(
          &getContext(), b.getF64FloatAttr(inputScale), isSigned, inputBits,
          weightBits, DenseF64ArrayAttr::get(&getContext(), scales));
      op->setAttr("quant", quant);
      ++numLayers;
    }
  }
};

} // namespace
