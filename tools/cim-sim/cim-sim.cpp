//===- cim-sim.cpp - Run a compiled .cimb binary or the float reference ---===//
//
//   cim-sim model.cimb --input=NAME:x.npy... [--mode=M|all] [--output-dir=D]
//           [--report=json|table] [--compare-reference=model.mlir|model.onnx]
//   cim-sim model.mlir --reference --input=NAME:x.npy... [--output-dir=D]
//
// Everything is computed before anything is written, and every file is
// written through a temporary name renamed on success, so a failing run
// leaves no output file behind. User errors exit 1 with one line naming the
// file.
//
//===----------------------------------------------------------------------===//

#include "cim/Dialect/CIM/IR/CIM.h"
#include "cim/Estimator/Report.h"
#include "cim/Kernels/Npy.h"
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
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <map>
#include <string>
#include <vector>

using namespace llvm;
using cim::kernels::Tensor;

namespace {

cl::OptionCategory category("cim-sim options");

cl::opt<std::string> inputFile(cl::Positional, cl::Required,
                               cl::desc("<model.cimb | model.mlir | model.onnx>"),
                               cl::cat(category));

cl::list<std::string>
    inputs("input",
           cl::desc("Input tensor: NAME:FILE.npy, one per model input "
                    "(repeatable; NAME is the ONNX input name)"),
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
             "'_' in the name become '_'). Created if missing (default: .)"),
    cl::value_desc("D"), cl::init("."), cl::cat(category));

enum class ReportFormat { Table, Json };
cl::opt<ReportFormat> reportFormat(
    "report", cl::desc("Format of the cost report printed on stdout"),
    cl::values(clEnumValN(ReportFormat::Table, "table",
                          "readable table (default)"),
               clEnumValN(ReportFormat::Json, "json",
                          "JSON, schema of DESIGN.md section 10")),
    cl::init(ReportFormat::Table), cl::cat(category));

cl::opt<std::string> compareReference(
    "compare-reference",
    cl::desc("Also run the float reference of this model (.mlir, or .onnx "
             "imported first) on the same inputs and report each mode's "
             "fidelity: SNR, cosine similarity, top-1 agreement"),
    cl::value_desc("model.mlir|model.onnx"), cl::cat(category));

/// A user error: one line on stderr, exit status 1.
[[noreturn]] void fail(const Twine &message) {
  errs() << "cim-sim: " << message << "\n";
  errs().flush();
  std::exit(1);
}

[[noreturn]] void fail(Error err) { fail(toString(std::move(err))); }

std::string formatShape(ArrayRef<int64_t> shape) {
  if (shape.empty())
    return "scalar";
  std::string text;
  for (size_t i = 0; i < shape.size(); ++i)
    text += (i ? "x" : "") + std::to_string(shape[i]);
  return text;
}

std::string fileNameFor(StringRef name) {
  std::string out;
  for (char c : name)
    out.push_back(isAlnum(c) || c == '.' || c == '-' || c == '_' ? c : '_');
  if (out.empty() || out == "." || out == "..")
    out = "output" + out;
  return out;
}

/// One parsed --input option.
struct InputSpec {
  std::string name;
  std::string file;
  Tensor tensor;
};

