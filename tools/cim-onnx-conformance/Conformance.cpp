//===- Conformance.cpp - ONNX node tests against the reference ------------===//

#include "Conformance.h"

#include "cim/Kernels/Kernels.h"
#include "cim/Reference/Reference.h"
#include "cim/Target/ONNX/ImportONNX.h"
#include "cim/Target/ONNX/TensorProtoIO.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <deque>
#include <map>
#include <optional>

#include <fcntl.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace cim::conformance;
using cim::kernels::Tensor;
using llvm::StringRef;

namespace {

constexpr size_t kMaxReasonLength = 300;
constexpr const char *kOutcomeNames[] = {"pass",        "fail",  "diagnostic",
                                         "unsupported", "crash", "hang"};
constexpr Outcome kAllOutcomes[] = {Outcome::Pass,        Outcome::Fail,
                                    Outcome::Diagnostic,  Outcome::Unsupported,
                                    Outcome::Crash,       Outcome::Hang};

llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

/// The first non-empty line of `text`, shortened to one report line.
std::string firstLine(StringRef text) {
  StringRef line;
  while (!text.empty() && line.empty()) {
    std::tie(line, text) = text.split('\n');
    line = line.trim();
  }
  std::string out = line.str();
  if (out.size() > kMaxReasonLength)
    out = out.substr(0, kMaxReasonLength) + "...";
  return out;
}

/// `text` without the occurrences of `dir` + "/", so that reasons name
/// `model.onnx` rather than an absolute path.
std::string stripDir(StringRef text, StringRef dir) {
  std::string prefix = (dir + "/").str();
  std::string out = text.str();
  for (size_t pos; (pos = out.find(prefix)) != std::string::npos;)
    out.erase(pos, prefix.size());
  return out;
}

std::string shapeText(const std::vector<int64_t> &shape) {
  if (shape.empty())
    return "scalar";
  return llvm::join(llvm::map_range(shape,
                                    [](int64_t d) { return std::to_string(d); }),
                    "x");
}

std::string formatNumber(double value) {
  char text[32];
  std::snprintf(text, sizeof(text), "%.4g", value);
  return text;
}

std::optional<std::string> readFile(StringRef path, std::string &error) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer =
      llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                  /*RequiresNullTerminator=*/false);
  if (!buffer) {
    error = (path + ": " + buffer.getError().message()).str();
    return std::nullopt;
  }
  return (*buffer)->getBuffer().str();
}

llvm::Expected<cim::ONNXModelSummary> summarizeDir(StringRef dir) {
  llvm::SmallString<256> path(dir);
  llvm::sys::path::append(path, "model.onnx");
  std::string error;
  std::optional<std::string> bytes = readFile(path, error);
  if (!bytes)
    return makeError(error);
  return cim::summarizeONNXModel(*bytes, path);
}

/// Lower case without '_' and '.': "test_batch_norm" and "BatchNorm" meet.
std::string normalize(StringRef text) {
  std::string out;
  for (char c : text)
    if (c != '_' && c != '.')
      out.push_back(llvm::toLower(c));
  return out;
}

/// The operator a test is about; see TestInfo::op.
std::string operatorUnderTest(StringRef name, StringRef dataDir,
                              const cim::ONNXModelSummary &summary) {
  const std::vector<std::string> &ops = summary.opTypes;
  if (ops.size() == 1)
    return ops.front();
  std::string key = normalize(name.drop_front(name.starts_with("test_") ? 5 : 0));
  std::string best;
  for (const std::string &op : ops) {
    std::string opKey = normalize(op);
    if (StringRef(key).starts_with(opKey) && opKey.size() > best.size())
      best = op;
  }
  if (!best.empty())
    return best;
  size_t expanded = name.find("_expanded");
  if (expanded != StringRef::npos) {
    llvm::SmallString<256> sibling(dataDir);
    llvm::sys::path::append(sibling, name.take_front(expanded));
    if (llvm::Expected<cim::ONNXModelSummary> s = summarizeDir(sibling))
      return operatorUnderTest(name.take_front(expanded), dataDir, *s);
    else
      llvm::consumeError(s.takeError());
  }
  for (const std::string &op : ops)
    if (op != "Constant")
      return op;
  return ops.empty() ? "(no nodes)" : ops.front();
}

TestInfo describeTest(StringRef name, StringRef dataDir) {
  TestInfo info;
  info.name = name.str();
  llvm::SmallString<256> dir(dataDir);
  llvm::sys::path::append(dir, name);
  info.dir = dir.str().str();
  llvm::Expected<cim::ONNXModelSummary> summary = summarizeDir(dir);
  if (!summary) {
    llvm::consumeError(summary.takeError());
    info.op = "(unreadable model)";
    return info;
  }
  info.op = operatorUnderTest(name, dataDir, *summary);
  size_t dot = info.op.rfind('.');
  std::string domain = dot == std::string::npos ? "" : info.op.substr(0, dot);
  for (const auto &[opsetDomain, version] : summary->opsets)
    if (opsetDomain == domain)
      info.opsets.insert(version);
  return info;
}

//===----------------------------------------------------------------------===//
// One test, in process
//===----------------------------------------------------------------------===//

