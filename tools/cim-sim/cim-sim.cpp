//===- cim-sim.cpp - Run a compiled .cimb binary or the float reference ---===//
//
//   cim-sim model.cimb --input=NAME:x.npy... [--mode=M|all] [--output-dir=D]
//           [--report=json|table] [--compare-reference=model.mlir|model.onnx]
//           [--labels=y.npy] [--threads=T]
//   cim-sim model.mlir --reference --input=NAME:x.npy... [--output-dir=D]
//           [--labels=y.npy] [--threads=T]
//   (an .onnx model also takes --input-shape=NAME:DIMS... --outputs=NAME,...)
//
// An input file holds one sample or N of them (cim/Kernels/Samples.h); the
// N inferences run on T worker threads, each writing only its own result
// slot, and everything after them runs in sample order, so the output bytes
// do not depend on T. Everything is computed before anything is written,
// and every file is written through a temporary name renamed on success, so
// a failing run leaves no output file behind. User errors exit 1 with one
// line naming the file.
//
//===----------------------------------------------------------------------===//

#include "cim/Dialect/CIM/IR/CIM.h"
#include "cim/Estimator/Estimator.h"
#include "cim/Estimator/Report.h"
#include "cim/Kernels/Npy.h"
#include "cim/Kernels/Samples.h"
#include "cim/Reference/Fidelity.h"
#include "cim/Reference/Reference.h"
#include "cim/Sim/Simulator.h"
#include "cim/Target/CIMB/CIMB.h"
#include "cim/Target/ONNX/ImportONNX.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

using namespace llvm;
using cim::kernels::Tensor;

