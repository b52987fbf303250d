//===- HybridBoundary.cpp - A digital/analog boundary as an operating point ===//
//
// Seed 3 (OSA-HCIM): on a hybrid macro, the bit-plane products of the
// highest significance run in digital CIM, exactly, and the rest in analog
// CIM through the ADC, which is cheaper but loses precision. The boundary is
// a mode field: static per layer (`planes`), and per input by saliency: a
// pixel whose largest input code is among the top `salient-share` of the
// calibration data uses `salient-planes` instead. The threshold comes from
// running the mapping in the simulator on calibration inputs.
//
//===----------------------------------------------------------------------===//

#include "cim/Dialect/CIM/IR/CIMArch.h"
#include "cim/Dialect/CIM/Transforms/Calibration.h"
#include "cim/Dialect/CIM/Transforms/ModeUtils.h"
#include "cim/Dialect/CIM/Transforms/Passes.h"
#include "cim/Program/Semantics.h"

#include <algorithm>
#include <cmath>

namespace cim {
#define GEN_PASS_DEF_CIMHYBRIDBOUNDARY
#include "cim/Dialect/CIM/Transforms/Passes.h.inc"
} // namespace cim

using namespace mlir;
using namespace cim;

namespace {

struct CIMHybridBoundaryPass
    : public cim::impl::CIMHybridBoundaryBase<CIMHybridBoundaryPass> {
  using Base::Base;

  /// One operating point: `planes` static digital planes, and with a share
  /// > 0, `salient` planes for that share of the pixels.
  struct Point {
    unsigned planes = 0, salient = 0;
    double share = 0;
    std::string name;
  };

  /// Parses `points`: "d3" (3 digital planes), "all" (all digital) or
  /// "s2:6:0.25" (2 planes, 6 for the 25% most salient pixels).
  FailureOr<SmallVector<Point>> parsePoints(ModuleOp module) {
    SmallVector<Point> result;
    SmallVector<StringRef> specs;
    StringRef(points).split(specs, ',', -1, /*KeepEmpty=*/false);
    for (StringRef spec : specs) {
      spec = spec.trim();
      Point p;
      SmallVector<StringRef> parts;
      bool ok = true;
      if (spec == "all") {
        p.planes = 1u << 16;
        p.name = "digital";
      } else if (spec.starts_with("d")) {
        ok = !spec.drop_front().getAsInteger(10, p.planes);
        p.name = spec.str();
      } else if (spec.starts_with("s")) {
        spec.drop_front().split(parts, ':');
        ok = parts.size() == 3 && !parts[0].getAsInteger(10, p.planes) &&
             !parts[1].getAsInteger(10, p.salient) &&
             !parts[2].getAsDouble(p.share);
        if (ok)
          p.name = ("s" + parts[0] + "-" + parts[1] + "-" +
                    std::to_string(int(std::lround(p.share * 100))))
                       .str();
      } else {
        ok = false;
      }
      if (!ok) {
        emitError(module.getLoc())
            << "cim-hybrid-boundary: cannot parse point '" << spec
            << "'; expected dN, all or sN:M:SHARE (e.g. d3,all,s2:6:0.25)";
        return failure();
      }
      result.push_back(p);
    }
    return result;
  }

  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (!points.empty()) {
      auto parsed = parsePoints(module);
      if (failed(parsed))
        return signalPassFailure();
      FailureOr<PrecisionModeOp> baseMode =
          findBaseMode(module, base, "cim-hybrid-boundary");
      if (failed(baseMode))
        return signalPassFailure();
      std::string baseName = baseMode->getSymName().str();
      for (const Point &p : *parsed)
        if (failed(addPoint(module, p.planes, p.salient, p.share,
                            baseName + "-" + p.name)))
          return signalPassFailure();
      return;
    }
    if (failed(addPoint(module, planes, salientPlanes, salientShare, name)))
      signalPassFailure();
  }

