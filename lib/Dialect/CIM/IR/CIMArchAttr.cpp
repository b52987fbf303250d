//===- CIMArchAttr.cpp - ArchSpec <-> #cim.arch ---------------------------===//

#include "cim/Dialect/CIM/IR/CIMArch.h"

#include "mlir/IR/Builders.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace cim;

static Attribute jsonToAttr(const llvm::json::Value &value, Builder &b) {
  if (const auto *object = value.getAsObject()) {
    SmallVector<NamedAttribute> entries;
    for (const auto &kv : *object)
      entries.push_back(
          b.getNamedAttr(kv.first.str(), jsonToAttr(kv.second, b)));
    return b.getDictionaryAttr(entries);
  }
  if (const auto *array = value.getAsArray()) {
    SmallVector<Attribute> elements;
    for (const auto &element : *array)
      elements.push_back(jsonToAttr(element, b));
    return b.getArrayAttr(elements);
  }
  if (auto boolean = value.getAsBoolean())
    return b.getBoolAttr(*boolean);
  if (auto integer = value.getAsInteger())
    return b.getI64IntegerAttr(*integer);
  if (auto number = value.getAsNumber())
    return b.getF64FloatAttr(*number);
  if (auto string = value.getAsString())
    return b.getStringAttr(*string);
  return b.getUnitAttr(); // JSON null
}

static llvm::json::Value attrToJson(Attribute attr) {
  if (auto dict = dyn_cast<DictionaryAttr>(attr)) {
    llvm::json::Object object;
    for (NamedAttribute entry : dict)
      object[entry.getName().str()] = attrToJson(entry.getValue());
    return object;
  }
  if (auto array = dyn_cast<ArrayAttr>(attr)) {
    llvm::json::Array elements;
    for (Attribute element : array)
      elements.push_back(attrToJson(element));
    return elements;
  }
  if (auto boolean = dyn_cast<BoolAttr>(attr))
    return boolean.getValue();
  if (auto integer = dyn_cast<IntegerAttr>(attr))
    return integer.getInt();
  if (auto number = dyn_cast<FloatAttr>(attr))
    return number.getValueAsDouble();
  if (auto string = dyn_cast<StringAttr>(attr))
    return string.str();
  return nullptr;
}

ArchAttr cim::getArchAttr(const ArchSpec &spec, MLIRContext *context) {
  Builder b(context);
  auto dict = cast<DictionaryAttr>(jsonToAttr(spec.toJSON(), b));
  return ArchAttr::get(context, spec.name, dict);
}

llvm::Expected<ArchSpec> cim::getArchSpec(ArchAttr attr) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << attrToJson(attr.getSpec());
  return parseArch(text, "#cim.arch<\"" + attr.getName().str() + "\">");
}

ArchAttr cim::findArchAttr(Operation *op) {
  for (Operation *scope = op; scope; scope = scope->getParentOp())
    if (auto attr = scope->getAttrOfType<ArchAttr>(kArchAttrName))
      return attr;
  return {};
}

FailureOr<ArchSpec> cim::lookupArchSpec(Operation *op) {
  ArchAttr attr = findArchAttr(op);
  if (!attr)
    return emitError(op->getLoc())
           << "no target: the module needs a '" << kArchAttrName
           << "' attribute (run with --cim-set-arch=NAME or "
              "the 'arch' option of the pipeline)";
  llvm::Expected<ArchSpec> spec = getArchSpec(attr);
  if (!spec)
    return emitError(op->getLoc()) << llvm::toString(spec.takeError());
  return std::move(*spec);
}

Attribute cim::lookupArchAttr(ArchAttr attr, llvm::StringRef path) {
  Attribute current = attr.getSpec();
  llvm::SmallVector<llvm::StringRef> parts;
  path.split(parts, '.');
  for (llvm::StringRef part : parts) {
    auto dict = dyn_cast_or_null<DictionaryAttr>(current);
    if (!dict)
      return {};
    current = dict.get(part);
  }
  return current;
}

std::optional<int64_t> cim::lookupArchInt(ArchAttr attr, llvm::StringRef path) {
  if (auto integer = dyn_cast_or_null<IntegerAttr>(lookupArchAttr(attr, path)))
    return integer.getInt();
  return std::nullopt;
}
