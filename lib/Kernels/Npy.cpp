//===- Npy.cpp - NumPy .npy files as float32 tensors ----------------------===//
//
// The .npy header is a Python dict literal, e.g.
//   {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }
// parsed here by a small recursive-descent reader that accepts exactly the
// literals NumPy writes (strings, True/False, tuples of integers).
//
//===----------------------------------------------------------------------===//

#include "cim/Kernels/Npy.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>
#include <limits>
#include <optional>

using namespace llvm;

namespace cim::kernels {

namespace {

constexpr char kMagic[] = "\x93NUMPY";
constexpr size_t kMagicSize = 6;

Error npyError(StringRef origin, const Twine &message) {
  return createStringError(inconvertibleErrorCode(),
                           origin + ": " + message);
}

/// The parsed header dictionary.
struct NpyHeader {
  std::optional<std::string> descr;
  std::optional<bool> fortranOrder;
  std::optional<std::vector<int64_t>> shape;
};

/// Reader of the Python literal in the header.
class HeaderParser {
public:
  explicit HeaderParser(StringRef text) : text(text) {}

  /// Parses the dict; returns a message describing the first problem.
  std::optional<std::string> parse(NpyHeader &header) {
    skipSpace();
    if (!consume('{'))
      return std::string("header is not a dict");
    while (true) {
      skipSpace();
      if (consume('}'))
        break;
      std::string key;
      if (!parseString(key))
        return std::string("expected a quoted key in the header");
      skipSpace();
      if (!consume(':'))
        return "expected ':' after '" + key + "' in the header";
      skipSpace();
      if (key == "descr") {
        std::string value;
        if (!parseString(value))
          return std::string("'descr' is not a string");
        header.descr = value;
      } else if (key == "fortran_order") {
        if (text.consume_front("True"))
          header.fortranOrder = true;
        else if (text.consume_front("False"))
          header.fortranOrder = false;
        else
          return std::string("'fortran_order' is not True or False");
      } else if (key == "shape") {
        std::vector<int64_t> dims;
        if (!parseShape(dims))
          return std::string("'shape' is not a tuple of non-negative "
                             "integers");
        header.shape = std::move(dims);
      } else {
        return "unexpected key '" + key + "' in the header";
      }
      skipSpace();
      if (consume(','))
        continue;
      skipSpace();
      if (consume('}'))
        break;
      return std::string("expected ',' or '}' in the header");
    }
    skipSpace();
    if (!text.empty())
      return std::string("trailing characters after the header dict");
    return std::nullopt;
  }

private:
  void skipSpace() { text = text.ltrim(" \t\n\r"); }
  bool consume(char c) { return text.consume_front(StringRef(&c, 1)); }

  bool parseString(std::string &out) {
    if (text.empty() || (text.front() != '\'' && text.front() != '"'))
      return false;
    char quote = text.front();
    size_t end = text.find(quote, 1);
    if (end == StringRef::npos)
      return false;
    out = text.substr(1, end - 1).str();
    text = text.drop_front(end + 1);
    return true;
  }

  bool parseShape(std::vector<int64_t> &dims) {
    if (!consume('('))
      return false;
    while (true) {
      skipSpace();
      if (consume(')'))
        return true;
      size_t digits = 0;
      while (digits < text.size() && isDigit(text[digits]))
        ++digits;
      // At most 18 digits, so that the value fits in int64_t.
      if (digits == 0 || digits > 18)
        return false;
      int64_t dim = 0;
      if (text.substr(0, digits).getAsInteger(10, dim))
        return false;
      dims.push_back(dim);
      text = text.drop_front(digits);
      // Python 2 wrote long integers with an 'L' suffix.
      text.consume_front("L");
      skipSpace();
      if (consume(','))
        continue;
      skipSpace();
      if (consume(')'))
        return true;
      return false;
    }
  }

