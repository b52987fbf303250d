//===- Quantize.cpp - Min-max quantization of crossbar layers -------------===//

#include "cim/Dialect/CIM/Transforms/Passes.h"
#include "cim/Dialect/CIM/Utils/ConstantValues.h"
#include "cim/Kernels/Npy.h"
#include "cim/Kernels/Samples.h"
#include "cim/Reference/Reference.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/Support/Path.h"

#include <cmath>
#include <random>

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

/// Seeded standard-normal samples from our own Box-Muller transform, so that
/// the calibration (and hence the binary) is the same on every platform.
std::vector<float> normalSamples(int64_t count, std::mt19937_64 &rng) {
  std::vector<float> values(count);
  const double twoPi = 6.283185307179586;
  for (int64_t i = 0; i < count; i += 2) {
    double u1 = (double(rng() >> 11) + 1.0) / 9007199254740993.0;
    double u2 = double(rng() >> 11) / 9007199254740992.0;
    double r = std::sqrt(-2.0 * std::log(u1));
    values[i] = float(r * std::cos(twoPi * u2));
    if (i + 1 < count)
      values[i + 1] = float(r * std::sin(twoPi * u2));
  }
  return values;
}

struct CIMQuantizePass : public cim::impl::CIMQuantizeBase<CIMQuantizePass> {
  using Base::Base;

  /// One set of inputs per calibration sample: from `calibration`/<name>.npy
  /// (each file one sample or N, cim/Kernels/Samples.h; all files the same
  /// N), or seeded random inputs.
  FailureOr<std::vector<std::vector<kernels::Tensor>>>
  calibrationInputs(func::FuncOp func) {
    std::vector<std::vector<kernels::Tensor>> batches;
    FunctionType type = func.getFunctionType();
    if (!calibration.empty()) {
      std::vector<kernels::Tensor> files;
      std::vector<std::vector<int64_t>> shapes;
      std::string firstFile;
      int64_t samples = 0;
      for (unsigned i = 0; i < type.getNumInputs(); ++i) {
        auto name = func.getArgAttrOfType<StringAttr>(i, "cim.name");
        std::string inputName =
            name ? name.getValue().str() : "arg" + std::to_string(i);
        std::string file =
            (llvm::Twine(calibration) + "/" + inputName + ".npy").str();
        llvm::Expected<kernels::Tensor> tensor = kernels::readNpy(file);
        if (!tensor) {
          emitError(func.getLoc())
              << "calibration: " << llvm::toString(tensor.takeError());
          return failure();
        }
        auto shaped = dyn_cast<RankedTensorType>(type.getInput(i));
        if (!shaped || !shaped.hasStaticShape()) {
          emitError(func.getLoc())
              << "calibration: input '" << inputName
              << "' needs a static shape, got " << type.getInput(i);
          return failure();
        }
        std::vector<int64_t> shape(shaped.getShape().begin(),
                                   shaped.getShape().end());
        std::optional<kernels::SampleLayout> layout =
            kernels::sampleLayout(tensor->shape, shape);
        if (!layout || layout->samples == 0) {
          emitError(func.getLoc())
              << "calibration: " << file << ": input '" << inputName
              << "' has shape " << kernels::formatShape(tensor->shape)
              << ", expected " << kernels::describeSampleShapes(shape)
              << (layout ? " with N >= 1" : "");
          return failure();
        }
        if (i == 0) {
          samples = layout->samples;
          firstFile = file;
        } else if (layout->samples != samples) {
          emitError(func.getLoc())
              << "calibration: " << file << " holds " << layout->samples
              << " samples, but " << firstFile << " holds " << samples
              << "; every calibration file must hold the same number";
          return failure();
        }
        files.push_back(std::move(*tensor));
        shapes.push_back(std::move(shape));
      }
      if (files.empty())
        samples = 1;
      for (int64_t s = 0; s < samples; ++s) {
        std::vector<kernels::Tensor> batch;
        for (size_t i = 0; i < files.size(); ++i)
          batch.push_back(kernels::sliceSample(files[i], shapes[i], s));
        batches.push_back(std::move(batch));
      }
      return batches;
    }
    std::mt19937_64 rng(seed);
    for (unsigned s = 0; s < calibrationSamples; ++s) {
      std::vector<kernels::Tensor> batch;
      for (Type input : type.getInputs()) {
        auto shaped = dyn_cast<RankedTensorType>(input);
        if (!shaped || !shaped.hasStaticShape() ||
            !shaped.getElementType().isF32()) {
          emitError(func.getLoc())
              << "calibration needs static f32 inputs, got " << input;
          return failure();
        }
        kernels::Tensor t;
        t.shape.assign(shaped.getShape().begin(), shaped.getShape().end());
        t.data = normalSamples(shaped.getNumElements(), rng);
        batch.push_back(std::move(t));
      }
      batches.push_back(std::move(batch));
    }
    return batches;
  }

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

    auto batches = calibrationInputs(func);
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
      auto outputs = reference::run(func, batch, observer);
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
