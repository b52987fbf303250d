//===- CIMBTest.cpp - .cimb writer/reader and cimisa bridge tests ---------===//
//
// A small hand-built program that uses every opcode: exact round trips
// (bytes and MLIR), every truncation refused, seeded random mutations never
// crash, and the reader's documented error messages.
//
//===----------------------------------------------------------------------===//

#include "cim/Dialect/CIMISA/IR/CIMISA.h"
#include "cim/Target/CIMB/CIMB.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <random>

using namespace cim;
using namespace cim::program;

namespace {

Instr instr(Opcode op, std::vector<int64_t> operands, uint32_t symbol = 0) {
  Instr in;
  in.op = op;
  in.operands = std::move(operands);
  in.symbol = symbol;
  return in;
}

TensorDesc tensor(std::string name, std::vector<int64_t> shape,
                  TensorRole role, uint64_t offset) {
  TensorDesc t;
  t.name = std::move(name);
  t.shape = std::move(shape);
  t.role = role;
  t.offset = offset;
  return t;
}

/// One 3x3 conv (2 row blocks, 2 slices) on core 0, pooling and element-wise
/// work on both cores, and a send/recv pair.
Program makeProgram() {
  Program p;
  llvm::Expected<ArchSpec> arch = loadArch("isaac");
  EXPECT_TRUE(static_cast<bool>(arch)) << llvm::toString(arch.takeError());
  p.arch = *arch;
  p.archJson = llvm::formatv("{0}", p.arch.toJSON()).str();
  p.producer = "cim test";
  p.modelName = "tiny";
  p.bufferElements = 1024;

  p.tensors.push_back(tensor("x", {1, 4, 4, 2}, TensorRole::Input, 0));
  p.tensors.push_back(tensor("conv", {1, 4, 4, 4}, TensorRole::Intermediate, 32));
  p.tensors.push_back(tensor("pool", {1, 2, 2, 4}, TensorRole::Intermediate, 96));
  TensorDesc c = tensor("c", {4}, TensorRole::Constant, 112);
  c.data = {0.1f, -2.5f, 1.0f / 3.0f, std::numeric_limits<float>::denorm_min()};
  p.tensors.push_back(c);
  p.tensors.push_back(tensor("sum", {1, 2, 2, 4}, TensorRole::Intermediate, 116));
  p.tensors.push_back(tensor("act", {1, 2, 2, 4}, TensorRole::Intermediate, 132));
  p.tensors.push_back(tensor("nchw", {1, 4, 2, 2}, TensorRole::Intermediate, 148));
  p.tensors.push_back(tensor("flat", {16}, TensorRole::Intermediate, 164));
  p.tensors.push_back(tensor("prod", {16}, TensorRole::Intermediate, 180));
  p.tensors.push_back(tensor("avg", {1, 2, 2, 4}, TensorRole::Output, 196));
  // Operands of the digital unit's instructions (tensors 10 to 17).
  p.tensors.push_back(tensor("half", {1, 1, 2, 4}, TensorRole::Intermediate, 212));
  p.tensors.push_back(tensor("joined", {1, 3, 2, 4}, TensorRole::Intermediate, 220));
  p.tensors.push_back(tensor("padded", {1, 4, 4, 4}, TensorRole::Intermediate, 244));
  p.tensors.push_back(tensor("rsum", {1, 2, 2, 1}, TensorRole::Intermediate, 308));
  p.tensors.push_back(tensor("att", {1, 4, 4}, TensorRole::Intermediate, 312));
  TensorDesc dw = tensor("dw_w", {3, 3, 4, 1}, TensorRole::Constant, 328);
  dw.data.assign(36, 0.5f);
  p.tensors.push_back(dw);
  p.tensors.push_back(tensor("dwout", {1, 2, 2, 4}, TensorRole::Intermediate, 364));
  p.tensors.push_back(tensor("sq", {1, 4, 4}, TensorRole::Intermediate, 380));
  // The condition of a conditional region (tensor 18).
  p.tensors.push_back(tensor("cond", {1}, TensorRole::Intermediate, 396));

  Layer l;
  l.name = "conv1";
  l.inH = l.inW = 4;
  l.inC = 2;
  l.outH = l.outW = 4;
  l.outC = 4;
  l.kH = l.kW = 3;
  l.padTop = l.padLeft = l.padBottom = l.padRight = 1;
  l.inputScale = 0.1;
  l.inputSigned = true;
  l.inputBits = 8;
  l.weightBits = 4;
  l.cellBits = 2;
  l.rowsPerBlock = 16;
  l.outScale = {0.1, 1.0 / 3.0, 2.5e-7, 7};
  l.bias = {-0.0, 1e300, -1.0 / 7.0, 0};
  l.relu = true;
  l.adcRange = 384;
  p.layers.push_back(l);

  auto addTile = [&](uint32_t block, uint32_t begin, uint32_t end,
                     uint32_t slice, uint32_t col) {
    Tile t;
    t.rowBlock = block;
    t.rowBegin = begin;
    t.rowEnd = end;
    t.colEnd = 4;
    t.slice = slice;
    t.arrayRow = begin;
    t.arrayCol = col;
    p.tiles.push_back(t);
  };
  addTile(0, 0, 16, 0, 0);
  addTile(0, 0, 16, 1, 4);
  addTile(1, 16, 18, 0, 0);
  addTile(1, 16, 18, 1, 4);

  ArrayImage a;
  a.levels.resize(128 * 128);
  for (size_t i = 0; i < a.levels.size(); ++i)
    a.levels[i] = (i * 7 + i / 128) % 4;
  p.arrays.push_back(a);

  p.modes.push_back({"full", {{4, 8}}});
  p.modes.push_back({"w2a4", {{2, 4}}});
  // An operating point with every (arch-independent) field set.
  ModeLayer point;
  point.weightBits = 4;
  point.inputBits = 6;
  point.activeChannels = 3;
  point.activeInputs = 1;
  point.inputPeriod = 2;
  point.skipZeroPlanes = true;
  point.nonzeroPlanesPpm = 612345;
  point.tileAdc = {{5, 60, 2, 400000}, {0, 0}, {3, 7}, {8, 384}};
  p.modes.push_back({"point", {point}});
  p.symbols = {"", "conv1", "pool1", "tail"};

  CoreStream c0;
  c0.core = 0;
  c0.instrs = {instr(Opcode::SetMode, {1}),
               instr(Opcode::AdcSet, {0, 6, 384}, 1),
               instr(Opcode::Quant, {0, 0}, 1),
               instr(Opcode::Mvm, {0, 0}, 1),
               instr(Opcode::Mvm, {0, 1}, 1),
               instr(Opcode::Epilogue, {0, 1}, 1),
               instr(Opcode::MaxPool, {1, 2, 2, 2, 2, 2, 0, 0, 0, 0}, 2),
               instr(Opcode::Add, {2, 3, 4}, 3),
               instr(Opcode::Send, {4, 1, 7}, 3),
               // A conditional region: then-block, jump, else-block.
               instr(Opcode::BranchIfZero, {18, 2, 0}, 3),
               instr(Opcode::Binary,
                     {2, 3, 4, int64_t(BinaryFn::GreaterEqual)}, 3),
               instr(Opcode::Jump, {1, 0}, 3),
               instr(Opcode::Binary, {2, 3, 4, int64_t(BinaryFn::Equal)}, 3),
               instr(Opcode::Barrier, {}),
               instr(Opcode::Halt, {})};
  CoreStream c1;
  c1.core = 1;
  c1.instrs = {instr(Opcode::Recv, {4, 0, 7}, 3),
               instr(Opcode::Relu, {4, 5}, 3),
               instr(Opcode::Transpose, {5, 6, 0, 3, 1, 2}, 3),
               instr(Opcode::Copy, {6, 7}, 3),
               instr(Opcode::Mul, {7, 7, 8}, 3),
               instr(Opcode::AvgPool, {5, 9, 3, 3, 1, 1, 1, 1, 1, 1, 1}, 3),
               instr(Opcode::Unary, {5, 4, int64_t(UnaryFn::Sigmoid)}, 3),
               instr(Opcode::Binary, {5, 4, 4, int64_t(BinaryFn::Pow)}, 3),
               // Bounds -inf and a NaN with payload: bit patterns survive.
               instr(Opcode::Clamp, {4, 5, 0xff800000, 0x7fc00001}, 3),
               instr(Opcode::Slice, {5, 10, 0, 1, 0, 0}, 3),
               instr(Opcode::Concat, {11, 1, 5, 10}, 3),
               instr(Opcode::Pad, {5, 12, 0xbfc00000, 0, 0, 1, 1, 1, 1, 0, 0}, 3),
               instr(Opcode::Reduce, {5, 13, 3, int64_t(ReduceFn::Max)}, 3),
               instr(Opcode::MatMulDigital, {14, 14, 17}, 3),
               instr(Opcode::DepthwiseConv,
                     {5, 15, 3, 16, 1, 1, 1, 1, 1, 1, 1, 1}, 3),
               instr(Opcode::Barrier, {}),
               instr(Opcode::Halt, {})};
  p.cores = {c0, c1};
  return p;
}

std::string errorOf(llvm::Expected<Program> result) {
  if (result)
    return "";
  return llvm::toString(result.takeError());
}

TEST(CIMB, ProgramIsValid) {
  Program p = makeProgram();
  llvm::Error e = verifyProgram(p);
  EXPECT_FALSE(static_cast<bool>(e)) << llvm::toString(std::move(e));
}

TEST(CIMB, WriteIsDeterministicAndAligned) {
  Program p = makeProgram();
  std::string a = writeBinary(p), b = writeBinary(p);
  EXPECT_EQ(a, b);
  EXPECT_EQ(a.size() % 8, 0u);
  EXPECT_EQ(a.substr(0, 4), "CIMB");
}

TEST(CIMB, BinaryRoundTripIsExact) {
  Program p = makeProgram();
  std::string bytes = writeBinary(p);
  llvm::Expected<Program> back = readBinary(bytes, "mem.cimb");
  ASSERT_TRUE(static_cast<bool>(back)) << llvm::toString(back.takeError());
  EXPECT_EQ(writeBinary(*back), bytes);
  EXPECT_EQ(back->archJson, p.archJson);
  EXPECT_EQ(back->arch.rows, 128u);
  ASSERT_EQ(back->tensors.size(), p.tensors.size());
  const std::vector<float> &data = back->tensors[3].data;
  ASSERT_EQ(data.size(), 4u);
  EXPECT_EQ(0, std::memcmp(data.data(), p.tensors[3].data.data(), 16));
  ASSERT_EQ(back->layers.size(), 1u);
  EXPECT_EQ(back->layers[0].outScale, p.layers[0].outScale);
  EXPECT_TRUE(std::signbit(back->layers[0].bias[0]));
  EXPECT_EQ(back->layers[0].bias[1], 1e300);
  EXPECT_EQ(back->arrays[0].levels, p.arrays[0].levels);
  EXPECT_EQ(back->symbols, p.symbols);
  ASSERT_EQ(back->cores.size(), 2u);
  EXPECT_EQ(back->cores[1].instrs[2].operands,
            (std::vector<int64_t>{5, 6, 0, 3, 1, 2}));
}

TEST(CIMB, ISARoundTripIsExact) {
  Program p = makeProgram();
  mlir::MLIRContext context;
  mlir::OwningOpRef<mlir::ModuleOp> module = programToISA(p, &context);
  ASSERT_TRUE(module);
  mlir::FailureOr<Program> back = isaToProgram(*module);
  ASSERT_TRUE(mlir::succeeded(back));
  EXPECT_EQ(writeBinary(*back), writeBinary(p));

  // Through the text form as well (locations carry the symbols).
  std::string text;
  llvm::raw_string_ostream os(text);
  module->print(os, mlir::OpPrintingFlags().enableDebugInfo(true, false));
  mlir::OwningOpRef<mlir::ModuleOp> parsed =
      mlir::parseSourceString<mlir::ModuleOp>(text, &context);
  ASSERT_TRUE(parsed) << text;
  mlir::FailureOr<Program> reparsed = isaToProgram(*parsed);
  ASSERT_TRUE(mlir::succeeded(reparsed));
  EXPECT_EQ(writeBinary(*reparsed), writeBinary(p));
}

TEST(CIMB, EveryTruncationIsAnError) {
  std::string bytes = writeBinary(makeProgram());
  for (size_t len = 0; len < bytes.size(); ++len) {
    std::string err = errorOf(readBinary(llvm::StringRef(bytes).take_front(len),
                                         "cut.cimb"));
    EXPECT_FALSE(err.empty()) << "length " << len;
    EXPECT_EQ(err.rfind("cut.cimb: ", 0), 0u) << err;
  }
}

TEST(CIMB, TruncationNamesTheSection) {
  std::string bytes = writeBinary(makeProgram());
  std::string err = errorOf(
      readBinary(llvm::StringRef(bytes).take_front(bytes.size() - 64), "t"));
  EXPECT_NE(err.find("t: truncated: section 'core' ends at byte"),
            std::string::npos)
      << err;
  EXPECT_NE(err.find("beyond the file size " +
                     std::to_string(bytes.size() - 64)),
            std::string::npos)
      << err;
}

TEST(CIMB, RandomMutationsNeverCrash) {
  std::string bytes = writeBinary(makeProgram());
  std::mt19937_64 rng(20240611);
  unsigned accepted = 0;
  for (int iter = 0; iter < 4000; ++iter) {
    std::string m = bytes;
    int edits = 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < edits; ++e) {
      size_t at = rng() % m.size();
      switch (rng() % 3) {
      case 0:
        m[at] = static_cast<char>(rng());
        break;
      case 1:
        m[at] ^= static_cast<char>(1u << (rng() % 8));
        break;
      default:
        // Hit the header and the section table more often.
        m[rng() % std::min<size_t>(m.size(), 32 + 24 * 16)] =
            static_cast<char>(rng());
        break;
      }
    }
    llvm::Expected<Program> result = readBinary(m, "fuzz");
    if (result) {
      ++accepted;
      // Whatever is accepted is consistent, writes back canonically and has
      // a text form.
      std::string canonical = writeBinary(*result);
      llvm::Expected<Program> again = readBinary(canonical, "again");
      ASSERT_TRUE(static_cast<bool>(again)) << llvm::toString(again.takeError());
      EXPECT_EQ(writeBinary(*again), canonical);
      mlir::MLIRContext context;
      mlir::OwningOpRef<mlir::ModuleOp> module = programToISA(*result, &context);
      ASSERT_TRUE(module);
      EXPECT_TRUE(mlir::succeeded(isaToProgram(*module)));
    } else {
      llvm::consumeError(result.takeError());
    }
  }
  EXPECT_LT(accepted, 4000u);
}

