//===- Arch.h - Accelerator description -------------------------*- C++ -*-===//
//
// The in-memory form of an accelerator description (docs/arch.md). It is read
// from a JSON file or a built-in preset, attached to MLIR modules as
// `#cim.arch`, and copied verbatim into every .cimb so that the simulator and
// the estimator price exactly the hardware the binary was compiled for.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_ARCH_ARCH_H
#define CIM_ARCH_ARCH_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace cim {

/// How signed weights are stored in unsigned cell levels.
enum class PolarityScheme : uint8_t {
  /// Stored level u = w + 2^(Wb-1); the digital unit subtracts
  /// 2^(Wb-1) * sum(x) (ISAAC biases weights the same way).
  Offset = 0,
  /// Two tiles per slice: w+ = max(w,0) and w- = max(-w,0); the shift-add
  /// unit subtracts the negative partial sums.
  Differential = 1,
};

/// One point of the ADC's cost curve: energy, area and time for a
/// conversion at `bits` of resolution.
struct AdcCostPoint {
  unsigned bits = 0;
  double energyPj = 0;
  double areaUm2 = 0;
};

struct ArchSpec {
  std::string name;
  std::string description;
  std::string device; // "reram", "sram", "mram"

  // Array.
  unsigned rows = 0;
  unsigned cols = 0;
  unsigned activeRows = 0; // rows driven in one cycle (<= rows)
  unsigned cellBits = 0;
  PolarityScheme polarity = PolarityScheme::Offset;
  double readLatencyNs = 0;      // one analog read cycle of an array
  double cellReadEnergyPj = 0;   // per (1-bit input x cell) read
  double arrayAreaUm2 = 0;

  // DAC (per row driver).
  unsigned dacBits = 0;
  double dacEnergyPj = 0; // per row drive per cycle
  double dacAreaUm2 = 0;

  // ADC.
  std::string adcKind; // "sar"
  unsigned adcBits = 0;
  unsigned columnsPerAdc = 0;
  double adcSampleRateGsps = 0;
  std::vector<AdcCostPoint> adcCurve; // sorted by bits

  // Hierarchy.
  unsigned arraysPerCore = 0;
  unsigned cores = 0;

  // Digital.
  double clockGhz = 0;
  double shiftAddEnergyPj = 0; // per shift-add of one converted column
  double shiftAddAreaUm2 = 0;
  double digitalOpEnergyPj = 0; // per element op of the vector unit
  double digitalAreaUm2 = 0;    // per core
  unsigned accumulatorBits = 0;

  // Buffers and network.
  uint64_t bufferBytes = 0;
  double bufferEnergyPjPerByte = 0;
  double bufferAreaUm2 = 0; // per core
  double bufferBytesPerNs = 0;
  double nocEnergyPjPerByte = 0;
  double nocLatencyNs = 0;

  unsigned techNodeNm = 0;

  // Digital CIM of a hybrid macro (optional section `digital_cim`; all zero
  // when absent). The most significant bit-plane products of a dot product
  // run here, exactly; the rest run in the analog array (OSA-HCIM).
  double digitalCimEnergyPj = 0;  // per (input digit x cell) product, summed
                                  // exactly by the macro's adder tree
  double digitalCimAreaUm2 = 0;   // extra area per array for that logic
  double digitalCimLatencyNs = 0; // one digital bit-plane cycle of an array
  bool hasDigitalCim() const { return digitalCimEnergyPj > 0; }

  // What a whole-chip peak figure (estimatePeak, Estimator/Peak.h) adds to
  // the arrays' datapath (optional section `uncore`; all zero when absent):
  // per core, the power at peak of everything besides its arrays, DACs,
  // ADCs and shift-adders (buffers, registers, vector unit, its share of
  // buses and routers), and the area of what the other sections do not
  // size; the same for the chip's I/O. Per-model reports do not read it:
  // they price buffers and the vector unit by their events.
  double uncoreCorePowerMw = 0;
  double uncoreCoreAreaUm2 = 0;
  double uncoreChipPowerMw = 0;
  double uncoreChipAreaUm2 = 0;
  bool hasUncore() const {
    return uncoreCorePowerMw > 0 || uncoreCoreAreaUm2 > 0 ||
           uncoreChipPowerMw > 0 || uncoreChipAreaUm2 > 0;
  }

  /// Key (dotted path, e.g. "adc.bits") -> where the number comes from.
  std::map<std::string, std::string> sources;

  /// Energy of one conversion at `bits` (linear interpolation on the curve,
  /// linear extrapolation from the two nearest points outside it).
  double adcEnergyPj(unsigned bits) const;
  double adcAreaUm2(unsigned bits) const;
  /// Bits an ADC needs to resolve every column sum exactly:
  /// ceil(log2(R*(2^c-1)*(2^d-1)+1)) (REFERENCE.md §9).
  unsigned losslessAdcBits(unsigned rowsDriven) const;
  /// Largest column sum one read cycle of `rowsDriven` rows can produce.
  uint64_t fullScaleColumnSum(unsigned rowsDriven) const;

  /// Canonical JSON (same keys as the file format, sorted, deterministic).
  llvm::json::Value toJSON() const;
};

/// Parses an accelerator description. `origin` names the file (or preset) in
/// diagnostics: "<origin>: key 'adc.bits': expected an integer in [1, 16]".
llvm::Expected<ArchSpec> parseArch(llvm::StringRef jsonText,
                                   llvm::StringRef origin);

/// Resolves ARCH as on the command line: a preset name ("isaac") or a path to
/// a JSON file.
llvm::Expected<ArchSpec> loadArch(llvm::StringRef nameOrPath);

/// Dotted keys of every numeric constant of the file format, in schema
/// order, including those of optional sections (`digital_cim.*`,
/// `uncore.*`): the
/// numeric keys a `sources` object may document.
std::vector<std::string> archConstantKeys();

/// The constant keys `spec` has values for: archConstantKeys() without the
/// keys of optional sections it leaves out. What a preset's `sources` object
/// must document.
std::vector<std::string> archConstantKeys(const ArchSpec &spec);

/// Names of the built-in presets, sorted.
std::vector<std::string> archPresetNames();

/// The JSON text of a built-in preset, or empty if there is none.
llvm::StringRef archPresetText(llvm::StringRef name);

} // namespace cim

#endif // CIM_ARCH_ARCH_H
