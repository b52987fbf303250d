//===- BinaryFormat.h - Layout constants of the .cimb container -*- C++ -*-===//
//
// Shared by the writer and the reader: the header layout, the section kinds
// and their names. docs/binary-format.md is the prose version of this file.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_LIB_TARGET_CIMB_BINARYFORMAT_H
#define CIM_LIB_TARGET_CIMB_BINARYFORMAT_H

#include "cim/Program/Program.h"

#include <cstdint>

namespace cim::cimb {

constexpr char kMagic[4] = {'C', 'I', 'M', 'B'};

/// Header: magic[4], u32 version, u64 arch hash, u64 file size,
/// u32 section count, u32 reserved (0).
constexpr uint64_t kHeaderSize = 32;
/// Section table entry: u32 kind, u32 reserved (0), u64 offset, u64 size.
constexpr uint64_t kSectionEntrySize = 24;
/// Every section starts at a multiple of this.
constexpr uint64_t kSectionAlign = 8;
/// Fixed part of one instruction: u16 opcode, u16 operand count, u32 symbol.
constexpr uint64_t kInstrHeaderSize = 8;
/// Opcodes 0..kMaxOpcode are defined (program::Opcode).
constexpr uint16_t kMaxOpcode = program::kLastOpcode;

enum class SectionKind : uint32_t {
  Meta = 1,
  Arch = 2,
  Tensors = 3,
  Layers = 4,
  Tiles = 5,
  Arrays = 6,
  Modes = 7,
  Symbols = 8,
  Core = 9,
};
constexpr uint32_t kMaxSectionKind = 9;

inline const char *sectionName(uint32_t kind) {
  switch (kind) {
  case 1:
    return "meta";
  case 2:
    return "arch";
  case 3:
    return "tensors";
  case 4:
    return "layers";
  case 5:
    return "tiles";
  case 6:
    return "arrays";
  case 7:
    return "modes";
  case 8:
    return "symbols";
  case 9:
    return "core";
  default:
    return "unknown";
  }
}

} // namespace cim::cimb

#endif // CIM_LIB_TARGET_CIMB_BINARYFORMAT_H
