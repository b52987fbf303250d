//===- ONNXRobustnessTest.cpp - importONNXBytes on corrupt models ---------===//
//
// Truncations and seeded mutations of small models (written at build time by
// `python -m cim.make_models`) must import or fail with an error diagnostic;
// never crash. Also the regression cases found by fuzz/onnx_fuzzer.cpp and by
// hostile sizes, each built from a valid model by editing its proto.
//
//===----------------------------------------------------------------------===//

#include "Mutator.h"

#include "cim/Target/ONNX/ImportONNX.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include "gtest/gtest.h"

#include <onnx/onnx_pb.h>

#include <random>
#include <string>
#include <vector>

using namespace cim;

namespace {

/// Reads a model written by the build (see CMakeLists.txt).
std::string readModel(llvm::StringRef name) {
  llvm::SmallString<256> path(CIM_ROBUSTNESS_MODELS_DIR);
  llvm::sys::path::append(path, name + ".onnx");
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  EXPECT_TRUE(static_cast<bool>(buffer)) << "cannot read " << path.str().str();
  return buffer ? (*buffer)->getBuffer().str() : std::string();
}

/// Imports bytes the way the tools do, collecting the error diagnostics.
class Importer {
public:
  Importer() : context(mlir::MLIRContext::Threading::DISABLED) {
    handler = std::make_unique<mlir::ScopedDiagnosticHandler>(
        &context, [this](mlir::Diagnostic &diag) {
          if (diag.getSeverity() == mlir::DiagnosticSeverity::Error)
            errors.push_back(diag.str());
          return mlir::success();
        });
  }

  /// Success if the model imports to a module that verifies, or fails with
  /// at least one error; an import that fails silently is a failure.
  ::testing::AssertionResult importsOrExplains(const std::string &bytes) {
    errors.clear();
    mlir::OwningOpRef<mlir::ModuleOp> module = importONNXBytes(
        bytes, "/nonexistent-cim-test-dir/model.onnx", {}, &context);
    if (!module && errors.empty())
      return ::testing::AssertionFailure() << "failed without an error";
    if (module && mlir::failed(mlir::verify(*module)))
      return ::testing::AssertionFailure() << "imported an invalid module";
    lastImported = static_cast<bool>(module);
    return ::testing::AssertionSuccess();
  }

  /// The first error of a model that must be rejected.
  std::string firstError(const std::string &bytes) {
    EXPECT_TRUE(importsOrExplains(bytes));
    EXPECT_FALSE(lastImported) << "the model was accepted";
    return errors.empty() ? std::string() : errors.front();
  }