  LogicalResult addPoint(ModuleOp module, unsigned planes,
                         unsigned salientPlanes, double salientShare,
                         StringRef name) {
    if (salientShare < 0 || salientShare > 1) {
      emitError(module.getLoc())
          << "cim-hybrid-boundary: salient-share must be in [0, 1], got "
          << double(salientShare);
      return failure();
    }
    bool saliency = salientShare > 0;
    if (saliency && salientPlanes <= planes) {
      emitError(module.getLoc())
          << "cim-hybrid-boundary: salient-planes ("
          << unsigned(salientPlanes) << ") must exceed planes ("
          << unsigned(planes)
          << ") for salient inputs to get more digital planes";
      return failure();
    }
    FailureOr<ArchSpec> arch = lookupArchSpec(module);
    if (failed(arch))
      return failure();
    if (!arch->hasDigitalCim()) {
      emitError(module.getLoc())
          << "cim-hybrid-boundary: the target '" << arch->name
          << "' has no digital CIM (arch section 'digital_cim'); presets "
             "with one: osa-hcim";
      return failure();
    }
    FailureOr<ModeContext> ctx = ModeContext::get(
        module, base, name, "-hybrid", "cim-hybrid-boundary");
    if (failed(ctx))
      return failure();

    sim::Statistics stats;
    if (saliency) {
      auto samples = loadCalibrationSamples(ctx->func, calibration,
                                            calibrationSamples, seed);
      if (failed(samples))
        return failure();
      if (samples->empty()) {
        emitError(module.getLoc(),
                  "cim-hybrid-boundary: no calibration samples");
        return failure();
      }
      if (failed(simulateSamples(ctx->program, ctx->baseIndex, *samples,
                                 module.getLoc(), &stats)))
        return failure();
    }

    MLIRContext *context = &getContext();
    SmallVector<NamedAttribute> entries;
    for (auto [layerIndex, op] : llvm::enumerate(ctx->layers)) {
      StringRef layerName = op->getAttrOfType<StringAttr>("layer").getValue();
      size_t l = ctx->programLayer[layerIndex];
      const program::Layer &layer = ctx->program.layers[l];
      program::ModeLayer mode =
          ctx->baseMode.getPrecisionFor(layerName).toModeLayer();
      // More planes than the layer has: all of them (all digital).
      unsigned all = program::topSignificance(layer) + 1;
      mode.digitalPlanes = std::min<unsigned>(planes, all);
      if (saliency) {
        // The threshold that makes `salientShare` of the calibration pixels
        // salient (ties make it at least that share).
        std::vector<uint64_t> codes = stats.layerPixelMaxCode[l];
        if (!codes.empty()) {
          std::sort(codes.begin(), codes.end(), std::greater<uint64_t>());
          // The ceil(share * n)-th largest code: at least that many pixels
          // reach it.
          size_t wanted = size_t(std::ceil(salientShare * double(codes.size())));
          size_t index = std::min(codes.size() - 1,
                                  wanted > 0 ? wanted - 1 : size_t(0));
          uint64_t threshold = std::max<uint64_t>(1, codes[index]);
          uint64_t salient = llvm::count_if(
              codes, [&](uint64_t c) { return c >= threshold; });
          mode.salientPlanes = std::min<unsigned>(salientPlanes, all);
          mode.saliencyThreshold = threshold;
          mode.salientPpm = uint32_t(
              (salient * 1000000 + codes.size() / 2) / codes.size());
          if (mode.salientPlanes == mode.digitalPlanes) {
            // Nothing to gain from telling salient pixels apart.
            mode.salientPlanes = 0;
            mode.saliencyThreshold = 0;
            mode.salientPpm = 0;
          }
        }
      }
      entries.push_back(NamedAttribute(
          StringAttr::get(context, layerName),
          PrecisionAttr::fromModeLayer(context, mode)));
    }
    ctx->addMode(entries);
    return success();
  }
};

} // namespace
