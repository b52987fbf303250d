//===- CutOutputs.cpp - `--outputs`: cut a graph at named tensors ---------===//
//
// `--outputs=NAME,...` makes the named tensors the graph's outputs. The cut
// is made on the ModelProto before the operator check, the checker and shape
// inference, so that a tail the importer cannot read (an unsupported operator
// after the cut) does not stop the import:
//
// 1. cutGraphAtOutputs: every name must be a node output, a graph input or
//    an initializer. The nodes that none of the named tensors depends on are
//    removed, and so are the graph inputs that no kept node reads and that
//    are not named themselves. The graph's outputs are cleared (the checker
//    needs a type for each, which is only known after inference).
// 2. setCutOutputs, after shape inference: the named tensors become the graph
//    outputs, in the order given, with the types inference found.
//
//===----------------------------------------------------------------------===//

#include "ONNXModel.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

#include <vector>

using namespace cim::onnx_import;

bool cim::onnx_import::cutGraphAtOutputs(
    onnx::ModelProto &model, const std::vector<std::string> &outputs,
    std::string &error) {
  onnx::GraphProto &graph = *model.mutable_graph();
  // Producer node of each value; graph inputs and initializers have none.
  llvm::StringMap<int> producer;
  for (auto [index, node] : llvm::enumerate(graph.node()))
    for (const std::string &out : node.output())
      if (!out.empty())
        producer[out] = static_cast<int>(index);
  llvm::StringSet<> sources;
  for (const onnx::ValueInfoProto &input : graph.input())
    sources.insert(input.name());
  for (const onnx::TensorProto &init : graph.initializer())
    sources.insert(init.name());

  llvm::StringSet<> named;
  for (const std::string &name : outputs) {
    if (!named.insert(name).second) {
      error = "--outputs names '" + name + "' twice";
      return false;
    }
    if (!producer.count(name) && !sources.contains(name)) {
      error = "--outputs names '" + name +
              "', which is neither a node output nor a graph input of the "
              "model";
      return false;
    }
  }

  // Walk back from the named tensors. Nodes are topologically sorted (the
  // checker has not run yet, so a node may name an input produced later; it
  // is kept, and the checker reports the order).
  std::vector<bool> keep(graph.node_size(), false);
  llvm::StringSet<> needed;
  std::vector<std::string> work(outputs.begin(), outputs.end());
  while (!work.empty()) {
    std::string name = std::move(work.back());
    work.pop_back();
    if (!needed.insert(name).second)
      continue;
    auto it = producer.find(name);
    if (it == producer.end() || keep[it->second])
      continue;
    keep[it->second] = true;
    const onnx::NodeProto &node = graph.node(it->second);
    for (const std::string &in : node.input())
      if (!in.empty())
        work.push_back(in);
    // Subgraphs (If/Loop bodies) may read outer values by name.
    for (const onnx::AttributeProto &attr : node.attribute()) {
      std::vector<const onnx::GraphProto *> bodies;
      if (attr.has_g())
        bodies.push_back(&attr.g());
      for (const onnx::GraphProto &g : attr.graphs())
        bodies.push_back(&g);
      while (!bodies.empty()) {
        const onnx::GraphProto *body = bodies.back();
        bodies.pop_back();
        for (const onnx::NodeProto &inner : body->node()) {
          for (const std::string &in : inner.input())
            if (!in.empty())
              work.push_back(in);
          for (const onnx::AttributeProto &a : inner.attribute()) {
            if (a.has_g())
              bodies.push_back(&a.g());
            for (const onnx::GraphProto &g : a.graphs())
              bodies.push_back(&g);
          }
        }
      }
    }
  }

  google::protobuf::RepeatedPtrField<onnx::NodeProto> kept;
  for (auto [index, node] : llvm::enumerate(*graph.mutable_node()))
    if (keep[index])
      kept.Add()->Swap(&node);
  graph.mutable_node()->Swap(&kept);

  google::protobuf::RepeatedPtrField<onnx::ValueInfoProto> inputs;
  for (onnx::ValueInfoProto &input : *graph.mutable_input())
    if (needed.contains(input.name()))
      inputs.Add()->Swap(&input);
  graph.mutable_input()->Swap(&inputs);

  // The checker wants a type for every output, known only after inference.
  graph.clear_output();
  return true;
}

bool cim::onnx_import::setCutOutputs(onnx::ModelProto &model,
                                     const std::vector<std::string> &outputs,
                                     std::string &error) {
  onnx::GraphProto &graph = *model.mutable_graph();
  llvm::StringMap<const onnx::TypeProto *> types;
  for (const onnx::ValueInfoProto &info : graph.value_info())
    types[info.name()] = &info.type();
  for (const onnx::ValueInfoProto &info : graph.input())
    types[info.name()] = &info.type();
  std::vector<onnx::ValueInfoProto> result;
  for (const std::string &name : outputs) {
    onnx::ValueInfoProto info;
    info.set_name(name);
    auto it = types.find(name);
    if (it != types.end() && it->second->has_tensor_type() &&
        it->second->tensor_type().elem_type() !=
            onnx::TensorProto::UNDEFINED) {
      *info.mutable_type() = *it->second;
    } else {
      const onnx::TensorProto *init = nullptr;
      for (const onnx::TensorProto &candidate : graph.initializer())
        if (candidate.name() == name)
          init = &candidate;
      if (!init) {
        error = "--outputs: ONNX shape inference found no type for '" + name +
                "'";
        return false;
      }
      onnx::TypeProto_Tensor &tensor =
          *info.mutable_type()->mutable_tensor_type();
      tensor.set_elem_type(init->data_type());
      for (int64_t d : init->dims())
        tensor.mutable_shape()->add_dim()->set_dim_value(d);
    }
    result.push_back(std::move(info));
  }
  for (onnx::ValueInfoProto &info : result)
    graph.add_output()->Swap(&info);
  return true;
}
