//===- TensorProtoIO.cpp - Reading ONNX TensorProto files -----------------===//
//
// Only protobuf parsing happens here (it does not throw); the library is
// compiled with exceptions for the ONNX checker, which this file never calls.
//
//===----------------------------------------------------------------------===//

#include "cim/Target/ONNX/TensorProtoIO.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/MemoryBuffer.h"

#include <onnx/onnx_pb.h>

#include <climits>
#include <cmath>
#include <cstring>
#include <limits>
#include <set>

using llvm::StringRef;

namespace {

llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

std::string dtypeName(int32_t type) {
  if (!onnx::TensorProto_DataType_IsValid(type))
    return "type " + std::to_string(type);
  return llvm::StringRef(onnx::TensorProto_DataType_Name(
                             static_cast<onnx::TensorProto_DataType>(type)))
      .lower();
}

/// Size in bytes of one element in raw_data, 0 for types not converted.
size_t rawElementSize(int32_t type) {
  switch (type) {
  case onnx::TensorProto::UINT8:
  case onnx::TensorProto::INT8:
  case onnx::TensorProto::BOOL:
    return 1;
  case onnx::TensorProto::UINT16:
  case onnx::TensorProto::INT16:
  case onnx::TensorProto::FLOAT16:
  case onnx::TensorProto::BFLOAT16:
    return 2;
  case onnx::TensorProto::FLOAT:
  case onnx::TensorProto::INT32:
  case onnx::TensorProto::UINT32:
    return 4;
  case onnx::TensorProto::INT64:
  case onnx::TensorProto::UINT64:
  case onnx::TensorProto::DOUBLE:
    return 8;
  default:
    return 0;
  }
}

template <typename T> T loadLittleEndian(const char *p) {
  T value;
  // ONNX raw_data is little endian, like every host this builds on.
  std::memcpy(&value, p, sizeof(T));
  return value;
}

/// One raw_data element of `type` as float.
float rawElement(int32_t type, const char *p) {
  switch (type) {
  case onnx::TensorProto::UINT8:
    return static_cast<float>(loadLittleEndian<uint8_t>(p));
  case onnx::TensorProto::INT8:
    return static_cast<float>(loadLittleEndian<int8_t>(p));
  case onnx::TensorProto::BOOL:
    return loadLittleEndian<uint8_t>(p) ? 1.0f : 0.0f;
  case onnx::TensorProto::UINT16:
    return static_cast<float>(loadLittleEndian<uint16_t>(p));
  case onnx::TensorProto::INT16:
    return static_cast<float>(loadLittleEndian<int16_t>(p));
  case onnx::TensorProto::FLOAT16:
    return cim::halfToFloat(loadLittleEndian<uint16_t>(p));
  case onnx::TensorProto::BFLOAT16:
    return cim::bfloat16ToFloat(loadLittleEndian<uint16_t>(p));
  case onnx::TensorProto::FLOAT:
    return loadLittleEndian<float>(p);
  case onnx::TensorProto::INT32:
    return static_cast<float>(loadLittleEndian<int32_t>(p));
  case onnx::TensorProto::UINT32:
    return static_cast<float>(loadLittleEndian<uint32_t>(p));
  case onnx::TensorProto::INT64:
    return static_cast<float>(loadLittleEndian<int64_t>(p));
  case onnx::TensorProto::UINT64:
    return static_cast<float>(loadLittleEndian<uint64_t>(p));
  case onnx::TensorProto::DOUBLE:
    return static_cast<float>(loadLittleEndian<double>(p));
  default:
    return 0.0f;
  }
}

/// Converts the typed repeated fields of `t` (no raw_data) to float.
/// Returns false if the field holding `type` does not have `n` values.
bool convertTypedFields(const onnx::TensorProto &t, int64_t n,
                        std::vector<float> &out, std::string &field) {
  auto take = [&](const auto &values, auto convert, const char *name) {
    field = name;
    if (static_cast<int64_t>(values.size()) != n)
      return false;
    out.reserve(n);
    for (const auto &v : values)
      out.push_back(convert(v));
    return true;
  };
  auto asFloat = [](auto v) { return static_cast<float>(v); };
  switch (t.data_type()) {
  case onnx::TensorProto::FLOAT:
    return take(t.float_data(), asFloat, "float_data");
  case onnx::TensorProto::DOUBLE:
    return take(t.double_data(), asFloat, "double_data");
  case onnx::TensorProto::INT64:
    return take(t.int64_data(), asFloat, "int64_data");
  case onnx::TensorProto::UINT32:
  case onnx::TensorProto::UINT64:
    return take(t.uint64_data(), asFloat, "uint64_data");
  case onnx::TensorProto::FLOAT16:
    return take(
        t.int32_data(),
        [](int32_t v) { return cim::halfToFloat(static_cast<uint16_t>(v)); },
        "int32_data");
  case onnx::TensorProto::BFLOAT16:
    return take(
        t.int32_data(),
        [](int32_t v) { return cim::bfloat16ToFloat(static_cast<uint16_t>(v)); },
        "int32_data");
  case onnx::TensorProto::BOOL:
    return take(
        t.int32_data(), [](int32_t v) { return v ? 1.0f : 0.0f; },
        "int32_data");
  default: // INT32, INT16, INT8, UINT16, UINT8
    return take(t.int32_data(), asFloat, "int32_data");
  }
}

std::string shapeText(const std::vector<int64_t> &shape) {
  if (shape.empty())
    return "scalar";
  std::vector<std::string> dims;
  for (int64_t d : shape)
    dims.push_back(std::to_string(d));
  return llvm::join(dims, "x");
}

cim::ONNXValueInfo summarizeValue(const onnx::ValueInfoProto &value) {
  cim::ONNXValueInfo info;
  info.name = value.name();
  if (!value.has_type()) {
    info.kind = "none";
    return info;
  }
  const onnx::TypeProto &type = value.type();
  switch (type.value_case()) {
  case onnx::TypeProto::kTensorType:
    info.kind = "tensor";
    info.dtype = dtypeName(type.tensor_type().elem_type());
    break;
  case onnx::TypeProto::kSequenceType:
    info.kind = "sequence";
    break;
  case onnx::TypeProto::kMapType:
    info.kind = "map";
    break;
  case onnx::TypeProto::kOptionalType:
    info.kind = "optional";
    break;
  case onnx::TypeProto::kSparseTensorType:
    info.kind = "sparse_tensor";
    info.dtype = dtypeName(type.sparse_tensor_type().elem_type());
    break;
  default:
    info.kind = "none";
    break;
  }
  return info;
}

} // namespace

