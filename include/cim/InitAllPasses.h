//===- InitAllPasses.h - Passes the cim tools register ----------*- C++ -*-===//

#ifndef CIM_INITALLPASSES_H
#define CIM_INITALLPASSES_H

#include "cim/Conversion/Passes.h"
#include "cim/Dialect/CIM/Transforms/Passes.h"

namespace cim {
inline void registerAllPasses() {
  registerCIMConversionPasses();
  registerCIMPasses();
  registerCIMPipeline();
}
} // namespace cim

#endif // CIM_INITALLPASSES_H
