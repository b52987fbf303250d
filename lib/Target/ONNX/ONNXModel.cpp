//===- ONNXModel.cpp - Loading, checking and shape-inferring ONNX ---------===//
//
// Compiled with exceptions enabled (see CMakeLists.txt): the ONNX checker and
// shape inference throw on malformed models.
//
//===----------------------------------------------------------------------===//

#include "ONNXModel.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"

#include <google/protobuf/io/zero_copy_stream.h>
#include <onnx/checker.h>
#include <onnx/shape_inference/implementation.h>

#include <algorithm>
#include <climits>
#include <exception>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#if LLVM_ON_UNIX
#include <sys/mman.h>
#endif

using namespace cim::onnx_import;

/// An exception message on one line: ONNX messages span several lines (the
/// offending node printed in text form), and our diagnostics are one line.
static std::string oneLine(const std::exception &e) {
  llvm::SmallVector<llvm::StringRef> words;
  llvm::SplitString(e.what(), words);
  std::string out = llvm::join(words, " ");
  constexpr size_t kMaxLength = 400;
  if (out.size() > kMaxLength)
    out = out.substr(0, kMaxLength) + "...";
  return out;
}

namespace {
/// The bytes of a file mapping as a protobuf input stream, in chunks. Each
/// time the parser asks for a chunk, the whole pages before the previous one
/// are returned to the kernel (madvise MADV_DONTNEED): the parser copies
/// what it keeps (every raw_data), so they are not read again, and if they
/// were, the mapping would read them from the file anew.
class ReleasingInputStream : public google::protobuf::io::ZeroCopyInputStream {
public:
  ReleasingInputStream(llvm::StringRef bytes, bool release)
      : bytes(bytes), release(release),
        pageSize(llvm::sys::Process::getPageSizeEstimate()) {}

  bool Next(const void **data, int *size) override {
    if (position >= bytes.size())
      return false;
    releaseBefore(lastChunk);
    lastChunk = position;
    size_t length = std::min(kChunk, bytes.size() - position);
    *data = bytes.data() + position;
    *size = static_cast<int>(length);
    position += length;
    return true;
  }
  void BackUp(int count) override { position -= count; }
  bool Skip(int count) override {
    size_t left = bytes.size() - position;
    if (static_cast<size_t>(count) > left) {
      position = bytes.size();
      return false;
    }
    position += count;
    return true;
  }
  int64_t ByteCount() const override { return static_cast<int64_t>(position); }

private:
  void releaseBefore(size_t offset) {
#if LLVM_ON_UNIX
    if (!release)
      return;
    uintptr_t start = reinterpret_cast<uintptr_t>(bytes.data()) + released;
    uintptr_t end = reinterpret_cast<uintptr_t>(bytes.data()) + offset;
    start = llvm::alignTo(start, pageSize);
    end = llvm::alignDown(end, pageSize);
    if (end <= start)
      return;
    // Only a hint: failure leaves the pages resident, nothing else.
    (void)::madvise(reinterpret_cast<void *>(start), end - start,
                    MADV_DONTNEED);
    released = end - reinterpret_cast<uintptr_t>(bytes.data());
#else
    (void)offset;
#endif
  }

  static constexpr size_t kChunk = size_t(1) << 20;
  llvm::StringRef bytes;
  bool release;
  uint64_t pageSize;
  size_t position = 0, lastChunk = 0, released = 0;
};
} // namespace

/// The checks and the parse shared by both parseModel overloads.
static bool parseBytes(llvm::StringRef bytes, bool releasePages,
                       onnx::ModelProto &model, std::string &error) {
  if (bytes.empty()) {
    error = "file is empty, not an ONNX model";
    return false;
  }
  if (bytes.size() > static_cast<size_t>(INT_MAX)) {
    error = "file is larger than the 2 GB protobuf limit; store the weights "
            "as ONNX external data";
    return false;
  }
  bool parsed;
  if (releasePages) {
    ReleasingInputStream stream(bytes, /*release=*/true);
    parsed = model.ParseFromZeroCopyStream(&stream);
  } else {
    parsed = model.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()));
  }
  if (!parsed) {
    error = "not an ONNX model (protobuf parsing failed; the file may be "
            "truncated or not ONNX)";
    return false;
  }
  // Random bytes sometimes parse as a protobuf with only unknown fields; a
  // model without a graph cannot be what the user meant.
  if (!model.has_graph()) {
    error = "not an ONNX model (no graph in the file)";
    return false;
  }
  return true;
}

bool cim::onnx_import::parseModel(llvm::StringRef bytes,
                                  onnx::ModelProto &model,
                                  std::string &error) {
  return parseBytes(bytes, /*releasePages=*/false, model, error);
}

bool cim::onnx_import::parseModel(const llvm::MemoryBuffer &buffer,
                                  onnx::ModelProto &model,
                                  std::string &error) {
  return parseBytes(buffer.getBuffer(),
                    buffer.getBufferKind() == llvm::MemoryBuffer::MemoryBuffer_MMap,
                    model, error);
}

