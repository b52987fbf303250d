//===- BinaryReader.cpp - .cimb bytes -> Program --------------------------===//
//
// The reader treats its input as hostile: every read is bounds-checked, every
// count is checked against the bytes left before anything is allocated,
// enums and padding are validated, and the result goes through
// verifyProgram. Errors name the origin, the section and the byte offset.
//
//===----------------------------------------------------------------------===//

#include "BinaryFormat.h"

#include "cim/Target/CIMB/CIMB.h"

#include "llvm/ADT/Twine.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/FormatVariadic.h"

#include <cstring>
#include <optional>

using namespace cim;
using namespace cim::cimb;
using namespace cim::program;

namespace {

/// Reads one section. The first failure is recorded and every later read
/// returns zero, so decoding code checks ok() at loop heads and at the end
/// instead of after every field.
class Cursor {
public:
  Cursor(llvm::StringRef data, uint64_t base, std::string section)
      : data(data), base(base), section(std::move(section)) {}

  bool ok() const { return !error; }
  uint64_t position() const { return base + pos; }

  void fail(const llvm::Twine &msg) {
    if (!error)
      error = "section '" + section + "': " + msg.str();
  }

  uint8_t u8() { return get<uint8_t>(); }
  uint16_t u16() { return get<uint16_t>(); }
  uint32_t u32() { return get<uint32_t>(); }
  uint64_t u64() { return get<uint64_t>(); }
  int64_t i64() { return static_cast<int64_t>(get<uint64_t>()); }
  float f32() {
    uint32_t bits = u32();
    float v;
    std::memcpy(&v, &bits, sizeof(v));
    return v;
  }
  double f64() {
    uint64_t bits = u64();
    double v;
    std::memcpy(&v, &bits, sizeof(v));
    return v;
  }
  bool boolean(const char *what) {
    uint8_t v = u8();
    if (v > 1)
      fail(llvm::Twine(what) + " flag " + llvm::Twine(v) + " at byte " +
           llvm::Twine(position() - 1) + " is neither 0 nor 1");
    return v == 1;
  }
  /// Returns `v` if it is at most `max`, else records an error.
  uint32_t enumValue(uint32_t v, uint32_t max, const char *what) {
    if (v > max)
      fail(llvm::formatv("unknown {0} {1} before byte {2}", what, v,
                         position()));
    return v;
  }
  std::string str() {
    uint32_t n = u32();
    if (!take(n))
      return {};
    return data.substr(pos - n, n).str();
  }
  llvm::StringRef bytes(uint64_t n) {
    if (!take(n))
      return {};
    return data.substr(pos - n, n);
  }
  /// Checks that `n` items of at least `itemBytes` bytes each can still be
  /// present, so that a corrupt count cannot trigger a huge allocation.
  bool count(uint64_t n, uint64_t itemBytes, const char *what) {
    if (!ok())
      return false;
    if (itemBytes && n > (data.size() - pos) / itemBytes) {
      fail(llvm::formatv("{0} {1} at byte {2} need more than the {3} bytes "
                         "left",
                         n, what, position(), data.size() - pos));
      return false;
    }
    return true;
  }
  /// The error of this section, or success if every byte was consumed.
  std::optional<std::string> finish() {
    if (!error && pos != data.size())
      fail(llvm::formatv("{0} unused bytes at byte {1}", data.size() - pos,
                         position()));
    return error;
  }

private:
  bool take(uint64_t n) {
    if (error)
      return false;
    if (n > data.size() - pos) {
      fail(llvm::formatv("reading {0} bytes at byte {1} runs past the "
                         "section's end at byte {2}",
                         n, position(), base + data.size()));
      return false;
    }
    pos += n;
    return true;
  }
  template <typename T> T get() {
    // Padding up to the field's natural alignment must be zero.
    while (!error && pos % sizeof(T)) {
      if (pos >= data.size()) {
        take(1);
        return 0;
      }
      if (data[pos] != '\0')
        fail(llvm::formatv("non-zero padding at byte {0}", position()));
      ++pos;
    }
    if (!take(sizeof(T)))
      return 0;
    return llvm::support::endian::read<T, llvm::endianness::little>(
        data.data() + pos - sizeof(T));
  }

