//===- cim-onnx-conformance.cpp - ONNX backend node tests -----------------===//
//
//   cim-onnx-conformance [TEST...] [--filter=REGEX] [--data-dir=DIR]
//       [--isolate [--jobs=N] [--timeout=S]] [--report=text|markdown|json]
//       [-o FILE] [--write-passing=FILE] [--expect-passing=FILE]
//
// Runs ONNX's backend node tests through the importer and the float
// reference (see Conformance.h); inputs that are not float32 tensors are
// bound as constants first. Exits 1 if a test crashed or hung, or if a test
// named by --expect-passing did not pass.
//
//===----------------------------------------------------------------------===//

#include "Conformance.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>
#include <thread>

using namespace llvm;
using namespace cim::conformance;

namespace {

cl::OptionCategory category("cim-onnx-conformance options");

cl::list<std::string> testNames(cl::Positional, cl::desc("[TEST...]"),
                                cl::cat(category));
cl::opt<std::string>
    dataDir("data-dir",
            cl::desc("Directory of ONNX backend node tests (one directory "
                     "per test with model.onnx and test_data_set_N/)"),
            cl::init("/usr/share/libonnx-testdata/data/node"),
            cl::cat(category));
cl::opt<std::string> filter("filter",
                            cl::desc("Run only tests whose name matches this "
                                     "regular expression"),
                            cl::value_desc("REGEX"), cl::cat(category));
cl::opt<bool> isolate("isolate",
                      cl::desc("Run the tests in child processes, so that a "
                               "crash or a hang is recorded, not fatal"),
                      cl::cat(category));
cl::opt<unsigned> jobs("jobs",
                       cl::desc("Tests run at once with --isolate (default: "
                                "the number of cores)"),
                       cl::init(0), cl::cat(category));
cl::opt<double> timeout("timeout",
                        cl::desc("Seconds after which an isolated test is a "
                                 "hang"),
                        cl::init(10.0), cl::cat(category));
cl::opt<uint64_t> memoryLimit("memory-limit",
                              cl::desc("Address space limit of each isolated "
                                       "test in MiB (0: none)"),
                              cl::init(kDefaultMemoryLimitMiB),
                              cl::cat(category));
enum class ReportFormat { Text, Markdown, JSON };
cl::opt<ReportFormat> report(
    "report", cl::desc("What to write to -o"),
    cl::values(clEnumValN(ReportFormat::Text, "text",
                          "one line per test (default)"),
               clEnumValN(ReportFormat::Markdown, "markdown",
                          "docs/onnx-support.md"),
               clEnumValN(ReportFormat::JSON, "json", "for machines")),
    cl::init(ReportFormat::Text), cl::cat(category));
cl::opt<std::string> outputFile("o", cl::desc("Report file (default: stdout)"),
                                cl::value_desc("FILE"), cl::init("-"),
                                cl::cat(category));
cl::opt<std::string>
    writePassing("write-passing",
                 cl::desc("Also write the names of the passing tests here"),
                 cl::value_desc("FILE"), cl::cat(category));
cl::opt<std::string> expectPassing(
    "expect-passing",
    cl::desc("Fail if a test named in this file (selected by the run) does "
             "not pass"),
    cl::value_desc("FILE"), cl::cat(category));
cl::opt<bool> verbose("v", cl::desc("Print each test's outcome as it ends"),
                      cl::cat(category));

/// How docs/onnx-support.md and the passing list are regenerated.
constexpr const char *kUpdateCommand =
    "build/bin/cim-onnx-conformance --isolate --report=markdown "
    "-o docs/onnx-support.md "
    "--write-passing=test/Target/ONNX/conformance-passing.txt";

[[noreturn]] void fail(const Twine &message) {
  WithColor::error(errs(), "cim-onnx-conformance") << message << "\n";
  std::exit(2);
}

/// The command line that regenerates the report, as run from the
/// repository root: the tool named by its build path, without the options
/// that do not change the results.
std::string regenerationCommand(int argc, char **argv) {
  std::vector<std::string> words = {"build/bin/cim-onnx-conformance"};
  for (int i = 1; i < argc; ++i) {
    StringRef arg(argv[i]);
    if (arg.starts_with("--jobs") || arg == "-v")
      continue;
    words.push_back(arg.str());
  }
  return join(words, " ");
}

/// One test in the text report: "OUTCOME NAME[: REASON][ [constant
/// operands: A, B]]".
std::string textLine(const TestResult &r) {
  std::string line = std::string(outcomeName(r.outcome)) + " " + r.info.name;
  if (!r.reason.empty())
    line += ": " + r.reason;
  if (!r.constantInputs.empty())
    line += " [constant operands: " + join(r.constantInputs, ", ") + "]";
  return line + "\n";
}

void writeFile(StringRef path, StringRef text) {
  std::error_code ec;
  ToolOutputFile out(path, ec, sys::fs::OF_Text);
  if (ec)
    fail(path + ": " + ec.message());
  out.os() << text;
  out.keep();
}

} // namespace