float cim::halfToFloat(uint16_t bits) {
  uint32_t sign = (bits >> 15) & 1;
  int32_t exponent = (bits >> 10) & 0x1f;
  uint32_t mantissa = bits & 0x3ff;
  float magnitude;
  if (exponent == 0)
    magnitude = std::ldexp(static_cast<float>(mantissa), -24);
  else if (exponent == 0x1f)
    magnitude = mantissa ? std::numeric_limits<float>::quiet_NaN()
                         : std::numeric_limits<float>::infinity();
  else
    magnitude = std::ldexp(static_cast<float>(mantissa | 0x400), exponent - 25);
  return sign ? -magnitude : magnitude;
}

float cim::bfloat16ToFloat(uint16_t bits) {
  // The upper half of a float32.
  uint32_t word = static_cast<uint32_t>(bits) << 16;
  float value;
  std::memcpy(&value, &word, sizeof(value));
  return value;
}

llvm::Expected<cim::TensorProtoData>
cim::readTensorProto(StringRef bytes, StringRef fileName) {
  if (bytes.size() > static_cast<size_t>(INT_MAX))
    return makeError(fileName + ": larger than the 2 GB protobuf limit");
  onnx::TensorProto t;
  if (!t.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())))
    return makeError(fileName + ": not a TensorProto (protobuf parsing failed)");

  TensorProtoData result;
  result.name = t.name();
  result.dtype = dtypeName(t.data_type());
  for (int64_t d : t.dims()) {
    if (d < 0)
      return makeError(fileName + ": negative dimension " +
                       std::to_string(d));
    result.tensor.shape.push_back(d);
  }
  // Element count, refusing overflow (and anything a float vector could not
  // hold anyway).
  int64_t n = 1;
  for (int64_t d : result.tensor.shape) {
    if (d != 0 && n > std::numeric_limits<int32_t>::max() / d)
      return makeError(fileName + ": shape " + shapeText(result.tensor.shape) +
                       " has too many elements");
    n *= d;
  }

  if (t.data_location() == onnx::TensorProto::EXTERNAL)
    return result; // values live in another file: not converted
  size_t elementSize = rawElementSize(t.data_type());
  if (elementSize == 0)
    return result; // string, complex, 8/4-bit types: not converted

  std::vector<float> &data = result.tensor.data;
  if (t.has_raw_data()) {
    const std::string &raw = t.raw_data();
    if (raw.size() != static_cast<size_t>(n) * elementSize)
      return makeError(fileName + ": raw_data holds " +
                       std::to_string(raw.size()) + " bytes, shape " +
                       shapeText(result.tensor.shape) + " of " + result.dtype +
                       " needs " + std::to_string(n * elementSize));
    data.reserve(n);
    for (int64_t i = 0; i < n; ++i)
      data.push_back(rawElement(t.data_type(), raw.data() + i * elementSize));
  } else {
    std::string field;
    if (!convertTypedFields(t, n, data, field))
      return makeError(fileName + ": " + field + " does not hold the " +
                       std::to_string(n) + " values of shape " +
                       shapeText(result.tensor.shape));
  }
  result.converted = true;
  return result;
}

llvm::Expected<cim::TensorProtoData>
cim::readTensorProtoFile(StringRef path) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer =
      llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                  /*RequiresNullTerminator=*/false);
  if (!buffer)
    return makeError(path + ": " + buffer.getError().message());
  return readTensorProto((*buffer)->getBuffer(), path);
}

llvm::Expected<cim::ONNXModelSummary>
cim::summarizeONNXModel(StringRef bytes, StringRef fileName) {
  if (bytes.size() > static_cast<size_t>(INT_MAX))
    return makeError(fileName + ": larger than the 2 GB protobuf limit");
  onnx::ModelProto model;
  if (!model.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())) ||
      !model.has_graph())
    return makeError(fileName + ": not an ONNX model");

  ONNXModelSummary summary;
  const onnx::GraphProto &graph = model.graph();
  for (const onnx::NodeProto &node : graph.node()) {
    const std::string &domain = node.domain();
    summary.opTypes.push_back(domain.empty() || domain == "ai.onnx"
                                  ? node.op_type()
                                  : domain + "." + node.op_type());
  }
  for (const onnx::OperatorSetIdProto &opset : model.opset_import()) {
    std::string domain = opset.domain() == "ai.onnx" ? "" : opset.domain();
    summary.opsets.push_back({domain, opset.version()});
  }
  std::set<std::string> initializers;
  for (const onnx::TensorProto &init : graph.initializer())
    initializers.insert(init.name());
  for (const onnx::ValueInfoProto &input : graph.input())
    if (!initializers.count(input.name()))
      summary.inputs.push_back(summarizeValue(input));
  for (const onnx::ValueInfoProto &output : graph.output())
    summary.outputs.push_back(summarizeValue(output));
  return summary;
}