  llvm::StringRef data;
  uint64_t pos = 0;
  uint64_t base;
  std::string section;
  std::optional<std::string> error;
};

void readMeta(Cursor &c, Program &p) {
  p.producer = c.str();
  p.modelName = c.str();
  p.bufferElements = c.u64();
}

void readTensors(Cursor &c, Program &p) {
  uint32_t n = c.u32();
  if (!c.count(n, 4 + 1 + 4 + 8 + 8, "tensors"))
    return;
  for (uint32_t i = 0; i < n && c.ok(); ++i) {
    TensorDesc t;
    t.name = c.str();
    t.role = static_cast<TensorRole>(c.enumValue(c.u8(), 3, "tensor role"));
    uint32_t rank = c.u32();
    if (!c.count(rank, 8, "dimensions"))
      return;
    for (uint32_t d = 0; d < rank; ++d)
      t.shape.push_back(c.i64());
    t.offset = c.u64();
    uint64_t values = c.u64();
    if (!c.count(values, 4, "constant values"))
      return;
    t.data.reserve(values);
    for (uint64_t v = 0; v < values; ++v)
      t.data.push_back(c.f32());
    p.tensors.push_back(std::move(t));
  }
}

void readF64s(Cursor &c, std::vector<double> &out, const char *what) {
  uint64_t n = c.u64();
  if (!c.count(n, 8, what))
    return;
  out.reserve(n);
  for (uint64_t i = 0; i < n; ++i)
    out.push_back(c.f64());
}

void readLayers(Cursor &c, Program &p) {
  uint32_t n = c.u32();
  if (!c.count(n, 4 + 4 + 17 * 8 + 8 + 6 * 4 + 8 + 16, "layers"))
    return;
  for (uint32_t i = 0; i < n && c.ok(); ++i) {
    Layer l;
    l.name = c.str();
    l.kind = static_cast<LayerKind>(c.enumValue(c.u8(), 1, "layer kind"));
    l.polarity =
        static_cast<PolarityScheme>(c.enumValue(c.u8(), 1, "polarity scheme"));
    l.inputSigned = c.boolean("inputSigned");
    l.relu = c.boolean("relu");
    for (int64_t *f : {&l.batch, &l.inH, &l.inW, &l.inC, &l.outH, &l.outW,
                       &l.outC, &l.kH, &l.kW, &l.strideH, &l.strideW,
                       &l.padTop, &l.padLeft, &l.padBottom, &l.padRight,
                       &l.dilationH, &l.dilationW})
      *f = c.i64();
    l.inputScale = c.f64();
    for (uint32_t *f : {&l.inputBits, &l.weightBits, &l.cellBits, &l.dacBits,
                        &l.rowsPerBlock, &l.adcBits})
      *f = c.u32();
    l.adcRange = c.u64();
    readF64s(c, l.outScale, "outScale values");
    readF64s(c, l.bias, "bias values");
    p.layers.push_back(std::move(l));
  }
}

void readTiles(Cursor &c, Program &p) {
  uint32_t n = c.u32();
  if (!c.count(n, 12 * 4, "tiles"))
    return;
  p.tiles.reserve(n);
  for (uint32_t i = 0; i < n && c.ok(); ++i) {
    Tile t;
    t.layer = c.u32();
    t.rowBlock = c.u32();
    t.rowBegin = c.u32();
    t.rowEnd = c.u32();
    t.colBegin = c.u32();
    t.colEnd = c.u32();
    t.slice = c.u32();
    t.polarity =
        static_cast<TilePolarity>(c.enumValue(c.u32(), 2, "tile polarity"));
    t.core = c.u32();
    t.array = c.u32();
    t.arrayRow = c.u32();
    t.arrayCol = c.u32();
    p.tiles.push_back(t);
  }
}

void readArrays(Cursor &c, Program &p) {
  uint32_t n = c.u32();
  if (!c.count(n, 16, "array images"))
    return;
  for (uint32_t i = 0; i < n && c.ok(); ++i) {
    ArrayImage a;
    a.core = c.u32();
    a.array = c.u32();
    uint64_t cells = c.u64();
    llvm::StringRef levels = c.bytes(cells);
    a.levels.assign(levels.bytes_begin(), levels.bytes_end());
    p.arrays.push_back(std::move(a));
  }
}

/// Smallest encoding of one mode layer entry (docs/binary-format.md).
constexpr uint64_t kModeLayerBytes = 48;

void readModes(Cursor &c, Program &p) {
  uint32_t n = c.u32();
  if (!c.count(n, 8, "modes"))
    return;
  for (uint32_t i = 0; i < n && c.ok(); ++i) {
    Mode m;
    m.name = c.str();
    uint32_t layers = c.u32();
    if (!c.count(layers, kModeLayerBytes, "mode layer entries"))
      return;
    for (uint32_t l = 0; l < layers && c.ok(); ++l) {
      ModeLayer ml;
      ml.weightBits = c.u32();
      ml.inputBits = c.u32();
      ml.activeChannels = c.u32();
      ml.activeInputs = c.u32();
      ml.inputPeriod = c.u32();
      ml.digitalPlanes = c.u32();
      ml.salientPlanes = c.u32();
      ml.saliencyThreshold = c.u64();
      uint32_t flags = c.u32();
      if (flags > 1) {
        c.fail(llvm::formatv("mode '{0}' layer {1}: unknown flags {2:x}",
                             m.name, l, flags)
                   .str());
        return;
      }
      ml.skipZeroPlanes = flags & 1;
      ml.nonzeroPlanesPpm = c.u32();
      ml.salientPpm = c.u32();
      uint32_t tiles = c.u32();
      if (!c.count(tiles, 20, "tile ADC settings"))
        return;
      for (uint32_t t = 0; t < tiles; ++t) {
        AdcSetting a;
        a.bits = c.u32();
        a.range = c.u64();
        a.fineBits = c.u32();
        a.finePpm = c.u32();
        ml.tileAdc.push_back(a);
      }
      m.layers.push_back(std::move(ml));
    }
    p.modes.push_back(std::move(m));
  }
}

void readSymbols(Cursor &c, Program &p) {
  uint32_t n = c.u32();
  if (!c.count(n, 4, "symbols"))
    return;
  for (uint32_t i = 0; i < n && c.ok(); ++i)
    p.symbols.push_back(c.str());
}

void readCore(Cursor &c, Program &p) {
  CoreStream cs;
  cs.core = c.u32();
  uint32_t n = c.u32();
  if (!c.count(n, kInstrHeaderSize, "instructions"))
    return;
  for (uint32_t i = 0; i < n && c.ok(); ++i) {
    Instr in;
    uint16_t op = c.u16();
    uint16_t operands = c.u16();
    in.symbol = c.u32();
    if (c.ok() && op > kMaxOpcode) {
      c.fail(llvm::formatv("unknown opcode {0} in core {1} instruction {2}",
                           op, cs.core, i));
      return;
    }
    in.op = static_cast<Opcode>(op);
    if (!c.count(operands, 8, "operands"))
      return;
    for (uint16_t k = 0; k < operands; ++k)
      in.operands.push_back(c.i64());
    cs.instrs.push_back(std::move(in));
  }
  p.cores.push_back(std::move(cs));
}

llvm::Error error(llvm::StringRef origin, const llvm::Twine &msg) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 origin + ": " + msg);
}

} // namespace

