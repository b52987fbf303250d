//===- CommandLine.h - Command-line set-up shared by the cim tools --*- C++ -*-===//
//
// Debian's LLVM is one shared library, so linking any of it registers the
// options of every code generator it was built with (amdgpu, arm, x86...)
// before main() runs. None of them affects what the cim tools do; listing
// them buried the tools' own options in `--help`.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_TOOLS_COMMANDLINE_H
#define CIM_TOOLS_COMMANDLINE_H

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/CommandLine.h"

namespace cim {

/// Hides from `--help` every option registered so far except LLVM's generic
/// ones (--help, --help-hidden, --version). Call it first in main(): the
/// options the tool and MLIR register afterwards stay listed; the hidden ones
/// still parse and are listed by `--help-hidden`.
inline void hideLibraryOptions() {
  for (auto &entry : llvm::cl::getRegisteredOptions()) {
    llvm::cl::Option *option = entry.second;
    bool generic = llvm::any_of(option->Categories, [](auto *category) {
      return category->getName() == "Generic Options";
    });
    if (!generic && option->getOptionHiddenFlag() == llvm::cl::NotHidden)
      option->setHiddenFlag(llvm::cl::Hidden);
  }
}

} // namespace cim

#endif // CIM_TOOLS_COMMANDLINE_H
