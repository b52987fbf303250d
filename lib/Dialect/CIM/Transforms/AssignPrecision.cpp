//===- AssignPrecision.cpp - Per-layer bits against a fidelity budget -----===//
//
// Starting from an existing operating point, lowers the weight bits (one
// cell slice at a time) and the input bits (one DAC step at a time) of single
// layers for as long as the bit-accurate outputs on the calibration samples
// stay within a fidelity budget, always taking the step that saves the most
// estimated energy per unit of fidelity lost. Every candidate is a trial
// mode of one compiled Program: nothing is remapped or recompiled.
//
//===----------------------------------------------------------------------===//

#include "cim/Dialect/CIM/Transforms/Calibration.h"
#include "cim/Dialect/CIM/Transforms/ModeUtils.h"
#include "cim/Dialect/CIM/Transforms/Passes.h"
#include "cim/Estimator/Estimator.h"
#include "cim/Program/Semantics.h"
#include "cim/Reference/Fidelity.h"

#include "mlir/IR/Threading.h"
#include "llvm/Support/FormatVariadic.h"

#include <atomic>
#include <cmath>
#include <limits>
#include <tuple>

namespace cim {
#define GEN_PASS_DEF_CIMASSIGNPRECISION
#include "cim/Dialect/CIM/Transforms/Passes.h.inc"
} // namespace cim

using namespace mlir;
using namespace cim;

namespace {

/// What a mode must keep: output SNR against the float reference, or the
/// share of samples whose arg-max agrees with it.
struct Budget {
  enum class Kind { Snr, Top1 } kind = Kind::Snr;
  double value = 30;
  std::string text; // as written

  const std::string &str() const { return text; }
};

std::optional<Budget> parseBudget(StringRef text) {
  Budget budget;
  text = text.trim();
  budget.text = text.str();
  if (text.consume_front("snr="))
    budget.kind = Budget::Kind::Snr;
  else if (text.consume_front("top1="))
    budget.kind = Budget::Kind::Top1;
  else
    return std::nullopt;
  if (text.trim().getAsDouble(budget.value) || !std::isfinite(budget.value))
    return std::nullopt;
  if (budget.kind == Budget::Kind::Top1 &&
      (budget.value < 0 || budget.value > 1))
    return std::nullopt;
  return budget;
}

/// A measured operating point.
struct Point {
  /// Whether every sample ran; an incomplete point misses the budget and
  /// has no other fields.
  bool complete = false;
  double snrDb = 0;
  double top1 = 0;     // agreement with the float reference, in [0, 1]
  double energyPj = 0; // estimated, one inference
  double latencyNs = 0;
  std::vector<program::ModeLayer> layers;