  StringRef text;
};

/// Element types accepted on reading.
enum class DType { F32, F64, I32, I64, U8 };

std::optional<DType> parseDescr(StringRef descr) {
  if (descr == "<f4")
    return DType::F32;
  if (descr == "<f8")
    return DType::F64;
  if (descr == "<i4")
    return DType::I32;
  if (descr == "<i8")
    return DType::I64;
  if (descr == "|u1" || descr == "<u1" || descr == "u1")
    return DType::U8;
  return std::nullopt;
}

size_t sizeOf(DType type) {
  switch (type) {
  case DType::F32:
  case DType::I32:
    return 4;
  case DType::F64:
  case DType::I64:
    return 8;
  case DType::U8:
    return 1;
  }
  return 1;
}

float convertElement(const char *p, DType type) {
  using namespace llvm::support;
  switch (type) {
  case DType::F32: {
    uint32_t bits = endian::read32le(p);
    float v;
    std::memcpy(&v, &bits, sizeof(v));
    return v;
  }
  case DType::F64: {
    uint64_t bits = endian::read64le(p);
    double v;
    std::memcpy(&v, &bits, sizeof(v));
    return static_cast<float>(v);
  }
  case DType::I32:
    return static_cast<float>(static_cast<int32_t>(endian::read32le(p)));
  case DType::I64:
    return static_cast<float>(static_cast<int64_t>(endian::read64le(p)));
  case DType::U8:
    return static_cast<float>(static_cast<uint8_t>(*p));
  }
  return 0.0f;
}

} // namespace

Expected<Tensor> parseNpy(StringRef bytes, StringRef origin) {
  if (bytes.size() < kMagicSize + 2 ||
      bytes.substr(0, kMagicSize) != StringRef(kMagic, kMagicSize))
    return npyError(origin, "not a .npy file");
  uint8_t major = static_cast<uint8_t>(bytes[kMagicSize]);
  uint8_t minor = static_cast<uint8_t>(bytes[kMagicSize + 1]);
  if (major < 1 || major > 3 || minor != 0)
    return npyError(origin, "unsupported .npy format version " +
                                Twine(unsigned(major)) + "." +
                                Twine(unsigned(minor)));
  size_t lengthSize = major == 1 ? 2 : 4;
  size_t prefix = kMagicSize + 2 + lengthSize;
  if (bytes.size() < prefix)
    return npyError(origin, "truncated .npy header");
  const char *lengthPtr = bytes.data() + kMagicSize + 2;
  uint64_t headerLength = major == 1
                              ? support::endian::read16le(lengthPtr)
                              : support::endian::read32le(lengthPtr);
  if (bytes.size() - prefix < headerLength)
    return npyError(origin, "truncated .npy header");
  StringRef headerText = bytes.substr(prefix, headerLength);

  NpyHeader header;
  if (std::optional<std::string> problem = HeaderParser(headerText).parse(header))
    return npyError(origin, "malformed .npy header: " + *problem);
  if (!header.descr || !header.fortranOrder || !header.shape)
    return npyError(origin, "malformed .npy header: missing 'descr', "
                            "'fortran_order' or 'shape'");
  if (*header.fortranOrder)
    return npyError(origin, "fortran_order arrays are not supported; save "
                            "the array in C order");
  std::optional<DType> type = parseDescr(*header.descr);
  if (!type) {
    StringRef descr = *header.descr;
    if (descr.starts_with(">"))
      return npyError(origin, "unsupported dtype '" + descr +
                                  "' (big-endian); expected little-endian");
    return npyError(origin, "unsupported dtype '" + descr +
                                "'; expected float32, float64, int32, int64 "
                                "or uint8");
  }

  // Element count, guarding against overflow in hostile headers.
  uint64_t count = 1;
  for (int64_t d : *header.shape) {
    if (d != 0 && count > std::numeric_limits<uint64_t>::max() /
                              static_cast<uint64_t>(d) / 8)
      return npyError(origin, "shape is too large");
    count *= static_cast<uint64_t>(d);
  }
  size_t elementSize = sizeOf(*type);
  StringRef payload = bytes.drop_front(prefix + headerLength);
  uint64_t expected = count * elementSize;
  if (payload.size() < expected)
    return npyError(origin, "truncated data: expected " + Twine(expected) +
                                " bytes, found " + Twine(payload.size()));
  if (payload.size() > expected)
    return npyError(origin, "unexpected " + Twine(payload.size() - expected) +
                                " bytes after the data");

  Tensor tensor;
  tensor.shape = *header.shape;
  tensor.data.resize(count);
  for (uint64_t i = 0; i < count; ++i)
    tensor.data[i] = convertElement(payload.data() + i * elementSize, *type);
  return tensor;
}

Expected<Tensor> readNpy(StringRef path) {
  ErrorOr<std::unique_ptr<MemoryBuffer>> buffer =
      MemoryBuffer::getFile(path, /*IsText=*/false,
                            /*RequiresNullTerminator=*/false);
  if (!buffer)
    return npyError(path, "cannot read: " + buffer.getError().message());
  return parseNpy((*buffer)->getBuffer(), path);
}

std::string serializeNpy(const Tensor &tensor) {
  std::string dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (";
  for (size_t i = 0; i < tensor.shape.size(); ++i) {
    dict += std::to_string(tensor.shape[i]);
    if (i + 1 < tensor.shape.size() || tensor.shape.size() == 1)
      dict += tensor.shape.size() == 1 ? "," : ", ";
  }
  dict += "), }";

  // Pad with spaces so that the data starts on a 64-byte boundary; the
  // header ends with a newline.
  auto padded = [&](size_t prefix) {
    size_t total = prefix + dict.size() + 1;
    return dict + std::string((64 - total % 64) % 64, ' ') + "\n";
  };
  std::string header = padded(kMagicSize + 2 + 2);
  uint8_t major = 1;
  if (header.size() > 0xffff) {
    major = 2;
    header = padded(kMagicSize + 2 + 4);
  }

  std::string out(kMagic, kMagicSize);
  out.push_back(static_cast<char>(major));
  out.push_back(0);
  char length[4];
  if (major == 1) {
    support::endian::write16le(length, static_cast<uint16_t>(header.size()));
    out.append(length, 2);
  } else {
    support::endian::write32le(length, static_cast<uint32_t>(header.size()));
    out.append(length, 4);
  }
  out += header;
  size_t start = out.size();
  out.resize(start + tensor.data.size() * 4);
  for (size_t i = 0; i < tensor.data.size(); ++i) {
    uint32_t bits;
    std::memcpy(&bits, &tensor.data[i], sizeof(bits));
    support::endian::write32le(&out[start + i * 4], bits);
  }
  return out;
}

Error writeNpy(StringRef path, const Tensor &tensor) {
  std::string bytes = serializeNpy(tensor);
  Error err = writeToOutput(path, [&](raw_ostream &os) {
    os << bytes;
    return Error::success();
  });
  if (err)
    return npyError(path, "cannot write: " + toString(std::move(err)));
  return Error::success();
}

} // namespace cim::kernels