TestResult makeResult(const TestInfo &test, Outcome outcome,
                      const std::string &reason) {
  TestResult result;
  result.info = test;
  result.outcome = outcome;
  result.reason = firstLine(stripDir(reason, test.dir));
  return result;
}

/// The numbered files `prefix_K.pb` of a data set, K = 0, 1, ... while they
/// exist.
std::vector<std::string> numberedFiles(StringRef setDir, StringRef prefix) {
  std::vector<std::string> files;
  for (int k = 0;; ++k) {
    llvm::SmallString<256> path(setDir);
    llvm::sys::path::append(path, prefix + "_" + std::to_string(k) + ".pb");
    if (!llvm::sys::fs::exists(path))
      return files;
    files.push_back(path.str().str());
  }
}

/// The data set directories of a test, in numeric order.
std::vector<std::string> dataSets(StringRef dir) {
  std::vector<std::pair<int, std::string>> sets;
  std::error_code ec;
  for (llvm::sys::fs::directory_iterator it(dir, ec), end; it != end && !ec;
       it.increment(ec)) {
    StringRef name = llvm::sys::path::filename(it->path());
    int index;
    if (name.consume_front("test_data_set_") && !name.getAsInteger(10, index))
      sets.push_back({index, it->path()});
  }
  llvm::sort(sets);
  std::vector<std::string> paths;
  for (auto &set : sets)
    paths.push_back(set.second);
  return paths;
}

/// Compares one output; the empty string when it matches.
std::string compareOutput(const std::string &name, const Tensor &actual,
                          const Tensor &expected, const Tolerance &tol) {
  if (actual.shape != expected.shape)
    return "output '" + name + "' has shape " + shapeText(actual.shape) +
           ", expected " + shapeText(expected.shape);
  if (actual.data.size() != expected.data.size())
    return "output '" + name + "' has " + std::to_string(actual.data.size()) +
           " values for shape " + shapeText(actual.shape);
  size_t bad = 0, firstBad = 0;
  double maxAbs = 0, maxRel = 0;
  for (size_t i = 0; i < expected.data.size(); ++i) {
    double e = expected.data[i], a = actual.data[i];
    bool ok;
    double abs = 0;
    if (std::isnan(e) || std::isnan(a)) {
      ok = std::isnan(e) && std::isnan(a);
      abs = ok ? 0 : INFINITY;
    } else if (std::isinf(e) || std::isinf(a)) {
      ok = e == a;
      abs = ok ? 0 : INFINITY;
    } else {
      abs = std::fabs(a - e);
      ok = abs <= tol.atol + tol.rtol * std::fabs(e);
    }
    if (ok)
      continue;
    if (bad++ == 0)
      firstBad = i;
    maxAbs = std::max(maxAbs, abs);
    if (e != 0)
      maxRel = std::max(maxRel, abs / std::fabs(e));
  }
  if (bad == 0)
    return "";
  return "output '" + name + "': " + std::to_string(bad) + " of " +
         std::to_string(expected.data.size()) +
         " values differ, max abs error " + formatNumber(maxAbs) +
         ", max rel error " + formatNumber(maxRel) + " (first at " +
         std::to_string(firstBad) + ": " +
         formatNumber(actual.data[firstBad]) + ", expected " +
         formatNumber(expected.data[firstBad]) + ")";
}

