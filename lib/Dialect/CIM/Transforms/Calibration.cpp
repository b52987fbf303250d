//===- Calibration.cpp - Calibration inputs and runs for cim passes -------===//

#include "cim/Dialect/CIM/Transforms/Calibration.h"

#include "cim/Conversion/Passes.h"
#include "cim/Dialect/CIM/Transforms/Passes.h"
#include "cim/Kernels/Npy.h"
#include "cim/Kernels/Samples.h"
#include "cim/Reference/Reference.h"
#include "cim/Target/CIMB/CIMB.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/FormatVariadic.h"

#include <cmath>
#include <random>

using namespace mlir;
using namespace cim;

namespace {

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

} // namespace

FailureOr<std::vector<Sample>>
cim::loadCalibrationSamples(func::FuncOp func, StringRef directory,
                            unsigned randomSamples, unsigned seed) {
  FunctionType type = func.getFunctionType();
  SmallVector<RankedTensorType> argTypes;
  for (Type input : type.getInputs()) {
    auto shaped = dyn_cast<RankedTensorType>(input);
    if (!shaped || !shaped.hasStaticShape() ||
        !shaped.getElementType().isF32()) {
      emitError(func.getLoc())
          << "calibration needs static f32 inputs, got " << input;
      return failure();
    }
    argTypes.push_back(shaped);
  }
  std::vector<Sample> samples;
  if (directory.empty()) {
    std::mt19937_64 rng(seed);
    for (unsigned s = 0; s < randomSamples; ++s) {
      Sample sample;
      for (RankedTensorType t : argTypes) {
        kernels::Tensor tensor;
        tensor.shape.assign(t.getShape().begin(), t.getShape().end());
        tensor.data = normalSamples(t.getNumElements(), rng);
        sample.push_back(std::move(tensor));
      }
      samples.push_back(std::move(sample));
    }
    return samples;
  }

  std::vector<kernels::Tensor> files;
  std::vector<std::vector<int64_t>> shapes;
  std::string firstFile;
  int64_t count = 1;
  for (auto [i, t] : llvm::enumerate(argTypes)) {
    auto name = func.getArgAttrOfType<StringAttr>(i, "cim.name");
    std::string inputName =
        name ? name.getValue().str() : "arg" + std::to_string(i);
    std::string file = (directory + "/" + inputName + ".npy").str();
    llvm::Expected<kernels::Tensor> tensor = kernels::readNpy(file);
    if (!tensor) {
      emitError(func.getLoc())
          << "calibration: " << llvm::toString(tensor.takeError());
      return failure();
    }
    std::vector<int64_t> shape(t.getShape().begin(), t.getShape().end());
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
      count = layout->samples;
      firstFile = file;
    } else if (layout->samples != count) {
      emitError(func.getLoc())
          << "calibration: " << file << " holds " << layout->samples
          << " samples, but " << firstFile << " holds " << count
          << "; every calibration file must hold the same number";
      return failure();
    }
    files.push_back(std::move(*tensor));
    shapes.push_back(std::move(shape));
  }
  for (int64_t s = 0; s < count; ++s) {
    Sample sample;
    for (size_t i = 0; i < files.size(); ++i)
      sample.push_back(kernels::sliceSample(files[i], shapes[i], s));
    samples.push_back(std::move(sample));
  }
  return samples;
}

FailureOr<program::Program> cim::compileToProgram(ModuleOp module) {
  OwningOpRef<ModuleOp> copy(cast<ModuleOp>(module->clone()));
  PassManager pm(module.getContext());
  pm.addPass(createCIMFoldFakeQuant());
  pm.addPass(createConvertCIMToISA());
  if (failed(pm.run(*copy)))
    return failure();
  return isaToProgram(*copy);
}

FailureOr<std::vector<std::vector<kernels::Tensor>>>
cim::simulateSamples(const program::Program &program, size_t mode,
                     const std::vector<Sample> &samples, Location loc,
                     sim::Statistics *statistics) {
  std::vector<const program::TensorDesc *> inputs;
  for (const program::TensorDesc &t : program.tensors)
    if (t.role == program::TensorRole::Input)
      inputs.push_back(&t);
  std::vector<std::vector<kernels::Tensor>> outputs;
  for (const Sample &sample : samples) {
    if (sample.size() != inputs.size()) {
      emitError(loc) << "the program has " << inputs.size()
                     << " inputs, a calibration sample " << sample.size();
      return failure();
    }
    std::map<std::string, kernels::Tensor> byName;
    for (size_t i = 0; i < inputs.size(); ++i)
      byName[inputs[i]->name] = sample[i];
    sim::SimOptions options;
    options.mode = mode < program.modes.size() ? program.modes[mode].name : "";
    options.statistics = statistics;
    llvm::Expected<sim::SimResult> result =
        sim::simulate(program, byName, options);
    if (!result) {
      emitError(loc) << "calibration run: "
                     << llvm::toString(result.takeError());
      return failure();
    }
    outputs.push_back(std::move(result->outputs));
  }
  return outputs;
}

FailureOr<std::vector<std::vector<kernels::Tensor>>>
cim::referenceOutputs(func::FuncOp func, const std::vector<Sample> &samples) {
  std::vector<std::vector<kernels::Tensor>> outputs;
  for (const Sample &sample : samples) {
    auto result = reference::run(func, sample);
    if (!result) {
      emitError(func.getLoc())
          << "calibration reference run: "
          << llvm::toString(result.takeError());
      return failure();
    }
    outputs.push_back(std::move(*result));
  }
  return outputs;
}

FailureOr<size_t> cim::modeIndex(const program::Program &program,
                                 StringRef name, Location loc) {
  if (name.empty())
    return size_t(0);
  std::string names;
  for (size_t m = 0; m < program.modes.size(); ++m) {
    if (program.modes[m].name == name)
      return m;
    names += (names.empty() ? "" : ", ") + program.modes[m].name;
  }
  emitError(loc) << "unknown mode '" << name << "' (modes: " << names << ")";
  return failure();
}