namespace {

cl::OptionCategory category("cim-sim options");

cl::opt<std::string> inputFile(cl::Positional, cl::Required,
                               cl::desc("<model.cimb | model.mlir | model.onnx>"),
                               cl::cat(category));

cl::list<std::string> inputs(
    "input",
    cl::desc("Input tensor: NAME:FILE.npy, one per model input (repeatable; "
             "NAME is the ONNX input name and may itself contain ':'). The "
             "file holds one sample (the model's input shape) or N samples "
             "along a leading axis (Nx<shape>, or N replacing a leading 1 of "
             "the shape); every input must hold the same N"),
    cl::value_desc("NAME:FILE.npy"), cl::cat(category));

cl::opt<bool> reference(
    "reference",
    cl::desc("Run the float reference on a TOSA/cim MLIR module (or an ONNX "
             "model, imported first) instead of simulating a .cimb"),
    cl::cat(category));

cl::opt<std::string>
    mode("mode",
         cl::desc("Operating point to simulate: a mode name of the binary, or "
                  "'all' for every mode (default: the binary's first mode). "
                  "With 'all', outputs go to D/<mode>/<output>.npy"),
         cl::value_desc("M"), cl::cat(category));

cl::opt<std::string> outputDir(
    "output-dir",
    cl::desc("Directory for the outputs, written as D/<output name>.npy "
             "(float32; characters other than letters, digits, '.', '-' and "
             "'_' in the name become '_'; N samples stacked along axis 0 as "
             "the inputs were). Created if missing (default: .)"),
    cl::value_desc("D"), cl::init("."), cl::cat(category));

enum class ReportFormat { Table, Json };
cl::opt<ReportFormat> reportFormat(
    "report", cl::desc("Format of the cost report printed on stdout"),
    cl::values(clEnumValN(ReportFormat::Table, "table",
                          "readable table (default)"),
               clEnumValN(ReportFormat::Json, "json",
                          "JSON (schema: docs/estimator.md, section The report)")),
    cl::init(ReportFormat::Table), cl::cat(category));

cl::opt<std::string> compareReference(
    "compare-reference",
    cl::desc("Also run the float reference of this model (.mlir, or .onnx "
             "imported first) on the same inputs and report each mode's "
             "fidelity over all samples: SNR, cosine similarity, top-1 "
             "agreement"),
    cl::value_desc("model.mlir|model.onnx"), cl::cat(category));

cl::opt<std::string> labelsFile(
    "labels",
    cl::desc("Class labels of the samples: a .npy of N integral values. "
             "Reports top-1 accuracy (arg-max of each sample's first output "
             "== label) for every mode, for the reference of "
             "--compare-reference, and for --reference"),
    cl::value_desc("y.npy"), cl::cat(category));

cl::list<std::string> importInputShapes(
    "input-shape",
    cl::desc("For an .onnx model (--reference, --compare-reference): static "
             "shape of a graph input, NAME:DIMS such as input:1x3x32x32 "
             "(repeatable), as for cim-translate --import-onnx"),
    cl::value_desc("NAME:DIMS"), cl::cat(category));

cl::list<std::string> importOutputs(
    "outputs",
    cl::desc("For an .onnx model (--reference, --compare-reference): cut the "
             "graph at these tensors (comma-separated), as for cim-translate "
             "--import-onnx --outputs"),
    cl::value_desc("NAME,..."), cl::CommaSeparated, cl::cat(category));

/// --threads, created in main() (see there); 0 = one per hardware thread.
unsigned threadCount = 0;

/// A user error: one line on stderr, exit status 1.
[[noreturn]] void fail(const Twine &message) {
  errs() << "cim-sim: " << message << "\n";
  errs().flush();
  std::exit(1);
}

[[noreturn]] void fail(Error err) { fail(toString(std::move(err))); }

using cim::kernels::formatShape;

std::string fileNameFor(StringRef name) {
  std::string out;
  for (char c : name)
    out.push_back(isAlnum(c) || c == '.' || c == '-' || c == '_' ? c : '_');
  if (out.empty() || out == "." || out == "..")
    out = "output" + out;
  return out;
}

/// Names and shapes of a model's inputs, in order.
using Signature = std::vector<std::pair<std::string, std::vector<int64_t>>>;

/// Splits a NAME:VALUE option at the longest prefix followed by ':' that is
/// one of `names` (names may contain ':', as PyTorch's "onnx::Flatten_0"
/// do); without one, at the last ':' so that the error names the input the
/// user meant. Returns nullopt when there is no ':' at all.
std::optional<std::pair<StringRef, StringRef>>
splitNameValue(StringRef text, ArrayRef<std::string> names) {
  size_t best = StringRef::npos;
  for (const std::string &name : names)
    if (text.size() > name.size() && text.starts_with(name) &&
        text[name.size()] == ':' &&
        (best == StringRef::npos || name.size() > best))
      best = name.size();
  if (best == StringRef::npos)
    best = text.rfind(':');
  if (best == StringRef::npos)
    return std::nullopt;
  return std::make_pair(text.take_front(best), text.drop_front(best + 1));
}

/// One parsed --input option.
struct InputSpec {
  std::string name;
  std::string file;
  Tensor tensor;
};

std::vector<InputSpec> readInputs(const Signature &signature) {
  std::vector<std::string> names;
  for (const auto &entry : signature)
    names.push_back(entry.first);
  std::vector<InputSpec> specs;
  for (const std::string &text : inputs) {
    auto split = splitNameValue(text, names);
    if (!split || split->first.empty() || split->second.empty())
      fail("--input expects NAME:FILE.npy, got '" + text + "'");
    auto [name, file] = *split;
    for (const InputSpec &other : specs)
      if (other.name == name)
        fail("input '" + name + "' is given twice");
    Expected<Tensor> tensor = cim::kernels::readNpy(file);
    if (!tensor)
      fail(tensor.takeError());
    specs.push_back({name.str(), file.str(), std::move(*tensor)});
  }
  return specs;
}

/// The inputs of a run, split into samples.
struct Batch {
  int64_t samples = 1;
  /// Every input file is exactly one sample: outputs keep the model's shape.
  bool single = true;
  /// Some input stacks its samples along a new leading axis; outputs do too.
  bool newAxis = false;
  /// The inputs of each sample, by name.
  std::vector<std::map<std::string, Tensor>> inputs;
};

/// Checks the given inputs against the model's signature, naming the
/// offending file, and splits them into samples.
Batch checkInputs(StringRef model, const std::vector<InputSpec> &specs,
                  const Signature &expected) {
  std::vector<std::string> names;
  for (const auto &e : expected)
    names.push_back(e.first);
  Batch batch;
  const InputSpec *first = nullptr;
  std::vector<std::pair<const InputSpec *, const std::vector<int64_t> *>>
      matched;
  for (const InputSpec &spec : specs) {
    auto it = llvm::find_if(expected,
                            [&](const auto &e) { return e.first == spec.name; });
    if (it == expected.end())
      fail(spec.file + ": unknown input '" + spec.name + "'; " + model +
           " has inputs: " + join(names, ", "));
    std::optional<cim::kernels::SampleLayout> layout =
        cim::kernels::sampleLayout(spec.tensor.shape, it->second);
    if (!layout)
      fail(spec.file + ": input '" + spec.name + "' has shape " +
           formatShape(spec.tensor.shape) + ", " + model + " expects " +
           cim::kernels::describeSampleShapes(it->second));
    if (layout->samples == 0)
      fail(spec.file + ": input '" + spec.name + "' holds no samples (shape " +
           formatShape(spec.tensor.shape) + ")");
    if (!first) {
      first = &spec;
      batch.samples = layout->samples;
    } else if (layout->samples != batch.samples) {
      fail(spec.file + ": input '" + spec.name + "' holds " +
           Twine(layout->samples) + " samples, but " + first->file +
           " (input '" + first->name + "') holds " + Twine(batch.samples) +
           "; every input must hold the same number of samples");
    }
    batch.single &= layout->single;
    batch.newAxis |= layout->newAxis;
    matched.push_back({&spec, &it->second});
  }
  for (const auto &e : expected)
    if (llvm::none_of(specs,
                      [&](const InputSpec &s) { return s.name == e.first; }))
      fail(model + ": missing input '" + e.first + "' (shape " +
           formatShape(e.second) + "); pass --input=" + e.first +
           ":FILE.npy");
  batch.inputs.resize(batch.samples);
  for (int64_t s = 0; s < batch.samples; ++s)
    for (auto [spec, shape] : matched)
      batch.inputs[s][spec->name] =
          cim::kernels::sliceSample(spec->tensor, *shape, s);
  return batch;
}

/// Runs job(i) for every i in [0, count) on the worker threads. Each job
/// writes only its own result slot, so what the caller does with the slots
/// afterwards, in index order, does not depend on the thread count.
void parallelFor(size_t count, function_ref<void(size_t)> job) {
  size_t workers =
      threadCount ? threadCount : std::thread::hardware_concurrency();
  workers = std::max<size_t>(1, std::min(workers, count));
  if (workers == 1) {
    for (size_t i = 0; i < count; ++i)
      job(i);
    return;
  }
  std::atomic<size_t> next{0};
  std::vector<std::thread> pool;
  for (size_t w = 0; w < workers; ++w)
    pool.emplace_back([&] {
      for (size_t i = next++; i < count; i = next++)
        job(i);
    });
  for (std::thread &t : pool)
    t.join();
}

/// "file: " for a single-sample run, "file: sample K: " for a batch.
std::string samplePrefix(StringRef file, const Batch &batch, size_t sample) {
  if (batch.single)
    return (file + ": ").str();
  return formatv("{0}: sample {1}: ", file, sample).str();
}

/// One output of a run over all samples: the per-sample tensors stacked.
std::vector<Tensor> stackOutputs(const std::vector<std::vector<Tensor>> &runs,
                                 const Batch &batch) {
  if (batch.single && runs.size() == 1)
    return runs.front();
  std::vector<Tensor> stacked;
  size_t outputs = runs.empty() ? 0 : runs.front().size();
  for (size_t o = 0; o < outputs; ++o) {
    std::vector<Tensor> samples;
    for (const std::vector<Tensor> &run : runs)
      samples.push_back(run[o]);
    stacked.push_back(cim::kernels::stackSamples(samples, batch.newAxis));
  }
  return stacked;
}

/// An MLIR context with the dialects a reference module may use.
void loadDialects(mlir::MLIRContext &context) {
  context.loadDialect<mlir::func::FuncDialect, mlir::tosa::TosaDialect,
                      cim::CIMDialect>();
}

/// Parses a .mlir file or imports a .onnx one; the first error diagnostic
/// becomes a one-line failure.
mlir::OwningOpRef<mlir::ModuleOp> loadModule(StringRef path,
                                             mlir::MLIRContext &context) {
  std::string firstError;
  mlir::ScopedDiagnosticHandler handler(
      &context, [&](mlir::Diagnostic &diag) {
        if (diag.getSeverity() == mlir::DiagnosticSeverity::Error &&
            firstError.empty()) {
          std::string location = cim::reference::formatLocation(diag.getLocation());
          // One line: multi-line messages (the ONNX checker's) are joined.
          std::string message = diag.str();
          std::replace(message.begin(), message.end(), '\n', ' ');
          firstError = location == "unknown location"
                           ? (path + ": " + message).str()
                           : location + ": " + message;
        }
        return mlir::success();
      });
  mlir::OwningOpRef<mlir::ModuleOp> module;
  if (!sys::fs::exists(path))
    fail(path + ": no such file");
  if (path.ends_with(".onnx")) {
    cim::ImportONNXOptions options;
    std::string error;
    for (const std::string &text : importInputShapes)
      if (!cim::parseInputShapeOption(text, options, error))
        fail(path + ": " + error);
    for (const std::string &name : importOutputs) {
      if (name.empty())
        fail(path + ": --outputs has an empty name (expected NAME,NAME,...)");
      options.outputs.push_back(name);
    }
    module = cim::importONNXFile(path, options, &context);
  } else {
    if (!importInputShapes.empty() || !importOutputs.empty())
      fail(path + ": --input-shape and --outputs apply to an .onnx model");
    module = mlir::parseSourceFile<mlir::ModuleOp>(path, &context);
  }
  if (!module)
    fail(firstError.empty() ? (path + ": cannot load the model").str()
                            : firstError);
  return module;
}

/// A loaded reference model: its module and @main's signature.
struct ReferenceModel {
  std::string path;
  mlir::MLIRContext context;
  mlir::OwningOpRef<mlir::ModuleOp> module;
  Signature inputs;
  std::vector<std::string> outputNames;
  /// Values per sample of the first output (0 when it has no static shape).
  int64_t firstOutputSize = 0;
};

std::unique_ptr<ReferenceModel> loadReference(StringRef path) {
  auto model = std::make_unique<ReferenceModel>();
  model->path = path.str();
  loadDialects(model->context);
  model->module = loadModule(path, model->context);
  Expected<mlir::func::FuncOp> main = cim::reference::getMain(*model->module);
  if (!main)
    fail(path + ": " + toString(main.takeError()));
  std::vector<std::string> names = cim::reference::inputNames(*main);
  for (auto [i, type] : llvm::enumerate(main->getArgumentTypes())) {
    auto ranked = dyn_cast<mlir::RankedTensorType>(type);
    if (!ranked || !ranked.hasStaticShape())
      fail(path + ": input '" + names[i] + "' has no static shape");
    model->inputs.push_back(
        {names[i], std::vector<int64_t>(ranked.getShape().begin(),
                                        ranked.getShape().end())});
  }
  model->outputNames = cim::reference::outputNames(*main);
  if (main->getNumResults() > 0)
    if (auto ranked =
            dyn_cast<mlir::RankedTensorType>(main->getResultTypes()[0]))
      if (ranked.hasStaticShape())
        model->firstOutputSize = ranked.getNumElements();
  return model;
}

/// Runs the reference on every sample; returns the outputs per sample.
std::vector<std::vector<Tensor>> runReference(ReferenceModel &model,
                                              const Batch &batch) {
  std::vector<std::vector<Tensor>> runs(batch.samples);
  std::vector<std::string> errors(batch.samples);
  parallelFor(batch.samples, [&](size_t s) {
    Expected<std::vector<Tensor>> outputs =
        cim::reference::runByName(*model.module, batch.inputs[s]);
    if (outputs)
      runs[s] = std::move(*outputs);
    else
      errors[s] = samplePrefix(model.path, batch, s) +
                  toString(outputs.takeError());
  });
  for (const std::string &error : errors)
    if (!error.empty())
      fail(error);
  return runs;
}

//===----------------------------------------------------------------------===//
// Labels and accuracy
//===----------------------------------------------------------------------===//

/// Class labels, one per sample.
struct Labels {
  std::string file;
  std::vector<int64_t> values;
};

std::optional<Labels> readLabels(int64_t samples) {
  if (labelsFile.empty())
    return std::nullopt;
  Expected<Tensor> tensor = cim::kernels::readNpy(labelsFile);
  if (!tensor)
    fail(tensor.takeError());
  if (tensor->numel() != samples)
    fail(formatv("{0}: holds {1} labels (shape {2}), expected {3}, one per "
                 "sample of the inputs",
                 labelsFile, tensor->numel(), formatShape(tensor->shape),
                 samples));
  Labels labels;
  labels.file = labelsFile;
  for (auto [i, v] : llvm::enumerate(tensor->data)) {
    if (!std::isfinite(v) || v != std::floor(v) || v < 0)
      fail(formatv("{0}: label #{1} is {2}, expected an integral class index "
                   ">= 0",
                   labelsFile, i, format("%g", v)));
    labels.values.push_back(static_cast<int64_t>(v));
  }
  return labels;
}

/// Every label must index the first output of a sample (`classes` values).
void checkLabelRange(const Labels &labels, int64_t classes, StringRef model,
                     StringRef output) {
  if (classes <= 0)
    fail(model + ": --labels needs a model output with a static shape");
  for (auto [i, label] : llvm::enumerate(labels.values))
    if (label >= classes)
      fail(formatv("{0}: label #{1} is {2}, but output '{3}' of {4} has {5} "
                   "values per sample",
                   labels.file, i, label, output, model, classes));
}

struct Accuracy {
  int64_t correct = 0;
  int64_t samples = 0;
  double top1() const { return samples ? double(correct) / samples : 0.0; }
};

/// Arg-max of each sample's first output (flattened; the first maximum wins
/// ties) against the labels.
Accuracy accuracyOf(const std::vector<std::vector<Tensor>> &runs,
                    const Labels &labels) {
  Accuracy accuracy;
  for (auto [s, run] : llvm::enumerate(runs)) {
    const std::vector<float> &values = run.front().data;
    size_t best = 0;
    for (size_t i = 1; i < values.size(); ++i)
      if (values[i] > values[best])
        best = i;
    if (!values.empty() && static_cast<int64_t>(best) == labels.values[s])
      ++accuracy.correct;
    ++accuracy.samples;
  }
  return accuracy;
}

json::Value toJSON(const Accuracy &accuracy) {
  return json::Object{{"top1", accuracy.top1()},
                      {"correct", accuracy.correct},
                      {"samples", accuracy.samples}};
}

void printAccuracy(raw_ostream &os, StringRef name, const Accuracy &a) {
  os << formatv("  {0,-24} {1:F4} ({2}/{3})\n", name, a.top1(), a.correct,
                a.samples);
}

//===----------------------------------------------------------------------===//
// Outputs
//===----------------------------------------------------------------------===//

/// A file to write once everything has been computed.
struct PendingOutput {
  std::string path;
  Tensor tensor;
};

/// Writes every pending output; on a failure removes what was written.
void writeOutputs(const std::vector<PendingOutput> &pending) {
  std::vector<std::string> written;
  for (const PendingOutput &out : pending) {
    StringRef dir = sys::path::parent_path(out.path);
    std::error_code ec = dir.empty() ? std::error_code()
                                     : sys::fs::create_directories(dir);
    Error err = ec ? createStringError(ec, dir + ": cannot create directory: " +
                                               ec.message())
                   : cim::kernels::writeNpy(out.path, out.tensor);
    if (err) {
      for (const std::string &path : written)
        sys::fs::remove(path);
      fail(std::move(err));
    }
    written.push_back(out.path);
  }
}

void addOutputs(std::vector<PendingOutput> &pending, StringRef dir,
                const std::vector<std::string> &names,
                const std::vector<Tensor> &tensors) {
  for (size_t i = 0; i < names.size() && i < tensors.size(); ++i) {
    SmallString<256> path(dir);
    sys::path::append(path, fileNameFor(names[i]) + ".npy");
    for (const PendingOutput &other : pending)
      if (other.path == path)
        fail("outputs '" + names[i] + "' and another map to the same file " +
             path);
    pending.push_back({std::string(path), tensors[i]});
  }
}

//===----------------------------------------------------------------------===//
// The two modes of the tool
//===----------------------------------------------------------------------===//

int runReferenceMode() {
  std::unique_ptr<ReferenceModel> model = loadReference(inputFile);
  std::vector<InputSpec> specs = readInputs(model->inputs);
  Batch batch = checkInputs(inputFile, specs, model->inputs);
  std::optional<Labels> labels = readLabels(batch.samples);
  if (labels)
    checkLabelRange(*labels, model->firstOutputSize, inputFile,
                    model->outputNames.empty() ? "" : model->outputNames[0]);

  std::vector<std::vector<Tensor>> runs = runReference(*model, batch);
  std::vector<PendingOutput> pending;
  addOutputs(pending, outputDir, model->outputNames, stackOutputs(runs, batch));
  writeOutputs(pending);
  if (!labels)
    return 0;
  // The reference has no cost report; with labels it reports its accuracy.
  Accuracy accuracy = accuracyOf(runs, *labels);
  if (reportFormat == ReportFormat::Json) {
    json::Object mode{{"name", "reference"},
                      {"samples", batch.samples},
                      {"accuracy", toJSON(accuracy)}};
    json::Value report = json::Object{
        {"model", sys::path::filename(inputFile).str()},
        {"modes", json::Array{std::move(mode)}}};
    outs() << formatv("{0:2}", report) << "\n";
  } else {
    outs() << "model " << sys::path::filename(inputFile)
           << ", float reference, " << batch.samples << " samples\n";
    outs() << "top-1 accuracy against " << sys::path::filename(labels->file)
           << ":\n";
    printAccuracy(outs(), "float reference", accuracy);
  }
  return 0;
}

/// `value` when every sample has it, else the mean over the samples.
double perInference(ArrayRef<double> values) {
  if (llvm::all_equal(values))
    return values.empty() ? 0.0 : values.front();
  double sum = 0;
  for (double v : values)
    sum += v;
  return sum / double(values.size());
}

/// The report of one mode over all samples: event counts summed and priced
/// once (energies are totals over the samples), latencies per inference.
cim::estimator::ModeReport
combineReports(const cim::program::Program &program,
               std::vector<cim::estimator::ModeReport> &perSample) {
  if (perSample.size() == 1)
    return std::move(perSample.front());
  cim::estimator::LayerCounts counts;
  for (const cim::estimator::ModeReport &r : perSample)
    for (const cim::estimator::LayerReport &layer : r.layers)
      counts[layer.name].add(layer.metrics.counts);
  cim::estimator::ModeReport combined =
      cim::estimator::priceMode(program, perSample.front().name, counts);
  std::vector<double> latencies;
  for (const cim::estimator::ModeReport &r : perSample)
    latencies.push_back(r.total.latencyNs);
  combined.total.latencyNs = perInference(latencies);
  for (cim::estimator::LayerReport &layer : combined.layers) {
    latencies.clear();
    for (const cim::estimator::ModeReport &r : perSample) {
      auto it = llvm::find_if(r.layers, [&](const auto &l) {
        return l.name == layer.name;
      });
      latencies.push_back(it == r.layers.end() ? 0.0 : it->metrics.latencyNs);
    }
    layer.metrics.latencyNs = perInference(latencies);
  }
  return combined;
}

int runSimulation() {
  ErrorOr<std::unique_ptr<MemoryBuffer>> buffer = MemoryBuffer::getFile(
      inputFile, /*IsText=*/false, /*RequiresNullTerminator=*/false);
  if (!buffer)
    fail(inputFile + ": cannot read: " + buffer.getError().message());
  Expected<cim::program::Program> program =
      cim::readBinary((*buffer)->getBuffer(), inputFile);
  if (!program)
    fail(program.takeError());

  // Inputs and outputs of the binary, in descriptor order.
  Signature expected;
  std::vector<std::string> outputNames;
  int64_t firstOutputSize = 0;
  for (const cim::program::TensorDesc &desc : program->tensors) {
    if (desc.role == cim::program::TensorRole::Input) {
      expected.push_back({desc.name, desc.shape});
    } else if (desc.role == cim::program::TensorRole::Output) {
      if (outputNames.empty())
        firstOutputSize = desc.numel();
      outputNames.push_back(desc.name);
    }
  }
  std::vector<InputSpec> specs = readInputs(expected);
  Batch batch = checkInputs(inputFile, specs, expected);

  std::vector<std::string> modes;
  if (mode == "all") {
    for (const cim::program::Mode &m : program->modes)
      modes.push_back(m.name);
    if (modes.empty())
      modes.push_back("");
  } else {
    if (!mode.empty() &&
        llvm::none_of(program->modes, [&](const cim::program::Mode &m) {
          return m.name == mode;
        })) {
      std::vector<std::string> known;
      for (const cim::program::Mode &m : program->modes)
        known.push_back(m.name);
      fail(inputFile + ": unknown mode '" + mode + "'; the binary's modes are: " +
           (known.empty() ? std::string("(none)") : join(known, ", ")) +
           ", or 'all'");
    }
    modes.push_back(mode);
  }

  std::optional<Labels> labels = readLabels(batch.samples);
  if (labels)
    checkLabelRange(*labels, firstOutputSize, inputFile,
                    outputNames.empty() ? "" : outputNames[0]);

  // The float reference over the same samples.
  std::optional<std::vector<std::vector<Tensor>>> refRuns;
  std::vector<Tensor> refOutputs;
  if (!compareReference.empty()) {
    std::unique_ptr<ReferenceModel> ref = loadReference(compareReference);
    Batch refBatch = checkInputs(compareReference, specs, ref->inputs);
    if (refBatch.samples != batch.samples)
      fail(compareReference + ": the inputs hold " +
           Twine(refBatch.samples) + " samples of this model's inputs but " +
           Twine(batch.samples) + " of the binary's");
    if (ref->outputNames != outputNames)
      fail(compareReference + ": outputs (" + join(ref->outputNames, ", ") +
           ") differ from the binary's (" + join(outputNames, ", ") + ")");
    refRuns = runReference(*ref, refBatch);
    refOutputs = stackOutputs(*refRuns, batch);
  }

  // Every (mode, sample) pair is one job.
  size_t samples = static_cast<size_t>(batch.samples);
  std::vector<std::optional<cim::sim::SimResult>> results(modes.size() *
                                                          samples);
  std::vector<std::string> errors(results.size());
  // Threads the jobs leave idle share the pixels of each crossbar read.
  size_t workers =
      threadCount ? threadCount : std::thread::hardware_concurrency();
  unsigned pixelThreads =
      unsigned(std::max<size_t>(1, workers / std::max<size_t>(1, results.size())));
  parallelFor(results.size(), [&](size_t job) {
    cim::sim::SimOptions options;
    options.mode = modes[job / samples];
    options.threads = pixelThreads;
    size_t s = job % samples;
    Expected<cim::sim::SimResult> result =
        cim::sim::simulate(*program, batch.inputs[s], options);
    if (result)
      results[job] = std::move(*result);
    else
      errors[job] =
          samplePrefix(inputFile, batch, s) + toString(result.takeError());
  });
  for (const std::string &error : errors)
    if (!error.empty())
      fail(error);

  cim::estimator::Report report;
  report.arch = program->arch.name;
  report.model = program->modelName;
  std::vector<Accuracy> accuracies;
  std::vector<PendingOutput> pending;
  for (auto [m, modeName] : llvm::enumerate(modes)) {
    std::vector<std::vector<Tensor>> runs;
    std::vector<cim::estimator::ModeReport> reports;
    for (size_t s = 0; s < samples; ++s) {
      cim::sim::SimResult &result = *results[m * samples + s];
      runs.push_back(std::move(result.outputs));
      reports.push_back(std::move(result.report));
    }
    std::vector<Tensor> outputs = stackOutputs(runs, batch);
    cim::estimator::ModeReport modeReport = combineReports(*program, reports);
    if (refRuns) {
      Expected<cim::reference::Fidelity> f =
          cim::reference::compareOutputs(refOutputs, outputs);
      if (!f)
        fail(compareReference + ": " + toString(f.takeError()));
      cim::estimator::Fidelity fidelity;
      fidelity.reference = "float";
      fidelity.snrDb = f->snrDb;
      fidelity.cosine = f->cosine;
      fidelity.top1Agreement = f->top1Agreement;
      modeReport.fidelity = fidelity;
    }
    if (labels)
      accuracies.push_back(accuracyOf(runs, *labels));
    SmallString<256> dir(outputDir);
    if (mode == "all" && !modeName.empty())
      sys::path::append(dir, fileNameFor(modeName));
    addOutputs(pending, dir, outputNames, outputs);
    report.modes.push_back(std::move(modeReport));
  }
  std::optional<Accuracy> refAccuracy;
  if (labels && refRuns)
    refAccuracy = accuracyOf(*refRuns, *labels);

  writeOutputs(pending);
  if (reportFormat == ReportFormat::Json) {
    json::Value value = cim::estimator::toJSON(report);
    json::Object &object = *value.getAsObject();
    json::Array &modeObjects = *object.getArray("modes");
    for (auto [m, modeObject] : llvm::enumerate(modeObjects)) {
      json::Object &o = *modeObject.getAsObject();
      o["samples"] = batch.samples;
      if (labels)
        o["accuracy"] = toJSON(accuracies[m]);
    }
    if (refAccuracy)
      object["reference_accuracy"] = toJSON(*refAccuracy);
    outs() << formatv("{0:2}", value) << "\n";
    return 0;
  }
  cim::estimator::printReport(outs(), report);
  if (!batch.single)
    outs() << "\n"
           << batch.samples
           << " samples: latency_ns is per inference; energy_pj and event "
              "counts are totals over the samples\n";
  if (labels) {
    outs() << (batch.single ? "\n" : "") << "top-1 accuracy against "
           << sys::path::filename(labels->file) << ":\n";
    for (auto [m, accuracy] : llvm::enumerate(accuracies))
      printAccuracy(outs(), report.modes[m].name, accuracy);
    if (refAccuracy)
      printAccuracy(outs(), "float reference", *refAccuracy);
  }
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  InitLLVM y(argc, argv);
  // libLLVM registers an undocumented --threads option of its own that this
  // tool does not use; ours takes its name.
  auto &registered = cl::getRegisteredOptions();
  if (auto it = registered.find("threads"); it != registered.end())
    it->second->removeArgument();
  static cl::opt<unsigned, /*ExternalStorage=*/true> threads(
      "threads",
      cl::desc("Worker threads running the samples (default 0: one per "
               "hardware thread); threads the samples leave idle share the "
               "pixels of each crossbar read. The output does not depend on "
               "it"),
      cl::value_desc("T"), cl::location(threadCount), cl::init(0),
      cl::cat(category));
  cl::HideUnrelatedOptions(category);
  cl::ParseCommandLineOptions(
      argc, argv,
      "cim-sim: bit-accurate simulation of a compiled .cimb binary, or the "
      "float reference of a model\n\n"
      "  cim-sim model.cimb --input=NAME:x.npy... [--mode=M|all] "
      "[--output-dir=D]\n"
      "          [--report=json|table] "
      "[--compare-reference=model.mlir|model.onnx]\n"
      "          [--labels=y.npy] [--threads=T]\n"
      "  cim-sim model.mlir --reference --input=NAME:x.npy... "
      "[--output-dir=D] [--labels=y.npy]\n"
      "  (an .onnx model for --reference or --compare-reference also takes "
      "--input-shape=NAME:DIMS... and --outputs=NAME,...)\n\n"
      "An input file holds one sample or N; the N inferences run on T "
      "threads. Outputs are written to D/<output name>.npy after the whole "
      "run succeeded, stacked along axis 0 for N samples; the cost report "
      "(per mode, per layer; energies and event counts summed over the "
      "samples, latency per inference) goes to stdout.\n"
      "Exit status: 0 on success, 1 on a user error (one line on stderr).\n");

  if (reference && !compareReference.empty())
    fail("--compare-reference applies to a .cimb simulation, not to "
         "--reference");
  if (reference && !mode.empty())
    fail("--mode applies to a .cimb simulation, not to --reference");
  if (!reference && compareReference.empty() &&
      (!importInputShapes.empty() || !importOutputs.empty()))
    fail("--input-shape and --outputs apply to the .onnx model of "
         "--reference or --compare-reference");

  return reference ? runReferenceMode() : runSimulation();
}