bool cim::onnx_import::loadExternalData(onnx::ModelProto &model,
                                        llvm::StringRef modelDir,
                                        std::string &error) {
  for (onnx::TensorProto &tensor : *model.mutable_graph()->mutable_initializer()) {
    if (tensor.data_location() != onnx::TensorProto::EXTERNAL)
      continue;
    std::string location;
    uint64_t offset = 0, length = 0;
    bool hasLength = false;
    for (const auto &entry : tensor.external_data()) {
      llvm::StringRef key(entry.key()), value(entry.value());
      if (key == "location") {
        location = value.str();
      } else if (key == "offset" || key == "length") {
        uint64_t parsed;
        if (value.getAsInteger(10, parsed)) {
          error = "initializer '" + tensor.name() + "': external data " +
                  key.str() + " '" + value.str() + "' is not a number";
          return false;
        }
        if (key == "offset") {
          offset = parsed;
        } else {
          length = parsed;
          hasLength = true;
        }
      }
    }
    if (location.empty()) {
      error = "initializer '" + tensor.name() +
              "': external data without a location";
      return false;
    }
    // External data must live next to the model: an absolute path or a `..`
    // component could read any file on the machine.
    if (llvm::sys::path::is_absolute(location) ||
        llvm::is_contained(llvm::make_range(llvm::sys::path::begin(location),
                                            llvm::sys::path::end(location)),
                           "..")) {
      error = "initializer '" + tensor.name() + "': external data location '" +
              location + "' must be a relative path inside the model directory";
      return false;
    }
    llvm::SmallString<256> path(modelDir);
    llvm::sys::path::append(path, location);
    // Nor may a symbolic link inside the directory lead out of it.
    llvm::SmallString<256> realDir, realPath;
    if (!llvm::sys::fs::real_path(modelDir, realDir) &&
        !llvm::sys::fs::real_path(path, realPath) &&
        !llvm::StringRef(realPath).starts_with(
            (realDir + llvm::sys::path::get_separator()).str())) {
      error = "initializer '" + tensor.name() + "': external data location '" +
              location + "' leads outside the model directory (to '" +
              std::string(realPath) + "')";
      return false;
    }
    auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                              /*RequiresNullTerminator=*/false);
    if (!buffer) {
      error = "initializer '" + tensor.name() + "': cannot read external data '" +
              std::string(path) + "': " + buffer.getError().message();
      return false;
    }
    uint64_t size = (*buffer)->getBufferSize();
    if (!hasLength)
      length = offset <= size ? size - offset : 0;
    if (offset > size || length > size - offset) {
      error = "initializer '" + tensor.name() + "': external data '" +
              std::string(path) + "' holds " + std::to_string(size) +
              " bytes, fewer than offset " + std::to_string(offset) +
              " + length " + std::to_string(length);
      return false;
    }
    tensor.set_raw_data((*buffer)->getBufferStart() + offset, length);
    tensor.clear_external_data();
    tensor.set_data_location(onnx::TensorProto::DEFAULT);
  }
  return true;
}

bool cim::onnx_import::checkModel(const onnx::ModelProto &model,
                                  std::string &error) {
  try {
    onnx::checker::check_model(model);
  } catch (const std::exception &e) {
    error = "invalid ONNX model: " + oneLine(e);
    return false;
  }
  return true;
}

bool cim::onnx_import::applyInputShapes(onnx::ModelProto &model,
                                        const ImportONNXOptions &opts,
                                        std::string &error) {
  onnx::GraphProto &graph = *model.mutable_graph();
  std::unordered_set<std::string> initializers;
  for (const onnx::TensorProto &init : graph.initializer())
    initializers.insert(init.name());

  for (const auto &[name, dims] : opts.inputShapes) {
    onnx::ValueInfoProto *input = nullptr;
    std::string known;
    for (onnx::ValueInfoProto &candidate : *graph.mutable_input()) {
      if (initializers.count(candidate.name()))
        continue;
      if (candidate.name() == name)
        input = &candidate;
      known += (known.empty() ? "'" : ", '") + candidate.name() + "'";
    }
    if (!input) {
      error = "--input-shape names '" + name +
              "', which is not a graph input (inputs: " + known + ")";
      return false;
    }
    if (!input->type().has_tensor_type()) {
      error = "--input-shape: input '" + name + "' is not a tensor";
      return false;
    }
    onnx::TypeProto_Tensor &tensorType =
        *input->mutable_type()->mutable_tensor_type();
    if (tensorType.has_shape()) {
      const onnx::TensorShapeProto &shape = tensorType.shape();
      if (shape.dim_size() != static_cast<int>(dims.size())) {
        error = "--input-shape gives input '" + name + "' rank " +
                std::to_string(dims.size()) + ", the model says rank " +
                std::to_string(shape.dim_size());
        return false;
      }
      for (int i = 0; i < shape.dim_size(); ++i) {
        if (shape.dim(i).has_dim_value() &&
            shape.dim(i).dim_value() != dims[i]) {
          error = "--input-shape gives input '" + name + "' dimension " +
                  std::to_string(i) + " = " + std::to_string(dims[i]) +
                  ", the model fixes it to " +
                  std::to_string(shape.dim(i).dim_value());
          return false;
        }
      }
    }
    onnx::TensorShapeProto *shape = tensorType.mutable_shape();
    shape->clear_dim();
    for (int64_t d : dims)
      shape->add_dim()->set_dim_value(d);
  }
  return true;
}