/// Runs one data set; nullopt when it passes. Adds the names of the inputs
/// it binds as constants to `constantInputs`.
std::optional<TestResult> runDataSet(const TestInfo &test,
                                     const std::string &modelPath,
                                     const std::string &modelBytes,
                                     const cim::ONNXModelSummary &summary,
                                     StringRef setDir, const Tolerance &tol,
                                     std::vector<std::string> &constantInputs) {
  auto result = [&](Outcome o, const std::string &reason) {
    return std::optional<TestResult>(makeResult(test, o, reason));
  };
  std::string setName = llvm::sys::path::filename(setDir).str();

  // Inputs, by position in the graph's non-initializer inputs.
  std::vector<std::string> inputFiles = numberedFiles(setDir, "input");
  if (inputFiles.size() > summary.inputs.size())
    return result(Outcome::Diagnostic,
                  setName + " has " + std::to_string(inputFiles.size()) +
                      " inputs, the model " +
                      std::to_string(summary.inputs.size()));
  std::map<std::string, Tensor> inputs;
  std::string unsupportedInput;
  cim::ImportONNXOptions importOptions;
  // Tensors that are not float32 (shapes, indices, axes, masks, ...) and
  // float operands that fix a result's shape (Resize's scales) or the
  // quantization (QuantizeLinear's scale) become
  // constants: a compiler for static shapes knows them before it runs.
  llvm::Expected<std::set<std::string>> shapeOperands =
      shapeOperandInputs(modelBytes, modelPath);
  if (!shapeOperands)
    return result(Outcome::Diagnostic,
                  llvm::toString(shapeOperands.takeError()));
  std::vector<ConstantInput> constants;
  for (auto [k, file] : llvm::enumerate(inputFiles)) {
    const cim::ONNXValueInfo &info = summary.inputs[k];
    if (info.kind != "tensor") {
      if (unsupportedInput.empty())
        unsupportedInput = "input '" + info.name + "' is a " + info.kind +
                           ", not a tensor";
      continue;
    }
    std::string error;
    std::optional<std::string> bytes = readFile(file, error);
    if (!bytes)
      return result(Outcome::Diagnostic, "test data: " + error);
    llvm::Expected<cim::TensorProtoData> data =
        cim::readTensorProto(*bytes, file);
    if (!data)
      return result(Outcome::Diagnostic,
                    "test data: " + llvm::toString(data.takeError()));
    if (!data->isFloat32() || shapeOperands->count(info.name)) {
      constants.push_back({info.name, std::move(*bytes)});
      if (!llvm::is_contained(constantInputs, info.name))
        constantInputs.push_back(info.name);
      continue;
    }
    importOptions.inputShapes.push_back({info.name, data->tensor.shape});
    if (!data->converted && unsupportedInput.empty())
      unsupportedInput =
          "unsupported dtype: input '" + info.name + "' is " + data->dtype;
    inputs[info.name] = std::move(data->tensor);
  }

  // Import with the test's shapes; the first error is the reason.
  mlir::MLIRContext context(mlir::MLIRContext::Threading::DISABLED);
  context.loadDialect<mlir::func::FuncDialect, mlir::tosa::TosaDialect>();
  std::string firstError;
  mlir::ScopedDiagnosticHandler handler(&context, [&](mlir::Diagnostic &diag) {
    if (diag.getSeverity() == mlir::DiagnosticSeverity::Error &&
        firstError.empty())
      firstError = diag.str();
    return mlir::success();
  });
  std::string specialized;
  if (!constants.empty()) {
    llvm::Expected<std::string> rewritten =
        bindInputsAsConstants(modelBytes, modelPath, constants);
    if (!rewritten)
      return result(Outcome::Diagnostic,
                    "constant operands: " +
                        llvm::toString(rewritten.takeError()));
    specialized = std::move(*rewritten);
  }
  mlir::OwningOpRef<mlir::ModuleOp> module = cim::importONNXBytes(
      constants.empty() ? StringRef(modelBytes) : StringRef(specialized),
      modelPath, importOptions, &context);
  if (!module)
    return result(Outcome::Diagnostic,
                  firstError.empty() ? "import failed without a diagnostic"
                                     : "import: " + firstError);
  if (!unsupportedInput.empty())
    return result(Outcome::Unsupported, unsupportedInput);

  llvm::Expected<mlir::func::FuncOp> main = cim::reference::getMain(*module);
  if (!main)
    return result(Outcome::Diagnostic,
                  "reference: " + llvm::toString(main.takeError()));
  std::vector<std::string> argNames = cim::reference::inputNames(*main);
  std::vector<Tensor> args;
  for (const std::string &name : argNames) {
    auto it = inputs.find(name);
    if (it == inputs.end())
      return result(Outcome::Diagnostic, "the imported model's input '" +
                                             name +
                                             "' is not among the test's");
    args.push_back(it->second);
  }
  llvm::Expected<std::vector<Tensor>> outputs =
      cim::reference::run(*main, args);
  if (!outputs)
    return result(Outcome::Diagnostic,
                  "reference: " + llvm::toString(outputs.takeError()));
  std::vector<std::string> outNames = cim::reference::outputNames(*main);

  // Outputs, by position in the graph's outputs, matched to the reference's
  // results by name (by position when the names differ).
  std::vector<std::string> outputFiles = numberedFiles(setDir, "output");
  if (outputFiles.size() > summary.outputs.size())
    return result(Outcome::Diagnostic,
                  setName + " has " + std::to_string(outputFiles.size()) +
                      " outputs, the model " +
                      std::to_string(summary.outputs.size()));
  if (outputs->size() != outputFiles.size())
    return result(Outcome::Fail, "the reference returned " +
                                     std::to_string(outputs->size()) +
                                     " outputs, the test expects " +
                                     std::to_string(outputFiles.size()));
  std::string unsupportedOutput;
  for (auto [k, file] : llvm::enumerate(outputFiles)) {
    const cim::ONNXValueInfo &info = summary.outputs[k];
    if (info.kind != "tensor") {
      if (unsupportedOutput.empty())
        unsupportedOutput = "output '" + info.name + "' is a " + info.kind +
                            ", not a tensor";
      continue;
    }
    llvm::Expected<cim::TensorProtoData> expected =
        cim::readTensorProtoFile(file);
    if (!expected)
      return result(Outcome::Diagnostic,
                    "test data: " + llvm::toString(expected.takeError()));
    // 8-bit integers (QuantizeLinear's results) are held by the importer as
    // float32 values of the integers, and compared exactly.
    bool eightBit = expected->converted &&
                    (expected->dtype == "uint8" || expected->dtype == "int8");
    if (!expected->isFloat32() && !eightBit) {
      if (unsupportedOutput.empty())
        unsupportedOutput = "unsupported dtype: output '" + info.name +
                            "' is " + expected->dtype;
      continue;
    }
    size_t index = k;
    auto named = llvm::find(outNames, info.name);
    if (named != outNames.end())
      index = named - outNames.begin();
    std::string mismatch =
        compareOutput(info.name, (*outputs)[index], expected->tensor,
                      eightBit ? Tolerance{0, 0} : tol);
    if (!mismatch.empty())
      return result(Outcome::Fail, mismatch);
  }
  if (!unsupportedOutput.empty())
    return result(Outcome::Unsupported, unsupportedOutput);
  return std::nullopt;
}