  double fidelity(const Budget &budget) const {
    return budget.kind == Budget::Kind::Snr ? snrDb : top1;
  }
};

/// Classes of the first output: its innermost extent.
int64_t classesOf(const std::vector<kernels::Tensor> &outputs) {
  const kernels::Tensor &first = outputs.front();
  int64_t classes = first.shape.empty() ? 1 : first.shape.back();
  return std::max<int64_t>(classes, 1);
}

std::string bitsOf(const program::ModeLayer &ml) {
  return llvm::formatv("w{0}a{1}", ml.weightBits, ml.inputBits).str();
}

std::string describe(const Point &p) {
  return llvm::formatv("SNR {0:f2} dB, top-1 agreement {1:f4}, energy "
                       "{2:f1} pJ, latency {3:f1} ns",
                       p.snrDb, p.top1, p.energyPj, p.latencyNs)
      .str();
}

struct CIMAssignPrecisionPass
    : public cim::impl::CIMAssignPrecisionBase<CIMAssignPrecisionPass> {
  using Base::Base;

  void runOnOperation() override;

private:
  /// Simulates trial modes `first`.. of `program` (one per entry of
  /// `trials`, already stored there) on every sample and prices them.
  /// With `budget`, a trial stops at the first sample after which it can
  /// no longer keep the budget, and its point stays incomplete.
  LogicalResult evaluate(program::Program &program, size_t first,
                         ArrayRef<std::vector<program::ModeLayer>> trials,
                         std::vector<Point> &points, const Budget *budget,
                         Location loc);

  std::vector<Sample> samples;
  std::vector<std::vector<kernels::Tensor>> reference;
  /// Sum of the squared reference outputs, and the rows of the first
  /// output, over all samples.
  double signal = 0;
  int64_t rows = 0;
  uint64_t samplesSimulated = 0;
};

LogicalResult CIMAssignPrecisionPass::evaluate(
    program::Program &program, size_t first,
    ArrayRef<std::vector<program::ModeLayer>> trials,
    std::vector<Point> &points, const Budget *budget, Location loc) {
  program.modes.resize(first + trials.size());
  for (size_t i = 0; i < trials.size(); ++i) {
    program::Mode &mode = program.modes[first + i];
    mode.name = "cim-assign-precision.trial." + std::to_string(i);
    mode.layers = trials[i];
  }
  points.assign(trials.size(), Point());
  std::atomic<uint64_t> simulated{0};
  // Each trial reads the shared Program and writes only its own point, so
  // the result does not depend on the thread count.
  const program::Program &shared = program;
  LogicalResult result = failableParallelForEachN(
      &getContext(), 0, trials.size(), [&](size_t i) -> LogicalResult {
        Point &point = points[i];
        point.layers = trials[i];
        std::vector<float> ref, measured;
        double noise = 0;
        int64_t disagreements = 0;
        for (size_t s = 0; s < samples.size(); ++s) {
          auto outputs = simulateSamples(shared, first + i, {samples[s]}, loc);
          if (failed(outputs))
            return failure();
          ++simulated;
          const auto &r = reference[s];
          const auto &m = outputs->front();
          if (r.size() != m.size() || r.empty()) {
            emitError(loc) << "the program has " << m.size()
                           << " outputs, the float reference " << r.size();
            return failure();
          }
          for (size_t o = 0; o < r.size(); ++o) {
            if (r[o].data.size() != m[o].data.size()) {
              emitError(loc) << "output " << o << " has " << m[o].data.size()
                             << " elements, the float "
                             << "reference's " << r[o].data.size();
              return failure();
            }
            for (size_t k = 0; k < r[o].data.size(); ++k) {
              double e = double(r[o].data[k]) - double(m[o].data[k]);
              noise += e * e;
            }
            ref.insert(ref.end(), r[o].data.begin(), r[o].data.end());
            measured.insert(measured.end(), m[o].data.begin(), m[o].data.end());
          }
          int64_t classes = classesOf(r);
          disagreements +=
              int64_t(r[0].data.size()) / classes -
              reference::top1Matches(r[0].data, m[0].data, classes);
          // Noise and disagreements only grow with more samples: once
          // they exceed what the budget allows, the move cannot keep it.
          if (budget && s + 1 < samples.size()) {
            bool lost = budget->kind == Budget::Kind::Snr
                            ? noise > 0 && 10.0 * std::log10(signal / noise) <
                                               budget->value
                            : double(rows - disagreements) / double(rows) <
                                  budget->value;
            if (lost)
              return success();
          }
        }
        point.complete = true;
        point.snrDb = reference::snrDb(ref, measured);
        point.top1 = double(rows - disagreements) / double(rows);
        estimator::ModeReport report =
            estimator::estimateMode(shared, first + i);
        point.energyPj = report.total.energyPj;
        point.latencyNs = report.total.latencyNs;
        return success();
      });
  samplesSimulated += simulated;
  return result;
}

void CIMAssignPrecisionPass::runOnOperation() {
  ModuleOp module = getOperation();
  Location loc = module.getLoc();
  auto fail = [&]() { signalPassFailure(); };

  std::optional<Budget> parsed = parseBudget(budget);
  if (!parsed) {
    emitError(loc) << "cim-assign-precision: cannot parse budget '" << budget
                   << "'; expected snr=<dB> (e.g. snr=30) or "
                      "top1=<fraction in [0, 1]> (e.g. top1=0.99)";
    return fail();
  }
  Budget target = *parsed;
  bool pareto = search == "pareto";
  if (!pareto && search != "greedy") {
    emitError(loc) << "cim-assign-precision: unknown search '" << search
                   << "'; expected greedy or pareto";
    return fail();
  }
  if (pareto && frontier == 0) {
    emitError(loc, "cim-assign-precision: search=pareto needs frontier >= 1");
    return fail();
  }

  if (name.empty()) {
    emitError(loc, "cim-assign-precision: the mode name is empty");
    return fail();
  }
  // The base mode, the name of the final mode and the Program the binary
  // would hold; then the names of the pareto modes, which must be free too.
  FailureOr<ModeContext> ctx =
      ModeContext::get(module, base, name, "", "cim-assign-precision");
  if (failed(ctx))
    return fail();
  if (pareto)
    for (unsigned i = 1; i <= frontier; ++i) {
      std::string newName = name + "-" + std::to_string(i);
      if (module.lookupSymbol(newName)) {
        emitError(loc) << "cim-assign-precision: the name '" << newName
                       << "' is already taken";
        return fail();
      }
    }
  PrecisionModeOp baseOp = ctx->baseMode;
  StringRef baseName = baseOp.getSymName();

  auto loaded =
      loadCalibrationSamples(ctx->func, calibration, calibrationSamples, seed);
  if (failed(loaded))
    return fail();
  samples = std::move(*loaded);
  if (maxSamples > 0 && samples.size() > maxSamples)
    samples.resize(maxSamples);
  if (samples.empty()) {
    emitError(loc) << "cim-assign-precision: no calibration samples (give a "
                      "calibration directory or calibration-samples >= 1)";
    return fail();
  }
  auto refOutputs = referenceOutputs(ctx->func, samples);
  if (failed(refOutputs))
    return fail();
  reference = std::move(*refOutputs);
  signal = 0;
  rows = 0;
  samplesSimulated = 0;
  for (const auto &outputs : reference) {
    if (outputs.empty()) {
      emitError(loc, "cim-assign-precision: @main has no outputs");
      return fail();
    }
    for (const kernels::Tensor &t : outputs)
      for (float v : t.data)
        signal += double(v) * double(v);
    rows += int64_t(outputs.front().data.size()) / classesOf(outputs);
  }
  if (rows == 0) {
    emitError(loc, "cim-assign-precision: the first output of @main is empty");
    return fail();
  }

  program::Program &program = ctx->program;
  const size_t firstTrial = program.modes.size();
  bool hasDigitalCim = program.arch.hasDigitalCim();

  // The base point.
  std::vector<Point> points;
  std::vector<program::ModeLayer> baseLayers =
      program.modes[ctx->baseIndex].layers;
  if (failed(evaluate(program, firstTrial, {baseLayers}, points,
                      /*budget=*/nullptr, loc)))
    return fail();
  Point current = points.front();
  auto within = [&](const Point &p) {
    return p.complete && p.fidelity(target) >= target.value;
  };
  if (!within(current)) {
    InFlightDiagnostic diag =
        baseOp.emitError() << "cim-assign-precision: base mode '" << baseName
                           << "' misses the budget " << target.str() << " on "
                           << samples.size() << " calibration samples: ";
    if (target.kind == Budget::Kind::Snr)
      diag << llvm::formatv("its SNR is {0:f2} dB, {1:f2} dB below",
                            current.snrDb, target.value - current.snrDb);
    else
      diag << llvm::formatv("its top-1 agreement is {0:f4}, {1:f4} below",
                            current.top1, target.value - current.top1);
    return fail();
  }
  Point basePoint = current;

  // Greedy descent.
  std::vector<Point> path;
  uint64_t movesTried = 0, movesTaken = 0;
  while (true) {
    // Each move: one layer loses a cell slice of weight bits or a DAC step
    // of input bits.
    std::vector<std::vector<program::ModeLayer>> moves;
    for (size_t l = 0; l < program.layers.size(); ++l) {
      const program::Layer &layer = program.layers[l];
      for (bool weight : {true, false}) {
        uint32_t step = weight ? layer.cellBits : layer.dacBits;
        uint32_t bits =
            weight ? current.layers[l].weightBits : current.layers[l].inputBits;
        if (step == 0 || bits <= step)
          continue;
        std::vector<program::ModeLayer> move = current.layers;
        (weight ? move[l].weightBits : move[l].inputBits) = bits - step;
        if (!program::checkModeLayer(layer, move[l],
                                     ctx->tilesOfLayer[l].size(), hasDigitalCim)
                 .empty())
          continue;
        moves.push_back(std::move(move));
      }
    }
    if (moves.empty())
      break;
    if (failed(evaluate(program, firstTrial, moves, points, &target, loc)))
      return fail();
    movesTried += moves.size();

    // The best energy saved per unit of fidelity lost among the moves that
    // keep the budget; a move that loses nothing ranks above all others.
    // Moves that lose the same (with a top-1 budget, typically nothing)
    // rank by energy saved per dB of SNR lost, then by energy saved; the
    // remaining ties go to the earlier move (layer order, weight before
    // input).
    auto perLoss = [](double saved, double lost) {
      return lost > 0 ? saved / lost : std::numeric_limits<double>::infinity();
    };
    std::optional<size_t> best;
    std::tuple<double, double, double> bestKey;
    for (size_t i = 0; i < moves.size(); ++i) {
      const Point &p = points[i];
      double saved = current.energyPj - p.energyPj;
      if (saved <= 0 || !within(p))
        continue;
      std::tuple<double, double, double> key(
          perLoss(saved, current.fidelity(target) - p.fidelity(target)),
          perLoss(saved, current.snrDb - p.snrDb), saved);
      if (!best || key > bestKey) {
        best = i;
        bestKey = key;
      }
    }
    if (!best)
      break;
    current = points[*best];
    path.push_back(current);
    ++movesTaken;
  }
  program.modes.resize(firstTrial);
  numMovesTried = movesTried;
  numMovesTaken = movesTaken;
  numSamplesSimulated = samplesSimulated;

  // The modes to emit: the end of the path, and with pareto up to
  // `frontier` points before it, spread evenly in energy between the base
  // and the end.
  SmallVector<std::pair<std::string, const Point *>> emitted;
  if (pareto && path.size() > 1) {
    size_t candidates = path.size() - 1; // path[0 .. size-2]
    SmallVector<size_t> chosen;
    if (candidates <= frontier) {
      for (size_t i = 0; i < candidates; ++i)
        chosen.push_back(i);
    } else {
      double hi = basePoint.energyPj, lo = path.back().energyPj;
      size_t next = 0;
      for (unsigned k = 1; k <= frontier; ++k) {
        double goal = hi - (hi - lo) * double(k) / double(frontier + 1);
        // Leave room for the points still to choose.
        size_t last = candidates - (frontier - k) - 1;
        size_t pick = next;
        for (size_t i = next; i <= last; ++i)
          if (std::abs(path[i].energyPj - goal) <
              std::abs(path[pick].energyPj - goal))
            pick = i;
        chosen.push_back(pick);
        next = pick + 1;
      }
    }
    for (auto [k, i] : llvm::enumerate(chosen))
      emitted.push_back({name + "-" + std::to_string(k + 1), &path[i]});
  }
  const Point &final = path.empty() ? basePoint : path.back();
  emitted.push_back({name, &final});

  // Emit after the existing modes, so that the default stays the default.
  for (auto &[modeName, point] : emitted) {
    SmallVector<NamedAttribute> entries;
    for (size_t l = 0; l < program.layers.size(); ++l)
      entries.push_back(NamedAttribute(
          StringAttr::get(&getContext(), program.layers[l].name),
          PrecisionAttr::fromModeLayer(&getContext(), point->layers[l])));
    ctx->newName = modeName;
    PrecisionModeOp op = ctx->addMode(entries);
    ++numModesAdded;
    op.emitRemark() << "cim-assign-precision: mode '" << modeName << "' ("
                    << target.str() << " on " << samples.size()
                    << " calibration samples): " << describe(*point)
                    << "; base '" << baseName << "': " << describe(basePoint)
                    << "; " << movesTaken << " of " << movesTried
                    << " moves taken, " << samplesSimulated
                    << " samples simulated";
  }
  for (size_t l = 0; l < program.layers.size(); ++l) {
    const program::Layer &layer = program.layers[l];
    ctx->layers[l]->emitRemark()
        << "cim-assign-precision: mode '" << name << "': layer '" << layer.name
        << "' runs " << bitsOf(final.layers[l]) << " (base "
        << bitsOf(basePoint.layers[l]) << ", stored w" << layer.weightBits
        << "a" << layer.inputBits << ")";
  }
}

} // namespace