/// ONNX 1.12's Conv (and ConvTranspose) shape inference, when kernel_shape is
/// absent, takes the
/// kernel from the weight's dimensions and then reads that many spatial
/// dimensions of the input without checking the input's rank: a rank-4
/// weight on a rank-2 input reads past the input's shape and crashes. With
/// kernel_shape set from the constant weight (which is what the attribute
/// must say anyway), the library compares it with the input's rank and
/// reports the mismatch. The importer needs constant weights, so a Conv
/// whose weight is not a constant is rejected here, before inference.
static bool pinConvKernelShapes(onnx::ModelProto &model, std::string &error) {
  onnx::GraphProto &graph = *model.mutable_graph();
  std::unordered_map<std::string, std::vector<int64_t>> constantDims;
  for (const onnx::TensorProto &init : graph.initializer())
    constantDims[init.name()].assign(init.dims().begin(), init.dims().end());
  for (auto [index, node] : llvm::enumerate(*graph.mutable_node())) {
    if (!node.domain().empty() && node.domain() != "ai.onnx")
      continue;
    if (node.op_type() == "Constant" && node.output_size() == 1) {
      for (const onnx::AttributeProto &attr : node.attribute())
        if (attr.name() == "value" && attr.has_t())
          constantDims[node.output(0)].assign(attr.t().dims().begin(),
                                              attr.t().dims().end());
      continue;
    }
    if (node.op_type() == "Identity" && node.input_size() == 1 &&
        node.output_size() == 1) {
      auto it = constantDims.find(node.input(0));
      if (it != constantDims.end()) {
        std::vector<int64_t> dims = it->second;
        constantDims[node.output(0)] = std::move(dims);
      }
      continue;
    }
    bool transposed = node.op_type() == "ConvTranspose";
    if ((node.op_type() != "Conv" && !transposed) || node.input_size() < 2)
      continue;
    auto it = constantDims.find(node.input(1));
    std::string name = node.name().empty()
                           ? node.op_type() + "_" + std::to_string(index)
                           : node.name();
    // The library also reads the weight's channel dimension and one kernel
    // dimension per spatial axis without checking the weight's rank.
    if (it != constantDims.end() && it->second.size() < 3) {
      error = node.op_type() + " node '" + name + "': weight '" +
              node.input(1) + "' has rank " +
              std::to_string(it->second.size()) +
              "; expected at least 3 (out, in, kernel...)";
      return false;
    }
    if (llvm::any_of(node.attribute(), [](const onnx::AttributeProto &attr) {
          return attr.name() == "kernel_shape";
        }))
      continue;
    if (transposed && it == constantDims.end()) {
      // A run-time weight: its declared rank, when it is a graph input.
      for (const onnx::ValueInfoProto &input : graph.input())
        if (input.name() == node.input(1) && input.type().has_tensor_type() &&
            input.type().tensor_type().has_shape() &&
            input.type().tensor_type().shape().dim_size() < 3) {
          error = node.op_type() + " node '" + name + "': weight '" +
                  node.input(1) + "' has rank " +
                  std::to_string(
                      input.type().tensor_type().shape().dim_size()) +
                  "; expected at least 3 (out, in, kernel...)";
          return false;
        }
      continue; // otherwise the importer's business
    }
    if (it == constantDims.end()) {
      error = node.op_type() + " node '" + name + "': input '" +
              node.input(1) + "' must be a constant (initializer)";
      return false;
    }
    onnx::AttributeProto *attr = node.add_attribute();
    attr->set_name("kernel_shape");
    attr->set_type(onnx::AttributeProto::INTS);
    for (size_t i = 2; i < it->second.size(); ++i)
      attr->add_ints(it->second[i]);
  }
  return true;
}

bool cim::onnx_import::inferShapes(onnx::ModelProto &model,
                                   std::string &error) {
  if (!pinConvKernelShapes(model, error))
    return false;
  try {
    onnx::ShapeInferenceOptions options(/*check_type_val=*/true,
                                        /*strict_mode_val=*/1,
                                        /*data_prop_val=*/false);
    onnx::shape_inference::InferShapes(
        model, onnx::OpSchemaRegistry::Instance(), options);
  } catch (const std::exception &e) {
    error = "ONNX shape inference failed: " + oneLine(e);
    return false;
  }
  return true;
}