//===----------------------------------------------------------------------===//
// Isolated runs: child processes, each running a batch of tests
//===----------------------------------------------------------------------===//
//
// A child runs its batch in order and writes one record per test,
// "INDEX\tOUTCOME\tCONSTANTS\tREASON\n" (CONSTANTS: the inputs bound as
// constants, see encodeNames), to a pipe; its stdout and stderr go to a
// second pipe, with a marker line before each test. When a child dies or
// overruns the time limit, the first test of its batch without a record is
// the crash or the hang, and the rest of the batch goes to a new child. The
// one-time start-up cost (ONNX's operator schemas, MLIR's registries) is thus
// paid per batch rather than per test.

constexpr size_t kBatchSize = 32;
constexpr size_t kMaxLog = 1 << 16;
constexpr StringRef kTestMarker = "@@cim-onnx-conformance test ";

/// Writes all of `text` to `fd`, retrying on interruption.
void writeAll(int fd, StringRef text) {
  const char *p = text.data();
  size_t left = text.size();
  while (left > 0) {
    ssize_t n = ::write(fd, p, left);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return;
    p += n;
    left -= n;
  }
}

/// `names` joined by ',', with '%', ',', tab and newline written as %XX, so
/// that a record stays one line of four fields.
std::string encodeNames(const std::vector<std::string> &names) {
  std::string out;
  for (auto [i, name] : llvm::enumerate(names)) {
    if (i > 0)
      out.push_back(',');
    for (char c : name) {
      if (c == '%' || c == ',' || c == '\t' || c == '\n' || c == '\r') {
        char escaped[4];
        std::snprintf(escaped, sizeof(escaped), "%%%02X",
                      static_cast<unsigned char>(c));
        out += escaped;
      } else {
        out.push_back(c);
      }
    }
  }
  return out;
}

/// Inverse of encodeNames.
std::vector<std::string> decodeNames(StringRef text) {
  std::vector<std::string> names;
  if (text.empty())
    return names;
  llvm::SmallVector<StringRef> parts;
  text.split(parts, ',');
  for (StringRef part : parts) {
    std::string name;
    for (size_t i = 0; i < part.size(); ++i) {
      unsigned value;
      if (part[i] == '%' && i + 2 < part.size() &&
          !part.substr(i + 1, 2).getAsInteger(16, value)) {
        name.push_back(static_cast<char>(value));
        i += 2;
      } else {
        name.push_back(part[i]);
      }
    }
    names.push_back(std::move(name));
  }
  return names;
}

struct Child {
  std::vector<size_t> batch;
  size_t done = 0; ///< tests of `batch` with a record
  pid_t pid = -1;
  int resultFd = -1;
  int logFd = -1;
  std::string pending; ///< an incomplete record
  std::string log;     ///< output since the current test started
  std::chrono::steady_clock::time_point testStart;
  bool killed = false;
};

/// Forks a child running `batch`.
std::optional<Child> spawn(const std::vector<TestInfo> &tests,
                           std::vector<size_t> batch,
                           const RunOptions &options, std::string &error) {
  int resultPipe[2], logPipe[2];
  if (::pipe(resultPipe) != 0) {
    error = std::string("pipe: ") + std::strerror(errno);
    return std::nullopt;
  }
  if (::pipe(logPipe) != 0) {
    error = std::string("pipe: ") + std::strerror(errno);
    ::close(resultPipe[0]);
    ::close(resultPipe[1]);
    return std::nullopt;
  }
  pid_t pid = ::fork();
  if (pid < 0) {
    error = std::string("fork: ") + std::strerror(errno);
    for (int fd : {resultPipe[0], resultPipe[1], logPipe[0], logPipe[1]})
      ::close(fd);
    return std::nullopt;
  }
  if (pid == 0) {
    ::close(resultPipe[0]);
    ::close(logPipe[0]);
    ::dup2(logPipe[1], STDOUT_FILENO);
    ::dup2(logPipe[1], STDERR_FILENO);
    ::close(logPipe[1]);
    if (options.memoryLimitMiB > 0) {
      struct rlimit limit;
      limit.rlim_cur = limit.rlim_max =
          static_cast<rlim_t>(options.memoryLimitMiB) << 20;
      ::setrlimit(RLIMIT_AS, &limit);
    }
    for (size_t index : batch) {
      writeAll(STDERR_FILENO,
               ("\n" + kTestMarker + std::to_string(index) + "\n").str());
      TestResult r = runTest(tests[index], options.tolerance);
      writeAll(resultPipe[1], std::to_string(index) + "\t" +
                                  outcomeName(r.outcome) + "\t" +
                                  encodeNames(r.constantInputs) + "\t" +
                                  r.reason + "\n");
    }
    ::close(resultPipe[1]);
    // Skip destructors and atexit handlers: the parent owns them.
    ::_exit(0);
  }
  ::close(resultPipe[1]);
  ::close(logPipe[1]);
  Child child;
  child.batch = std::move(batch);
  child.pid = pid;
  child.resultFd = resultPipe[0];
  child.logFd = logPipe[0];
  child.testStart = std::chrono::steady_clock::now();
  return child;
}

