//===- InitAllTranslations.h - cim-translate's translations -----*- C++ -*-===//

#ifndef CIM_INITALLTRANSLATIONS_H
#define CIM_INITALLTRANSLATIONS_H

namespace cim {
void registerImportONNXTranslation();
void registerCIMBTranslations();
void registerCompileTranslation();

inline void registerAllTranslations() {
  registerImportONNXTranslation();
  registerCIMBTranslations();
  registerCompileTranslation();
}
} // namespace cim

#endif // CIM_INITALLTRANSLATIONS_H