  bool lastImported = false;

private:
  mlir::MLIRContext context;
  std::unique_ptr<mlir::ScopedDiagnosticHandler> handler;
  std::vector<std::string> errors;
};

onnx::ModelProto parse(const std::string &bytes) {
  onnx::ModelProto model;
  EXPECT_TRUE(model.ParseFromString(bytes));
  return model;
}

onnx::AttributeProto *findAttr(onnx::NodeProto &node, const std::string &name) {
  for (onnx::AttributeProto &attr : *node.mutable_attribute())
    if (attr.name() == name)
      return &attr;
  return nullptr;
}

void setInts(onnx::NodeProto &node, const std::string &name,
             std::vector<int64_t> values) {
  onnx::AttributeProto *attr = findAttr(node, name);
  if (!attr) {
    attr = node.add_attribute();
    attr->set_name(name);
    attr->set_type(onnx::AttributeProto::INTS);
  }
  attr->clear_ints();
  for (int64_t v : values)
    attr->add_ints(v);
}

onnx::NodeProto &firstNode(onnx::ModelProto &model, const std::string &op) {
  for (onnx::NodeProto &node : *model.mutable_graph()->mutable_node())
    if (node.op_type() == op)
      return node;
  ADD_FAILURE() << "no " << op << " node";
  return *model.mutable_graph()->mutable_node(0);
}

TEST(ONNXRobustness, ModelsImport) {
  Importer importer;
  for (const char *name : {"conv_relu", "small_cnn"}) {
    ASSERT_TRUE(importer.importsOrExplains(readModel(name)));
    EXPECT_TRUE(importer.lastImported) << name;
  }
}

TEST(ONNXRobustness, EveryTruncationImportsOrExplains) {
  std::string bytes = readModel("conv_relu");
  ASSERT_FALSE(bytes.empty());
  Importer importer;
  for (size_t n = 0; n < bytes.size(); ++n)
    ASSERT_TRUE(importer.importsOrExplains(bytes.substr(0, n)))
        << "prefix of " << n << " bytes";
}

TEST(ONNXRobustness, TruncationsOfALargerModelImportOrExplain) {
  std::string bytes = readModel("small_cnn");
  ASSERT_FALSE(bytes.empty());
  Importer importer;
  // Every cut in the first and last 512 bytes (headers, graph structure),
  // every 97th byte in between (weights).
  for (size_t n = 0; n < bytes.size();
       n += (n < 512 || n + 512 > bytes.size()) ? 1 : 97)
    ASSERT_TRUE(importer.importsOrExplains(bytes.substr(0, n)))
        << "prefix of " << n << " bytes";
}

TEST(ONNXRobustness, SeededMutationsImportOrExplain) {
  Importer importer;
  std::mt19937_64 rng(0x0ec5);
  unsigned imported = 0;
  for (const char *name : {"conv_relu", "conv_auto_pad", "add_flatten_reshape"}) {
    std::string bytes = readModel(name);
    ASSERT_FALSE(bytes.empty());
    for (int i = 0; i < 1000; ++i) {
      ASSERT_TRUE(importer.importsOrExplains(robustness::mutate(bytes, rng)))
          << name << " mutation " << i;
      imported += importer.lastImported ? 1 : 0;
    }
  }
  // Edits inside weights keep a model importable: the whole importer ran.
  EXPECT_GT(imported, 0u);
}

// Found by fuzzing: ONNX 1.12's Conv shape inference read past the input's
// shape (a segfault inside libonnx) when a Conv without kernel_shape had a
// weight of higher rank than its input.
TEST(ONNXRobustness, ConvWeightOfHigherRankThanItsInput) {
  onnx::ModelProto model = parse(readModel("conv_auto_pad"));
  onnx::TensorShapeProto *shape = model.mutable_graph()
                                      ->mutable_input(0)
                                      ->mutable_type()
                                      ->mutable_tensor_type()
                                      ->mutable_shape();
  while (shape->dim_size() > 2)
    shape->mutable_dim()->RemoveLast();
  onnx::NodeProto &conv = firstNode(model, "Conv");
  for (int i = conv.attribute_size() - 1; i >= 0; --i)
    if (conv.attribute(i).name() == "kernel_shape")
      conv.mutable_attribute()->DeleteSubrange(i, 1);
  Importer importer;
  std::string error = importer.firstError(model.SerializeAsString());
  EXPECT_NE(error.find("ONNX shape inference failed"), std::string::npos)
      << error;
  EXPECT_NE(error.find("kernel_shape"), std::string::npos) << error;
}

// Found by the fuzzer: a ConvTranspose whose inputs slid by one (the
// weight as data, the bias as weight) made ONNX's shape inference read the
// kernel dimensions of a rank-1 tensor.
TEST(ONNXRobustness, ConvTransposeWeightOfRankOne) {
  onnx::ModelProto model = parse(readModel("conv_transpose"));
  onnx::NodeProto &up = firstNode(model, "ConvTranspose");
  ASSERT_EQ(up.input_size(), 3);
  up.set_input(0, up.input(1));
  up.set_input(1, up.input(2));
  up.mutable_input()->RemoveLast();
  Importer importer;
  std::string error = importer.firstError(model.SerializeAsString());
  EXPECT_NE(error.find("ConvTranspose node 'up': weight 'up.bias' has rank 1; "
                       "expected at least 3"),
            std::string::npos)
      << error;
}

TEST(ONNXRobustness, ConvWeightThatIsNotAConstant) {
  onnx::ModelProto model = parse(readModel("conv_relu"));
  onnx::NodeProto &conv = firstNode(model, "Conv");
  for (int i = conv.attribute_size() - 1; i >= 0; --i)
    if (conv.attribute(i).name() == "kernel_shape")
      conv.mutable_attribute()->DeleteSubrange(i, 1);
  conv.set_input(1, conv.input(0));
  Importer importer;
  std::string error = importer.firstError(model.SerializeAsString());
  EXPECT_NE(error.find("must be a constant (initializer)"), std::string::npos)
      << error;
}

// Hostile sizes: the importer's shape arithmetic overflowed int64_t (caught
// by UBSan) and printed nonsense sizes instead of refusing.
TEST(ONNXRobustness, HugeInputShapeIsRejected) {
  onnx::ModelProto model = parse(readModel("small_cnn"));
  onnx::TensorShapeProto *shape = model.mutable_graph()
                                      ->mutable_input(0)
                                      ->mutable_type()
                                      ->mutable_tensor_type()
                                      ->mutable_shape();
  shape->mutable_dim(2)->set_dim_value(int64_t(1) << 31);
  shape->mutable_dim(3)->set_dim_value(int64_t(1) << 31);
  Importer importer;
  std::string error = importer.firstError(model.SerializeAsString());
  EXPECT_NE(error.find("more than the 2147483648 elements a tensor may have"),
            std::string::npos)
      << error;
}

TEST(ONNXRobustness, HugeWindowParametersAreRejected) {
  for (const char *attr : {"pads", "dilations", "strides"}) {
    onnx::ModelProto model = parse(readModel("small_cnn"));
    onnx::NodeProto &conv = firstNode(model, "Conv");
    setInts(conv, attr,
            std::vector<int64_t>(std::string(attr) == "pads" ? 4 : 2,
                                 int64_t(1) << 62));
    Importer importer;
    std::string error = importer.firstError(model.SerializeAsString());
    EXPECT_NE(error.find("must be at most 1048576"), std::string::npos)
        << attr << ": " << error;
  }
}

// Found by fuzzing: a Reshape target whose dimensions multiply past int64_t
// overflowed the importer's element count (UBSan) before the count check.
TEST(ONNXRobustness, ReshapeToAnOverflowingShapeIsRejected) {
  onnx::ModelProto model = parse(readModel("add_flatten_reshape"));
  onnx::TensorProto *target = nullptr;
  for (onnx::TensorProto &init : *model.mutable_graph()->mutable_initializer())
    if (init.name() == "shape_b")
      target = &init;
  ASSERT_NE(target, nullptr);
  int64_t dims[] = {144115188075855871, 69805794224242671};
  target->set_raw_data(std::string(reinterpret_cast<const char *>(dims),
                                   sizeof(dims)));
  Importer importer;
  EXPECT_FALSE(importer.firstError(model.SerializeAsString()).empty());
}

TEST(ONNXRobustness, ConstantWithNegativeDimensionIsRejected) {
  onnx::ModelProto model = parse(readModel("small_cnn"));
  // The bias of the last Gemm: a typed-field tensor with a negative
  // dimension holds "-10" elements.
  onnx::TensorProto *bias = nullptr;
  for (onnx::TensorProto &init : *model.mutable_graph()->mutable_initializer())
    if (init.name() == "fc.bias")
      bias = &init;
  ASSERT_NE(bias, nullptr);
  bias->set_dims(0, -10);
  Importer importer;
  EXPECT_FALSE(importer.firstError(model.SerializeAsString()).empty());
}

} // namespace