/// The line of a crashed test's output that says most: its first line that
/// is not a stack-dump banner or frame.
std::string crashLine(StringRef log) {
  while (!log.empty()) {
    StringRef line;
    std::tie(line, log) = log.split('\n');
    line = line.trim();
    if (line.empty() || line.starts_with(kTestMarker.trim()) ||
        line.starts_with("PLEASE submit") || line.starts_with("Stack dump") ||
        line.starts_with("#") || line.starts_with("0."))
      continue;
    return firstLine(line);
  }
  return "";
}

/// Keeps in `child.log` only what the current test printed.
void appendLog(Child &child, StringRef text) {
  child.log.append(text.begin(), text.end());
  size_t marker = child.log.rfind(kTestMarker);
  if (marker != std::string::npos)
    child.log.erase(0, marker);
  if (child.log.size() > kMaxLog)
    child.log.resize(kMaxLog);
}

/// Records the complete lines of `child.pending`.
void takeRecords(const std::vector<TestInfo> &tests, Child &child,
                 std::vector<TestResult> &results, const RunOptions &options) {
  size_t newline;
  while ((newline = child.pending.find('\n')) != std::string::npos) {
    StringRef line = StringRef(child.pending).take_front(newline);
    auto [indexText, rest] = line.split('\t');
    auto [outcomeText, afterOutcome] = rest.split('\t');
    auto [constantField, reason] = afterOutcome.split('\t');
    size_t index;
    Outcome outcome;
    auto now = std::chrono::steady_clock::now();
    if (!indexText.getAsInteger(10, index) && child.done < child.batch.size() &&
        index == child.batch[child.done] &&
        parseOutcome(outcomeText, outcome)) {
      results[index] = makeResult(tests[index], outcome, reason.str());
      results[index].constantInputs = decodeNames(constantField);
      results[index].seconds =
          std::chrono::duration<double>(now - child.testStart).count();
      ++child.done;
      if (options.progress)
        options.progress(results[index]);
    }
    child.testStart = now;
    child.pending.erase(0, newline + 1);
  }
}

/// The outcome of the test a child died in (or was killed during).
TestResult deadTest(const std::vector<TestInfo> &tests, const Child &child,
                    int status, const RunOptions &options) {
  const TestInfo &test = tests[child.batch[child.done]];
  if (child.killed)
    return makeResult(test, Outcome::Hang,
                      "no result after " +
                          formatNumber(options.timeoutSeconds) + " s");
  std::string what;
  if (WIFSIGNALED(status)) {
    int sig = WTERMSIG(status);
    what = "killed by signal " + std::to_string(sig) + " (" +
           ::strsignal(sig) + ")";
  } else {
    what = "exited with status " + std::to_string(WEXITSTATUS(status)) +
           " without a result";
  }
  std::string line = crashLine(child.log);
  return makeResult(test, Outcome::Crash,
                    line.empty() ? what : what + ": " + line);
}

std::vector<TestResult> runIsolated(const std::vector<TestInfo> &tests,
                                    const RunOptions &options) {
  std::vector<TestResult> results(tests.size());
  // Batches not started yet; a dead child's unfinished tests go first.
  std::deque<std::vector<size_t>> queue;
  unsigned jobs = std::max(1u, options.jobs);
  // Small enough batches that every job gets several.
  size_t batchSize = std::clamp<size_t>(tests.size() / (4 * jobs), 1,
                                        kBatchSize);
  for (size_t i = 0; i < tests.size(); i += batchSize) {
    std::vector<size_t> batch;
    for (size_t j = i; j < std::min(tests.size(), i + batchSize); ++j)
      batch.push_back(j);
    queue.push_back(std::move(batch));
  }
  std::vector<Child> running;
  auto timeout = std::chrono::duration<double>(options.timeoutSeconds);
  llvm::outs().flush();
  llvm::errs().flush();
  while (!queue.empty() || !running.empty()) {
    while (running.size() < jobs && !queue.empty()) {
      std::vector<size_t> batch = std::move(queue.front());
      queue.pop_front();
      std::string error;
      std::optional<Child> child = spawn(tests, batch, options, error);
      if (!child) {
        for (size_t index : batch) {
          results[index] = makeResult(tests[index], Outcome::Crash,
                                      "could not start the test: " + error);
          if (options.progress)
            options.progress(results[index]);
        }
        continue;
      }
      running.push_back(std::move(*child));
    }
    if (running.empty())
      continue;

    // Wait for output or for the earliest deadline.
    std::vector<pollfd> fds;
    std::vector<std::pair<size_t, bool>> owners; // (child, isResult)
    auto now = std::chrono::steady_clock::now();
    double wait = 0.2;
    for (auto [i, child] : llvm::enumerate(running)) {
      if (child.resultFd >= 0) {
        fds.push_back({child.resultFd, POLLIN, 0});
        owners.push_back({i, true});
      }
      if (child.logFd >= 0) {
        fds.push_back({child.logFd, POLLIN, 0});
        owners.push_back({i, false});
      }
      if (!child.killed)
        wait = std::min(
            wait, std::chrono::duration<double>(child.testStart + timeout - now)
                      .count());
    }
    int waitMs = static_cast<int>(std::max(0.0, wait) * 1000) + 1;
    if (::poll(fds.data(), fds.size(), waitMs) < 0 && errno != EINTR)
      break;
    for (auto [i, fd] : llvm::enumerate(fds)) {
      if (!(fd.revents & (POLLIN | POLLHUP | POLLERR)))
        continue;
      Child &child = running[owners[i].first];
      bool isResult = owners[i].second;
      char buffer[8192];
      ssize_t n = ::read(fd.fd, buffer, sizeof(buffer));
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0) {
        ::close(fd.fd);
        (isResult ? child.resultFd : child.logFd) = -1;
        continue;
      }
      if (isResult) {
        child.pending.append(buffer, n);
        takeRecords(tests, child, results, options);
      } else {
        appendLog(child, StringRef(buffer, n));
      }
    }

    // Kill children whose test overran; collect the ones that are done.
    now = std::chrono::steady_clock::now();
    for (size_t i = 0; i < running.size();) {
      Child &child = running[i];
      if (!child.killed && now - child.testStart > timeout) {
        ::kill(child.pid, SIGKILL);
        child.killed = true;
      }
      int status = 0;
      if (child.resultFd >= 0 || child.logFd >= 0) {
        ++i;
        continue;
      }
      while (::waitpid(child.pid, &status, 0) < 0 && errno == EINTR)
        ;
      if (child.done < child.batch.size()) {
        size_t index = child.batch[child.done];
        results[index] = deadTest(tests, child, status, options);
        results[index].seconds =
            std::chrono::duration<double>(now - child.testStart).count();
        if (options.progress)
          options.progress(results[index]);
        std::vector<size_t> rest(child.batch.begin() + child.done + 1,
                                 child.batch.end());
        if (!rest.empty())
          queue.push_front(std::move(rest));
      }
      running.erase(running.begin() + i);
    }
  }
  return results;
}

} // namespace