TEST(CIMB, BadMagic) {
  std::string bytes = writeBinary(makeProgram());
  bytes[0] = 'X';
  EXPECT_EQ(errorOf(readBinary(bytes, "m")),
            "m: not a .cimb file (bad magic; expected \"CIMB\")");
}

TEST(CIMB, VersionMismatch) {
  Program p = makeProgram();
  p.formatVersion = 1;
  EXPECT_EQ(errorOf(readBinary(writeBinary(p), "v")),
            "v: format version 1 is not supported (this build reads version "
            "2)");
}

TEST(CIMB, ArchHashMismatch) {
  std::string bytes = writeBinary(makeProgram());
  bytes[8] ^= 1;
  EXPECT_NE(errorOf(readBinary(bytes, "h")).find("h: arch hash mismatch"),
            std::string::npos);
}

TEST(CIMB, UnknownOpcode) {
  Program p = makeProgram();
  p.cores[0].instrs[5].op = static_cast<Opcode>(77);
  EXPECT_EQ(errorOf(readBinary(writeBinary(p), "o")),
            "o: unknown opcode 77 in core 0 instruction 5");
}

TEST(CIMB, VerifyRejectsInconsistentPrograms) {
  auto expectError = [](Program p, llvm::StringRef needle) {
    llvm::Error e = verifyProgram(p);
    ASSERT_TRUE(static_cast<bool>(e)) << needle.str();
    std::string msg = llvm::toString(std::move(e));
    EXPECT_NE(msg.find(needle.str()), std::string::npos) << msg;
  };
  Program p = makeProgram();
  p.tiles[0].arrayRow = 120;
  expectError(p, "does not fit a 128x128 array");
  p = makeProgram();
  p.arrays[0].levels[5] = 4;
  expectError(p, "needs more than 2 cell bits");
  p = makeProgram();
  p.cores[0].instrs.pop_back();
  expectError(p, "does not end with halt");
  p = makeProgram();
  p.cores[0].instrs[3].operands.push_back(0);
  expectError(p, "core 0 instruction 3 (mvm): expected 2 operands, got 3");
  p = makeProgram();
  p.cores[0].instrs[2].operands[1] = 1;
  expectError(p, "expected the layer's input");
  p = makeProgram();
  p.modes[1].layers[0].weightBits = 5;
  expectError(p, "mode 1 ('w2a4')");
  // Whatever wrote the binary, a mode cannot cut a cell slice.
  p = makeProgram();
  p.modes[1].layers[0].weightBits = 3;
  expectError(p, "mode 1 ('w2a4'): layer 0 ('conv1'): 3 active weight bits "
                 "of 4 would cut a 2-bit cell slice");
  p = makeProgram();
  p.modes[2].layers[0].tileAdc.pop_back();
  expectError(p, "3 tile ADC settings for 4 tiles");
  p = makeProgram();
  p.modes[2].layers[0].digitalPlanes = 1;
  expectError(p, "digital planes need a target with digital CIM");
  p = makeProgram();
  p.modes[2].layers[0].inputPeriod = 4;
  expectError(p, "input period 4 does not divide the 18 rows");
  p = makeProgram();
  p.tensors[9].offset = 1020;
  expectError(p, "lie outside the buffer");
  p = makeProgram();
  p.cores[1].instrs[2].operands = {5, 6, 0, 3, 3, 2};
  expectError(p, "repeats dimension 3");
  // The digital unit's instructions (core 1, from instruction 6 on).
  p = makeProgram();
  p.cores[1].instrs[6].operands[2] = 11;
  expectError(p, "(unary): unary function 11 is outside [0, 10]");
  p = makeProgram();
  p.cores[1].instrs[9].operands[3] = 2;
  expectError(p, "(slice): dimension 1 slices [2, +1) outside");
  p = makeProgram();
  p.cores[1].instrs[10].operands[1] = 3;
  expectError(p, "(concat): input 0 differs from the output in dimension 1");
  p = makeProgram();
  p.cores[1].instrs[12].operands[2] = 4;
  expectError(p, "(reduce): axis 4 out of range (4)");
  // Branches stay inside their stream and read a one-element condition.
  p = makeProgram();
  p.cores[0].instrs[9].operands[1] = 5;
  expectError(p, "core 0 instruction 9 (br_zero): skips 5 instructions, past "
                 "the end of the stream");
  p = makeProgram();
  p.cores[0].instrs[11].operands[0] = 4;
  expectError(p, "core 0 instruction 11 (jump): skips 4 instructions");
  p = makeProgram();
  p.cores[0].instrs[9].operands[0] = 4;
  expectError(p, "(br_zero): tensor 4 has");
  p = makeProgram();
  p.cores[1].instrs[14].operands[1] = 5;
  expectError(p, "(depthwise_conv): the weight does not match the input "
                 "channels");
}

} // namespace
