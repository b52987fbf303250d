//===- BinaryWriter.cpp - Program -> .cimb bytes --------------------------===//
//
// Every field is written at its natural alignment with zero padding, every
// section at a multiple of 8, in a fixed order: the same Program always gives
// the same bytes.
//
//===----------------------------------------------------------------------===//

#include "BinaryFormat.h"

#include "cim/Target/CIMB/CIMB.h"

#include "llvm/Support/Endian.h"

#include <cstring>

using namespace cim;
using namespace cim::cimb;
using namespace cim::program;

uint64_t cim::cimbHash(llvm::StringRef text) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : text) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

namespace {

/// A growing little-endian byte buffer; offsets are relative to its start,
/// which the container keeps 8-byte aligned.
class ByteWriter {
public:
  void align(size_t n) {
    while (bytes.size() % n)
      bytes.push_back('\0');
  }
  void u8(uint8_t v) { bytes.push_back(static_cast<char>(v)); }
  void u16(uint16_t v) { put<uint16_t>(v); }
  void u32(uint32_t v) { put<uint32_t>(v); }
  void u64(uint64_t v) { put<uint64_t>(v); }
  void i64(int64_t v) { put<uint64_t>(static_cast<uint64_t>(v)); }
  void f32(float v) {
    uint32_t bits;
    std::memcpy(&bits, &v, sizeof(bits));
    u32(bits);
  }
  void f64(double v) {
    uint64_t bits;
    std::memcpy(&bits, &v, sizeof(bits));
    u64(bits);
  }
  void str(llvm::StringRef s) {
    u32(static_cast<uint32_t>(s.size()));
    bytes.append(s.begin(), s.end());
  }
  void raw(llvm::StringRef s) { bytes.append(s.begin(), s.end()); }
  std::string bytes;

private:
  template <typename T> void put(T v) {
    align(sizeof(T));
    char buf[sizeof(T)];
    llvm::support::endian::write<T, llvm::endianness::little>(buf, v);
    bytes.append(buf, sizeof(T));
  }
};

std::string metaSection(const Program &p) {
  ByteWriter w;
  w.str(p.producer);
  w.str(p.modelName);
  w.u64(p.bufferElements);
  return w.bytes;
}

std::string tensorsSection(const Program &p) {
  ByteWriter w;
  w.u32(p.tensors.size());
  for (const TensorDesc &t : p.tensors) {
    w.str(t.name);
    w.u8(static_cast<uint8_t>(t.role));
    w.u32(t.shape.size());
    for (int64_t d : t.shape)
      w.i64(d);
    w.u64(t.offset);
    w.u64(t.data.size());
    for (float v : t.data)
      w.f32(v);
  }
  return w.bytes;
}

std::string layersSection(const Program &p) {
  ByteWriter w;
  w.u32(p.layers.size());
  for (const Layer &l : p.layers) {
    w.str(l.name);
    w.u8(static_cast<uint8_t>(l.kind));
    w.u8(static_cast<uint8_t>(l.polarity));
    w.u8(l.inputSigned);
    w.u8(l.relu);
    for (int64_t v : {l.batch, l.inH, l.inW, l.inC, l.outH, l.outW, l.outC,
                      l.kH, l.kW, l.strideH, l.strideW, l.padTop, l.padLeft,
                      l.padBottom, l.padRight, l.dilationH, l.dilationW})
      w.i64(v);
    w.f64(l.inputScale);
    for (uint32_t v : {l.inputBits, l.weightBits, l.cellBits, l.dacBits,
                       l.rowsPerBlock, l.adcBits})
      w.u32(v);
    w.u64(l.adcRange);
    w.u64(l.outScale.size());
    for (double v : l.outScale)
      w.f64(v);
    w.u64(l.bias.size());
    for (double v : l.bias)
      w.f64(v);
  }
  return w.bytes;
}

std::string tilesSection(const Program &p) {
  ByteWriter w;
  w.u32(p.tiles.size());
  for (const Tile &t : p.tiles)
    for (uint32_t v : {t.layer, t.rowBlock, t.rowBegin, t.rowEnd, t.colBegin,
                       t.colEnd, t.slice, static_cast<uint32_t>(t.polarity),
                       t.core, t.array, t.arrayRow, t.arrayCol})
      w.u32(v);
  return w.bytes;
}

std::string arraysSection(const Program &p) {
  ByteWriter w;
  w.u32(p.arrays.size());
  for (const ArrayImage &a : p.arrays) {
    w.u32(a.core);
    w.u32(a.array);
    w.u64(a.levels.size());
    w.raw(llvm::StringRef(reinterpret_cast<const char *>(a.levels.data()),
                          a.levels.size()));
  }
  return w.bytes;
}

std::string modesSection(const Program &p) {
  ByteWriter w;
  w.u32(p.modes.size());
  for (const Mode &m : p.modes) {
    w.str(m.name);
    w.u32(m.layers.size());
    for (const ModeLayer &ml : m.layers) {
      w.u32(ml.weightBits);
      w.u32(ml.inputBits);
      w.u32(ml.activeChannels);
      w.u32(ml.activeInputs);
      w.u32(ml.inputPeriod);
      w.u32(ml.digitalPlanes);
      w.u32(ml.salientPlanes);
      w.u64(ml.saliencyThreshold);
      w.u32(ml.skipZeroPlanes ? 1 : 0);
      w.u32(ml.nonzeroPlanesPpm);
      w.u32(ml.salientPpm);
      w.u32(ml.tileAdc.size());
      for (const AdcSetting &a : ml.tileAdc) {
        w.u32(a.bits);
        w.u64(a.range);
        w.u32(a.fineBits);
        w.u32(a.finePpm);
      }
    }
  }
  return w.bytes;
}

std::string symbolsSection(const Program &p) {
  ByteWriter w;
  w.u32(p.symbols.size());
  for (const std::string &s : p.symbols)
    w.str(s);
  return w.bytes;
}

std::string coreSection(const CoreStream &cs) {
  ByteWriter w;
  w.u32(cs.core);
  w.u32(cs.instrs.size());
  for (const Instr &in : cs.instrs) {
    w.u16(static_cast<uint16_t>(in.op));
    w.u16(static_cast<uint16_t>(in.operands.size()));
    w.u32(in.symbol);
    for (int64_t v : in.operands)
      w.i64(v);
  }
  return w.bytes;
}

} // namespace