std::vector<InputSpec> readInputs() {
  std::vector<InputSpec> specs;
  for (const std::string &text : inputs) {
    StringRef name, file;
    std::tie(name, file) = StringRef(text).split(':');
    if (name.empty() || file.empty())
      fail("--input expects NAME:FILE.npy, got '" + text + "'");
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

/// Checks the given inputs against the model's (name, shape) list, naming
/// the offending file.
void checkInputs(StringRef model, const std::vector<InputSpec> &specs,
                 const std::vector<std::pair<std::string,
                                             std::vector<int64_t>>> &expected) {
  std::vector<std::string> names;
  for (const auto &e : expected)
    names.push_back(e.first);
  for (const InputSpec &spec : specs) {
    auto it = llvm::find_if(expected,
                            [&](const auto &e) { return e.first == spec.name; });
    if (it == expected.end())
      fail(spec.file + ": unknown input '" + spec.name + "'; " + model +
           " has inputs: " + join(names, ", "));
    if (it->second != spec.tensor.shape)
      fail(spec.file + ": input '" + spec.name + "' has shape " +
           formatShape(spec.tensor.shape) + ", " + model + " expects " +
           formatShape(it->second));
  }
  for (const auto &e : expected)
    if (llvm::none_of(specs,
                      [&](const InputSpec &s) { return s.name == e.first; }))
      fail(model + ": missing input '" + e.first + "' (shape " +
           formatShape(e.second) + "); pass --input=" + e.first +
           ":FILE.npy");
}

std::map<std::string, Tensor> byName(const std::vector<InputSpec> &specs) {
  std::map<std::string, Tensor> map;
  for (const InputSpec &spec : specs)
    map[spec.name] = spec.tensor;
  return map;
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
    module = cim::importONNXFile(path, cim::ImportONNXOptions(), &context);
  } else {
    module = mlir::parseSourceFile<mlir::ModuleOp>(path, &context);
  }
  if (!module)
    fail(firstError.empty() ? (path + ": cannot load the model").str()
                            : firstError);
  return module;
}

/// Input names and shapes of a reference module's @main.
std::vector<std::pair<std::string, std::vector<int64_t>>>
moduleInputs(StringRef path, mlir::func::FuncOp main) {
  std::vector<std::pair<std::string, std::vector<int64_t>>> result;
  std::vector<std::string> names = cim::reference::inputNames(main);
  for (auto [i, type] : llvm::enumerate(main.getArgumentTypes())) {
    auto ranked = dyn_cast<mlir::RankedTensorType>(type);
    if (!ranked || !ranked.hasStaticShape())
      fail(path + ": input '" + names[i] + "' has no static shape");
    result.push_back(
        {names[i], std::vector<int64_t>(ranked.getShape().begin(),
                                        ranked.getShape().end())});
  }
  return result;
}

/// Runs the reference of `path` on the inputs; returns outputs and names.
std::pair<std::vector<Tensor>, std::vector<std::string>>
runReference(StringRef path, const std::vector<InputSpec> &specs) {
  mlir::MLIRContext context;
  loadDialects(context);
  mlir::OwningOpRef<mlir::ModuleOp> module = loadModule(path, context);
  Expected<mlir::func::FuncOp> main = cim::reference::getMain(*module);
  if (!main)
    fail(path + ": " + toString(main.takeError()));
  checkInputs(path, specs, moduleInputs(path, *main));
  Expected<std::vector<Tensor>> outputs =
      cim::reference::runByName(*module, byName(specs));
  if (!outputs)
    fail(path + ": " + toString(outputs.takeError()));
  return {std::move(*outputs), cim::reference::outputNames(*main)};
}

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

int runReferenceMode(const std::vector<InputSpec> &specs) {
  auto [outputs, names] = runReference(inputFile, specs);
  std::vector<PendingOutput> pending;
  addOutputs(pending, outputDir, names, outputs);
  writeOutputs(pending);
  return 0;
}

int runSimulation(const std::vector<InputSpec> &specs) {
  ErrorOr<std::unique_ptr<MemoryBuffer>> buffer = MemoryBuffer::getFile(
      inputFile, /*IsText=*/false, /*RequiresNullTerminator=*/false);
  if (!buffer)
    fail(inputFile + ": cannot read: " + buffer.getError().message());
  Expected<cim::program::Program> program =
      cim::readBinary((*buffer)->getBuffer(), inputFile);
  if (!program)
    fail(program.takeError());

  // Inputs and outputs of the binary, in descriptor order.
  std::vector<std::pair<std::string, std::vector<int64_t>>> expected;
  std::vector<std::string> outputNames;
  for (const cim::program::TensorDesc &desc : program->tensors) {
    if (desc.role == cim::program::TensorRole::Input)
      expected.push_back({desc.name, desc.shape});
    else if (desc.role == cim::program::TensorRole::Output)
      outputNames.push_back(desc.name);
  }
  checkInputs(inputFile, specs, expected);

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

  std::optional<std::pair<std::vector<Tensor>, std::vector<std::string>>> ref;
  if (!compareReference.empty()) {
    ref = runReference(compareReference, specs);
    if (ref->second != outputNames)
      fail(compareReference + ": outputs (" + join(ref->second, ", ") +
           ") differ from the binary's (" + join(outputNames, ", ") + ")");
  }

  std::map<std::string, Tensor> inputsByName = byName(specs);
  cim::estimator::Report report;
  report.arch = program->arch.name;
  report.model = program->modelName;
  std::vector<PendingOutput> pending;
  for (const std::string &m : modes) {
    cim::sim::SimOptions options;
    options.mode = m;
    Expected<cim::sim::SimResult> result =
        cim::sim::simulate(*program, inputsByName, options);
    if (!result)
      fail(inputFile + ": " + toString(result.takeError()));
    if (ref) {
      Expected<cim::reference::Fidelity> f =
          cim::reference::compareOutputs(ref->first, result->outputs);
      if (!f)
        fail(compareReference + ": " + toString(f.takeError()));
      cim::estimator::Fidelity fidelity;
      fidelity.reference = "float";
      fidelity.snrDb = f->snrDb;
      fidelity.cosine = f->cosine;
      fidelity.top1Agreement = f->top1Agreement;
      result->report.fidelity = fidelity;
    }
    SmallString<256> dir(outputDir);
    if (mode == "all" && !m.empty())
      sys::path::append(dir, fileNameFor(m));
    addOutputs(pending, dir, outputNames, result->outputs);
    report.modes.push_back(std::move(result->report));
  }

  writeOutputs(pending);
  if (reportFormat == ReportFormat::Json)
    outs() << formatv("{0:2}", cim::estimator::toJSON(report)) << "\n";
  else
    cim::estimator::printReport(outs(), report);
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  InitLLVM y(argc, argv);
  cl::HideUnrelatedOptions(category);
  cl::ParseCommandLineOptions(
      argc, argv,
      "cim-sim: bit-accurate simulation of a compiled .cimb binary, or the "
      "float reference of a model\n\n"
      "  cim-sim model.cimb --input=NAME:x.npy... [--mode=M|all] "
      "[--output-dir=D]\n"
      "          [--report=json|table] "
      "[--compare-reference=model.mlir|model.onnx]\n"
      "  cim-sim model.mlir --reference --input=NAME:x.npy... "
      "[--output-dir=D]\n\n"
      "Outputs are written to D/<output name>.npy after the whole run "
      "succeeded; the cost report (per mode, per layer) goes to stdout.\n"
      "Exit status: 0 on success, 1 on a user error (one line on stderr).\n");

  if (reference && !compareReference.empty())
    fail("--compare-reference applies to a .cimb simulation, not to "
         "--reference");
  if (reference && !mode.empty())
    fail("--mode applies to a .cimb simulation, not to --reference");

  std::vector<InputSpec> specs = readInputs();
  return reference ? runReferenceMode(specs) : runSimulation(specs);
}