//===----------------------------------------------------------------------===//
// Public API
//===----------------------------------------------------------------------===//

const char *cim::conformance::outcomeName(Outcome outcome) {
  return kOutcomeNames[static_cast<int>(outcome)];
}

bool cim::conformance::parseOutcome(StringRef name, Outcome &outcome) {
  for (Outcome o : kAllOutcomes)
    if (name == outcomeName(o)) {
      outcome = o;
      return true;
    }
  return false;
}

llvm::Expected<std::vector<TestInfo>>
cim::conformance::listTests(const RunOptions &options) {
  if (!llvm::sys::fs::is_directory(options.dataDir))
    return makeError(options.dataDir + ": no such directory");
  std::optional<llvm::Regex> filter;
  if (!options.filter.empty()) {
    filter.emplace(options.filter);
    std::string error;
    if (!filter->isValid(error))
      return makeError("--filter: " + error);
  }
  std::vector<std::string> names;
  std::error_code ec;
  for (llvm::sys::fs::directory_iterator it(options.dataDir, ec), end;
       it != end && !ec; it.increment(ec)) {
    llvm::SmallString<256> model(it->path());
    llvm::sys::path::append(model, "model.onnx");
    if (llvm::sys::fs::exists(model))
      names.push_back(llvm::sys::path::filename(it->path()).str());
  }
  if (ec)
    return makeError(options.dataDir + ": " + ec.message());
  llvm::sort(names);
  for (const std::string &wanted : options.names)
    if (!std::binary_search(names.begin(), names.end(), wanted))
      return makeError(wanted + ": no such test in " + options.dataDir);

  std::vector<TestInfo> tests;
  for (const std::string &name : names) {
    if (!options.names.empty() && !llvm::is_contained(options.names, name))
      continue;
    if (filter && !filter->match(name))
      continue;
    tests.push_back(describeTest(name, options.dataDir));
  }
  return tests;
}

TestResult cim::conformance::runTest(const TestInfo &test,
                                     const Tolerance &tolerance) {
  llvm::SmallString<256> modelPath(test.dir);
  llvm::sys::path::append(modelPath, "model.onnx");
  std::string error;
  std::optional<std::string> bytes = readFile(modelPath, error);
  if (!bytes)
    return makeResult(test, Outcome::Diagnostic, error);
  llvm::Expected<ONNXModelSummary> summary =
      summarizeONNXModel(*bytes, modelPath);
  if (!summary)
    return makeResult(test, Outcome::Diagnostic,
                      llvm::toString(summary.takeError()));
  std::vector<std::string> sets = dataSets(test.dir);
  if (sets.empty())
    return makeResult(test, Outcome::Diagnostic, "no test_data_set directory");
  std::vector<std::string> constantInputs;
  for (const std::string &set : sets)
    if (std::optional<TestResult> problem =
            runDataSet(test, modelPath.str().str(), *bytes, *summary, set,
                       tolerance, constantInputs)) {
      if (sets.size() > 1)
        problem->reason = llvm::sys::path::filename(set).str() + ": " +
                          problem->reason;
      problem->constantInputs = std::move(constantInputs);
      return *problem;
    }
  TestResult passed = makeResult(test, Outcome::Pass, "");
  passed.constantInputs = std::move(constantInputs);
  return passed;
}

std::vector<TestResult>
cim::conformance::runTests(const std::vector<TestInfo> &tests,
                           const RunOptions &options) {
  if (options.isolate)
    return runIsolated(tests, options);
  std::vector<TestResult> results;
  for (const TestInfo &test : tests) {
    auto start = std::chrono::steady_clock::now();
    results.push_back(runTest(test, options.tolerance));
    results.back().seconds = std::chrono::duration<double>(
                                 std::chrono::steady_clock::now() - start)
                                 .count();
    if (options.progress)
      options.progress(results.back());
  }
  return results;
}