std::string cim::writeBinary(const Program &p) {
  std::vector<std::pair<SectionKind, std::string>> sections;
  sections.emplace_back(SectionKind::Meta, metaSection(p));
  sections.emplace_back(SectionKind::Arch, p.archJson);
  sections.emplace_back(SectionKind::Tensors, tensorsSection(p));
  sections.emplace_back(SectionKind::Layers, layersSection(p));
  sections.emplace_back(SectionKind::Tiles, tilesSection(p));
  sections.emplace_back(SectionKind::Arrays, arraysSection(p));
  sections.emplace_back(SectionKind::Modes, modesSection(p));
  sections.emplace_back(SectionKind::Symbols, symbolsSection(p));
  for (const CoreStream &cs : p.cores)
    sections.emplace_back(SectionKind::Core, coreSection(cs));

  auto alignUp = [](uint64_t v) {
    return (v + kSectionAlign - 1) / kSectionAlign * kSectionAlign;
  };
  uint64_t offset = kHeaderSize + kSectionEntrySize * sections.size();
  std::vector<uint64_t> offsets;
  for (const auto &s : sections) {
    offset = alignUp(offset);
    offsets.push_back(offset);
    offset += s.second.size();
  }
  uint64_t fileSize = alignUp(offset);

  ByteWriter w;
  w.raw(llvm::StringRef(kMagic, sizeof(kMagic)));
  w.u32(p.formatVersion);
  w.u64(cimbHash(p.archJson));
  w.u64(fileSize);
  w.u32(sections.size());
  w.u32(0);
  for (size_t i = 0; i < sections.size(); ++i) {
    w.u32(static_cast<uint32_t>(sections[i].first));
    w.u32(0);
    w.u64(offsets[i]);
    w.u64(sections[i].second.size());
  }
  for (size_t i = 0; i < sections.size(); ++i) {
    w.align(kSectionAlign);
    w.raw(sections[i].second);
  }
  w.align(kSectionAlign);
  return std::move(w.bytes);
}
