//===- ConstantOperands.cpp - Binding test inputs as initializers ---------===//
//
// Rewrites a node test's model so that some of its graph inputs become
// initializers holding the test's values: what a deployment compiler sees
// once shapes are specialized (shape, index and axis operands are constants
// by then). Only protobuf parsing and serialization happen here; neither
// throws, so this file needs no exceptions.
//
//===----------------------------------------------------------------------===//

#include "Conformance.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLExtras.h"

#include <onnx/onnx_pb.h>

#include <algorithm>
#include <limits>
#include <set>

using llvm::StringRef;

namespace {

llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

/// ONNX IR versions up to 3 require every initializer to be a graph input
/// too (the initializer then gives the input's value); from IR version 4 on
/// an initializer that is not an input is a constant.
constexpr int64_t kFirstIRVersionWithConstantInitializers = 4;

/// Parses serialized ModelProto bytes into `model`.
llvm::Error parseModel(StringRef bytes, StringRef fileName,
                       onnx::ModelProto &model) {
  if (bytes.size() > static_cast<size_t>(std::numeric_limits<int>::max()))
    return makeError(fileName + ": too large to parse");
  if (!model.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())))
    return makeError(fileName + ": not a valid ONNX model");
  return llvm::Error::success();
}

/// Operand positions whose value a compiler needs at compile time even when
/// the operand is float: Resize's roi, scales and sizes and Upsample's
/// scales fix a result's shape; the scale and zero point of QuantizeLinear
/// and DequantizeLinear fix the quantization (the importer reads them as
/// constants).
llvm::ArrayRef<int> shapeOperandPositions(const onnx::NodeProto &node) {
  static constexpr int kResize[] = {1, 2, 3};
  static constexpr int kUpsample[] = {1};
  static constexpr int kQuantize[] = {1, 2};
  if (!node.domain().empty() && node.domain() != "ai.onnx")
    return {};
  if (node.op_type() == "Resize")
    return kResize;
  if (node.op_type() == "Upsample")
    return kUpsample;
  if (node.op_type() == "QuantizeLinear" ||
      node.op_type() == "DequantizeLinear")
    return kQuantize;
  return {};
}

} // namespace

llvm::Expected<std::set<std::string>>
cim::conformance::shapeOperandInputs(StringRef modelBytes, StringRef fileName) {
  onnx::ModelProto model;
  if (llvm::Error error = parseModel(modelBytes, fileName, model))
    return std::move(error);
  std::set<std::string> inputs;
  for (const onnx::ValueInfoProto &input : model.graph().input())
    inputs.insert(input.name());
  std::set<std::string> names;
  for (const onnx::NodeProto &node : model.graph().node())
    for (int position : shapeOperandPositions(node))
      if (position < node.input_size() && inputs.count(node.input(position)))
        names.insert(node.input(position));
  return names;
}

llvm::Expected<std::string> cim::conformance::bindInputsAsConstants(
    StringRef modelBytes, StringRef fileName,
    const std::vector<ConstantInput> &constants) {
  onnx::ModelProto model;
  if (llvm::Error error = parseModel(modelBytes, fileName, model))
    return std::move(error);
  onnx::GraphProto *graph = model.mutable_graph();

  std::set<std::string> names;
  for (const onnx::TensorProto &init : graph->initializer())
    names.insert(init.name());
  for (const ConstantInput &constant : constants) {
    if (names.count(constant.name))
      return makeError("input '" + constant.name +
                       "' already has an initializer");
    auto input = llvm::find_if(graph->input(),
                               [&](const onnx::ValueInfoProto &input) {
                                 return input.name() == constant.name;
                               });
    if (input == graph->input().end())
      return makeError("the model has no input '" + constant.name + "'");
    onnx::TensorProto *init = graph->add_initializer();
    if (constant.tensorProto.size() >
            static_cast<size_t>(std::numeric_limits<int>::max()) ||
        !init->ParseFromArray(constant.tensorProto.data(),
                              static_cast<int>(constant.tensorProto.size())))
      return makeError("the value of input '" + constant.name +
                       "' is not a valid TensorProto");
    // The data files name their tensor after the input, or not at all.
    init->set_name(constant.name);
    // ONNX 1.12's data files hold bfloat16 and float16 values as uint16
    // tensors of the same bits; the model's input type says what they are.
    int declared = input->type().tensor_type().elem_type();
    if (init->data_type() == onnx::TensorProto::UINT16 &&
        (declared == onnx::TensorProto::BFLOAT16 ||
         declared == onnx::TensorProto::FLOAT16))
      init->set_data_type(declared);
    names.insert(constant.name);
  }

  if (model.ir_version() >= kFirstIRVersionWithConstantInitializers) {
    auto *inputs = graph->mutable_input();
    inputs->erase(std::remove_if(inputs->begin(), inputs->end(),
                                 [&](const onnx::ValueInfoProto &input) {
                                   return llvm::any_of(
                                       constants, [&](const ConstantInput &c) {
                                         return c.name == input.name();
                                       });
                                 }),
                  inputs->end());
  }

  std::string out;
  if (!model.SerializeToString(&out))
    return makeError(fileName + ": cannot serialize the rewritten model");
  return out;
}
