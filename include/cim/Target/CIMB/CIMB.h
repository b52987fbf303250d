//===- CIMB.h - The .cimb binary: writer, reader, cimisa bridge -*- C++ -*-===//
//
// A .cimb file is a program::Program in a little-endian, 8-byte aligned,
// byte-for-byte deterministic container (docs/binary-format.md). This header
// converts between the three forms of a compiled program:
//
//   bytes  <- writeBinary / readBinary ->  Program
//   Program <- isaToProgram / programToISA -> cimisa MLIR module
//
// and registers the `emit-cimbin` / `import-cimbin` translations.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_TARGET_CIMB_CIMB_H
#define CIM_TARGET_CIMB_CIMB_H

#include "cim/Program/Program.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "mlir/Support/LLVM.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>

namespace mlir {
class MLIRContext;
} // namespace mlir

namespace cim {

/// The format version this build writes and reads.
constexpr uint32_t kCIMBFormatVersion = 2;

/// FNV-1a 64 of `text`; the header stores it for the canonical arch JSON.
uint64_t cimbHash(llvm::StringRef text);

/// Serializes `program` (which should pass verifyProgram). The same program
/// always gives the same bytes.
std::string writeBinary(const program::Program &program);

/// Parses a .cimb image. Every offset, size, count and opcode is checked
/// before use; a corrupt or truncated image gives an error naming `origin`
/// ("<origin>: truncated: section 'tiles' ends at byte 912 beyond the file
/// size 800"), never a crash. The result has passed verifyProgram.
llvm::Expected<program::Program> readBinary(llvm::StringRef bytes,
                                            llvm::StringRef origin);

/// Builds the cimisa module of `program` (one op per record and instruction).
mlir::OwningOpRef<mlir::ModuleOp> programToISA(const program::Program &program,
                                               mlir::MLIRContext *context);

/// Reads a cimisa module back into a Program, with diagnostics at the
/// offending op; the result has passed verifyProgram.
mlir::FailureOr<program::Program> isaToProgram(mlir::ModuleOp module);

/// Registers `--emit-cimbin` (cimisa MLIR -> .cimb) and `--import-cimbin`
/// (.cimb -> cimisa MLIR) with mlir-translate's registry.
void registerCIMBTranslations();

} // namespace cim

#endif // CIM_TARGET_CIMB_CIMB_H