Totals cim::conformance::countOutcomes(const std::vector<TestResult> &results) {
  Totals totals;
  for (const TestResult &r : results)
    totals.add(r);
  return totals;
}

namespace {

struct OpRow {
  std::set<int64_t> opsets;
  std::vector<const TestResult *> tests;
  Totals totals;
};

std::map<std::string, OpRow> byOperator(const std::vector<TestResult> &results) {
  std::map<std::string, OpRow> ops;
  for (const TestResult &r : results) {
    OpRow &row = ops[r.info.op];
    row.opsets.insert(r.info.opsets.begin(), r.info.opsets.end());
    row.tests.push_back(&r);
    row.totals.add(r);
  }
  return ops;
}

std::string opsetText(const std::set<int64_t> &opsets) {
  return llvm::join(
      llvm::map_range(opsets, [](int64_t v) { return std::to_string(v); }),
      ", ");
}

/// Input names as Markdown code spans, comma separated.
std::string constantsText(const std::vector<std::string> &names) {
  return llvm::join(llvm::map_range(names,
                                    [](const std::string &name) {
                                      return "`" + name + "`";
                                    }),
                    ", ");
}

/// Backticks would end the code span a reason is not in; pipes would split
/// a table cell.
std::string markdownText(StringRef text) {
  std::string out;
  for (char c : text) {
    if (c == '|' || c == '`' || c == '*' || c == '<')
      out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

} // namespace

std::string cim::conformance::markdownReport(
    const std::vector<TestResult> &results, const RunOptions &options,
    const std::string &command) {
  std::string text;
  llvm::raw_string_ostream os(text);
  Totals totals = countOutcomes(results);
  std::map<std::string, OpRow> ops = byOperator(results);
  unsigned opsAllPassing = 0;
  for (auto &[op, row] : ops)
    if (row.totals[Outcome::Pass] == row.totals.total)
      ++opsAllPassing;

  os << "# ONNX operator support\n\n"
     << "<!-- Generated by cim-onnx-conformance; edit the tool, not this "
        "file. -->\n\n"
     << "What ONNX's own backend node tests (`" << options.dataDir
     << "`) give when run through cim: each test's model is imported with "
        "the test inputs' shapes (`--input-shape`), the float reference "
        "(`cim-sim --reference`) runs on the test inputs, and every output "
        "is compared with the expected one: same shape, and "
        "|actual - expected| <= "
     << formatNumber(options.tolerance.atol) << " + "
     << formatNumber(options.tolerance.rtol)
     << " * |expected| for every value (NaN equals NaN). Only float32 "
        "outputs are compared, and uint8 and int8 ones exactly (the "
        "importer holds QuantizeLinear's results as float32 integers). "
        "Inputs that are not float32 tensors (the "
        "int64 `shape`, `starts`, `axes`, `pads`, `indices`, ... operands, "
        "and integer or bool data), and the float operands that fix a "
        "result's shape (`roi` and `scales` of Resize, `scales` of "
        "Upsample) or the quantization (scale and zero point of "
        "QuantizeLinear and DequantizeLinear), are bound as constants: the "
        "model is "
        "rewritten before import so that an initializer holds the test's "
        "value, as a compiler that specializes shapes sees them. Such tests "
        "are counted apart as *with constant operands*; other float32 "
        "inputs stay inputs. Regenerate this file (and the list of "
        "passing tests the CI checks) from the repository root, after "
        "building:\n\n"
     << "```sh\n"
     << command << "\n```\n\n";

  os << "## Totals\n\n"
     << "| outcome | tests | with constant operands | meaning |\n"
     << "|---|---:|---:|---|\n";
  const char *meanings[] = {
      "every output of every data set matches",
      "ran, but an output has the wrong shape or values",
      "the importer or the reference reported an error",
      "ran, but an input or output is not a float32 tensor, so nothing is "
      "compared",
      "the test killed its process (a bug: CI fails)",
      "no result within the time limit (a bug: CI fails)"};
  for (Outcome o : kAllOutcomes)
    os << "| " << outcomeName(o) << " | " << totals[o] << " | "
       << totals.withConstants(o) << " | " << meanings[static_cast<int>(o)]
       << " |\n";
  unsigned allWithConstants = 0;
  for (Outcome o : kAllOutcomes)
    allWithConstants += totals.withConstants(o);
  os << "| **total** | " << totals.total << " | " << allWithConstants
     << " | |\n\n"
     << totals[Outcome::Pass] - totals.withConstants(Outcome::Pass)
     << " tests pass with their inputs as inputs, "
     << totals.withConstants(Outcome::Pass)
     << " pass with constant operands.\n\n"
     << opsAllPassing << " of " << ops.size()
     << " operators pass every one of their tests.\n\n";

  os << "## Keeping this file up to date\n\n"
     << "The ctest `onnx-conformance` runs the whole suite (`--isolate`: "
        "tests run in child processes, with a limit of "
     << formatNumber(options.timeoutSeconds)
     << " s per test) and fails if any test crashes or hangs, or if a test "
        "named in `test/Target/ONNX/conformance-passing.txt` does not pass. "
        "When the importer or the reference learns an operator, run the "
        "command above and commit both files with the change; the test "
        "prints how many tests pass that the list does not name yet. "
        "A test that stops passing is a regression to fix, not a line to "
        "delete.\n\n";

  os << "## Operators\n\n"
     << "Each test counts for the operator it is named after (the model's "
        "only node, or for `_expanded` tests the operator whose function "
        "body the model spells out). Opsets are the versions the tests' "
        "models import.\n\n"
     << "| operator | opsets | passed / total | passed with constant "
        "operands | other outcomes |\n"
     << "|---|---|---:|---:|---|\n";
  for (auto &[op, row] : ops) {
    std::vector<std::string> others;
    for (Outcome o : kAllOutcomes)
      if (o != Outcome::Pass && row.totals[o] > 0)
        others.push_back(std::string(outcomeName(o)) + " " +
                         std::to_string(row.totals[o]));
    os << "| " << markdownText(op) << " | " << opsetText(row.opsets) << " | "
       << row.totals[Outcome::Pass] << " / " << row.totals.total << " | "
       << row.totals.withConstants(Outcome::Pass) << " | "
       << llvm::join(others, ", ") << " |\n";
  }

  os << "\n## Tests passed with constant operands\n\n"
     << "These pass once the inputs named here are constants.\n\n";
  for (const TestResult &r : results)
    if (r.outcome == Outcome::Pass && !r.constantInputs.empty())
      os << "- `" << r.info.name << "` (" << markdownText(r.info.op)
         << "): " << constantsText(r.constantInputs) << "\n";

  os << "\n## Tests that do not pass\n";
  for (auto &[op, row] : ops) {
    if (row.totals[Outcome::Pass] == row.totals.total)
      continue;
    os << "\n### " << markdownText(op) << "\n\n";
    for (const TestResult *r : row.tests)
      if (r->outcome != Outcome::Pass) {
        os << "- `" << r->info.name << "`: " << outcomeName(r->outcome)
           << ": " << markdownText(r->reason);
        if (!r->constantInputs.empty())
          os << " (constant operands: " << constantsText(r->constantInputs)
             << ")";
        os << "\n";
      }
  }
  return text;
}

std::string cim::conformance::jsonReport(const std::vector<TestResult> &results,
                                         const RunOptions &options) {
  Totals totals = countOutcomes(results);
  llvm::json::Object totalsJson;
  for (Outcome o : kAllOutcomes)
    totalsJson[outcomeName(o)] = totals[o];
  totalsJson["total"] = totals.total;
  totalsJson["passedWithConstantOperands"] =
      totals.withConstants(Outcome::Pass);

  llvm::json::Array opsJson;
  for (auto &[op, row] : byOperator(results)) {
    llvm::json::Object counts;
    for (Outcome o : kAllOutcomes)
      counts[outcomeName(o)] = row.totals[o];
    opsJson.push_back(llvm::json::Object{
        {"op", op},
        {"opsets", llvm::json::Array(row.opsets)},
        {"passed", row.totals[Outcome::Pass]},
        {"passedWithConstantOperands",
         row.totals.withConstants(Outcome::Pass)},
        {"total", row.totals.total},
        {"outcomes", std::move(counts)}});
  }
  llvm::json::Array testsJson;
  for (const TestResult &r : results)
    testsJson.push_back(llvm::json::Object{
        {"name", r.info.name},
        {"op", r.info.op},
        {"opsets", llvm::json::Array(r.info.opsets)},
        {"outcome", outcomeName(r.outcome)},
        {"reason", r.reason},
        {"constantOperands", llvm::json::Array(r.constantInputs)},
        {"seconds", std::round(r.seconds * 1e4) / 1e4}});
  llvm::json::Object root{
      {"dataDir", options.dataDir},
      {"tolerance", llvm::json::Object{{"rtol", options.tolerance.rtol},
                                       {"atol", options.tolerance.atol}}},
      {"isolated", options.isolate},
      {"timeoutSeconds", options.timeoutSeconds},
      {"totals", std::move(totalsJson)},
      {"ops", std::move(opsJson)},
      {"tests", std::move(testsJson)}};
  std::string text;
  llvm::raw_string_ostream os(text);
  os << llvm::formatv("{0:2}", llvm::json::Value(std::move(root))) << "\n";
  return text;
}

std::string cim::conformance::passingList(const std::vector<TestResult> &results,
                                          const std::string &command) {
  std::string text = "# ONNX backend node tests that pass (the ctest "
                     "onnx-conformance checks they still do).\n"
                     "# Generated with docs/onnx-support.md by:\n# " +
                     command + "\n";
  for (const TestResult &r : results)
    if (r.outcome == Outcome::Pass)
      text += r.info.name + "\n";
  return text;
}

llvm::Expected<std::set<std::string>>
cim::conformance::readPassingList(StringRef path) {
  std::string error;
  std::optional<std::string> text = readFile(path, error);
  if (!text)
    return makeError(error);
  std::set<std::string> names;
  StringRef rest(*text);
  while (!rest.empty()) {
    StringRef line;
    std::tie(line, rest) = rest.split('\n');
    line = line.split('#').first.trim();
    if (!line.empty())
      names.insert(line.str());
  }
  return names;
}