llvm::Expected<Program> cim::readBinary(llvm::StringRef bytes,
                                        llvm::StringRef origin) {
  using llvm::support::endian::read32le;
  using llvm::support::endian::read64le;
  uint64_t size = bytes.size();
  if (size < sizeof(kMagic) ||
      std::memcmp(bytes.data(), kMagic, sizeof(kMagic)) != 0)
    return error(origin, "not a .cimb file (bad magic; expected \"CIMB\")");
  if (size < kHeaderSize)
    return error(origin, llvm::formatv("truncated: the header ends at byte "
                                       "{0} beyond the file size {1}",
                                       kHeaderSize, size));
  const char *d = bytes.data();
  uint32_t version = read32le(d + 4);
  if (version != kCIMBFormatVersion)
    return error(origin, llvm::formatv("format version {0} is not supported "
                                       "(this build reads version {1})",
                                       version, kCIMBFormatVersion));
  uint64_t archHash = read64le(d + 8);
  uint64_t declaredSize = read64le(d + 16);
  uint32_t sectionCount = read32le(d + 24);
  if (read32le(d + 28) != 0)
    return error(origin, "reserved header field at byte 28 is not zero");
  uint64_t tableEnd = kHeaderSize + kSectionEntrySize * uint64_t(sectionCount);
  if (tableEnd > size)
    return error(origin, llvm::formatv("truncated: the section table ends at "
                                       "byte {0} beyond the file size {1}",
                                       tableEnd, size));

  struct Entry {
    uint32_t kind;
    uint64_t offset, size;
  };
  std::vector<Entry> entries;
  uint64_t seen[kMaxSectionKind + 1] = {};
  for (uint32_t i = 0; i < sectionCount; ++i) {
    const char *e = d + kHeaderSize + kSectionEntrySize * i;
    Entry entry{read32le(e), read64le(e + 8), read64le(e + 16)};
    if (entry.kind == 0 || entry.kind > kMaxSectionKind)
      return error(origin, llvm::formatv("unknown section kind {0} in "
                                         "section table entry {1}",
                                         entry.kind, i));
    const char *name = sectionName(entry.kind);
    if (read32le(e + 4) != 0)
      return error(origin, llvm::formatv("section '{0}': reserved field is "
                                         "not zero",
                                         name));
    if (entry.kind != uint32_t(SectionKind::Core) && seen[entry.kind]++)
      return error(origin,
                   llvm::formatv("section '{0}' appears twice", name));
    if (entry.offset % kSectionAlign || entry.offset < tableEnd)
      return error(origin, llvm::formatv("section '{0}' starts at byte {1}, "
                                         "which is not an 8-aligned offset "
                                         "after the section table",
                                         name, entry.offset));
    if (entry.size > size || entry.offset > size - entry.size)
      return error(origin,
                   llvm::formatv("truncated: section '{0}' ends at byte {1} "
                                 "beyond the file size {2}",
                                 name,
                                 entry.offset > UINT64_MAX - entry.size
                                     ? UINT64_MAX
                                     : entry.offset + entry.size,
                                 size));
    entries.push_back(entry);
  }
  for (uint32_t kind = 1; kind < kMaxSectionKind; ++kind)
    if (!seen[kind])
      return error(origin, llvm::formatv("section '{0}' is missing",
                                         sectionName(kind)));
  if (declaredSize != size)
    return error(origin, llvm::formatv("the header gives the file size {0} "
                                       "but the file has {1} bytes",
                                       declaredSize, size));

  Program p;
  p.formatVersion = version;
  for (const Entry &e : entries) {
    Cursor c(bytes.substr(e.offset, e.size), e.offset, sectionName(e.kind));
    switch (static_cast<SectionKind>(e.kind)) {
    case SectionKind::Meta:
      readMeta(c, p);
      break;
    case SectionKind::Arch:
      p.archJson = bytes.substr(e.offset, e.size).str();
      c.bytes(e.size);
      break;
    case SectionKind::Tensors:
      readTensors(c, p);
      break;
    case SectionKind::Layers:
      readLayers(c, p);
      break;
    case SectionKind::Tiles:
      readTiles(c, p);
      break;
    case SectionKind::Arrays:
      readArrays(c, p);
      break;
    case SectionKind::Modes:
      readModes(c, p);
      break;
    case SectionKind::Symbols:
      readSymbols(c, p);
      break;
    case SectionKind::Core:
      readCore(c, p);
      break;
    }
    if (std::optional<std::string> msg = c.finish()) {
      // The opcode check names the instruction on its own.
      llvm::StringRef text(*msg);
      size_t at = text.find("unknown opcode");
      return error(origin, at == llvm::StringRef::npos ? text : text.substr(at));
    }
  }

  uint64_t actualHash = cimbHash(p.archJson);
  if (actualHash != archHash)
    return error(origin, llvm::formatv("arch hash mismatch: the header says "
                                       "{0:x16} but the arch section hashes "
                                       "to {1:x16}",
                                       archHash, actualHash));
  llvm::Expected<ArchSpec> arch = parseArch(p.archJson, origin.str() + ":arch");
  if (!arch)
    return error(origin, "section 'arch': " + llvm::toString(arch.takeError()));
  p.arch = std::move(*arch);
  if (llvm::Error e = verifyProgram(p))
    return error(origin, llvm::toString(std::move(e)));
  return p;
}