int main(int argc, char **argv) {
  cl::HideUnrelatedOptions(category);
  cl::ParseCommandLineOptions(
      argc, argv,
      "Runs ONNX's backend node tests through the ONNX importer and the float "
      "reference and reports per operator\n");

  RunOptions options;
  options.dataDir = dataDir;
  options.names = testNames;
  options.filter = filter;
  options.isolate = isolate;
  options.jobs = jobs ? jobs : std::max(1u, std::thread::hardware_concurrency());
  options.timeoutSeconds = timeout;
  options.memoryLimitMiB = memoryLimit;

  std::set<std::string> expected;
  if (!expectPassing.empty()) {
    Expected<std::set<std::string>> list = readPassingList(expectPassing);
    if (!list)
      fail(toString(list.takeError()));
    expected = std::move(*list);
  }

  Expected<std::vector<TestInfo>> tests = listTests(options);
  if (!tests)
    fail(toString(tests.takeError()));

  bool reportToStdout = outputFile == "-";
  raw_ostream &log = reportToStdout && report != ReportFormat::Text ? errs()
                                                                    : outs();
  if (verbose)
    options.progress = [&](const TestResult &r) {
      log << textLine(r);
      log.flush();
    };

  auto start = std::chrono::steady_clock::now();
  std::vector<TestResult> results = runTests(*tests, options);
  double seconds = std::chrono::duration<double>(
                       std::chrono::steady_clock::now() - start)
                       .count();

  std::string command = regenerationCommand(argc, argv);
  switch (report) {
  case ReportFormat::Markdown:
    writeFile(outputFile, markdownReport(results, options, command));
    break;
  case ReportFormat::JSON:
    writeFile(outputFile, jsonReport(results, options));
    break;
  case ReportFormat::Text:
    if (!verbose || !reportToStdout) {
      std::string text;
      for (const TestResult &r : results)
        text += textLine(r);
      if (reportToStdout)
        log << text;
      else
        writeFile(outputFile, text);
    }
    break;
  }
  if (!writePassing.empty())
    writeFile(writePassing, passingList(results, command));

  // Problems: crashes, hangs, tests expected to pass that did not.
  unsigned problems = 0;
  for (const TestResult &r : results)
    if (r.outcome == Outcome::Crash || r.outcome == Outcome::Hang) {
      log << outcomeName(r.outcome) << ": " << r.info.name << ": " << r.reason
          << "\n";
      ++problems;
    }
  unsigned newlyPassing = 0;
  if (!expectPassing.empty()) {
    std::set<std::string> selected;
    for (const TestResult &r : results) {
      selected.insert(r.info.name);
      bool listed = expected.count(r.info.name);
      if (listed && r.outcome != Outcome::Pass &&
          r.outcome != Outcome::Crash && r.outcome != Outcome::Hang) {
        log << "regression: " << r.info.name << " is listed as passing but "
            << outcomeName(r.outcome) << ": " << r.reason << "\n";
        ++problems;
      }
      if (!listed && r.outcome == Outcome::Pass)
        ++newlyPassing;
    }
    // A listed test missing from the data is a regression only when the
    // whole suite ran (a filtered run selects what it selects).
    if (testNames.empty() && filter.empty())
      for (const std::string &name : expected)
        if (!selected.count(name)) {
          log << "regression: " << name
              << " is listed as passing but is not in " << dataDir << "\n";
          ++problems;
        }
  }

  Totals totals = countOutcomes(results);
  log << totals.total << " tests in " << format("%.1f", seconds) << " s:";
  for (Outcome o : {Outcome::Pass, Outcome::Fail, Outcome::Diagnostic,
                    Outcome::Unsupported, Outcome::Crash, Outcome::Hang})
    log << " " << totals[o] << " " << outcomeName(o)
        << (o == Outcome::Hang ? "" : ",");
  log << " (" << totals.withConstants(Outcome::Pass)
      << " passed with constant operands)\n";
  if (newlyPassing > 0)
    log << newlyPassing << " passing tests are not in " << expectPassing
        << " yet; regenerate it and docs/onnx-support.md with:\n  "
        << kUpdateCommand
        << "\n";
  if (problems > 0)
    log << problems << " problem" << (problems == 1 ? "" : "s")
        << " (crashes, hangs or regressions)\n";
  log.flush();
  return problems > 0 ? 1 : 0;
}
