"""Writes a tiny directory of ONNX backend-style node tests for the
cim-onnx-conformance lit test: one directory per test with model.onnx and
test_data_set_N/{input,output}_K.pb.

    make_conformance_tests.py OUT_DIR
"""

import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def write_test(root, name, model, data_sets):
    """data_sets: a list of (inputs, outputs), each a list of (name, array)."""
    test_dir = os.path.join(root, name)
    os.makedirs(test_dir)
    onnx.save(model, os.path.join(test_dir, "model.onnx"))
    for index, (inputs, outputs) in enumerate(data_sets):
        set_dir = os.path.join(test_dir, "test_data_set_%d" % index)
        os.makedirs(set_dir)
        for prefix, tensors in (("input", inputs), ("output", outputs)):
            for k, (tensor_name, array) in enumerate(tensors):
                proto = numpy_helper.from_array(array, tensor_name)
                with open(os.path.join(set_dir, "%s_%d.pb" % (prefix, k)), "wb") as f:
                    f.write(proto.SerializeToString())


def float_info(name, shape):
    return helper.make_tensor_value_info(name, TensorProto.FLOAT, shape)


def model_of(node, inputs, outputs, opset=13, ir_version=8, domains=()):
    graph = helper.make_graph([node], "g", inputs, outputs)
    opsets = [helper.make_opsetid("", opset)]
    opsets += [helper.make_opsetid(domain, 1) for domain in domains]
    model = helper.make_model(graph, opset_imports=opsets)
    model.ir_version = ir_version
    return model


def main():
    root = sys.argv[1]
    rng = np.random.default_rng(7)
    x = rng.standard_normal((2, 3)).astype(np.float32)

    # Passes: Relu on a float input.
    relu = model_of(helper.make_node("Relu", ["x"], ["y"]),
                    [float_info("x", [2, 3])], [float_info("y", [2, 3])])
    write_test(root, "test_relu", relu, [([("x", x)], [("y", np.maximum(x, 0))])])

    # Fails: the expected output is off by one in its last value.
    wrong = np.maximum(x, 0)
    wrong[1, 2] += 1
    write_test(root, "test_relu_wrong_output", relu,
               [([("x", x)], [("y", wrong)])])

    # Diagnostic: an operator no importer knows.
    frobnicate = model_of(
        helper.make_node("Frobnicate", ["x"], ["y"], domain="com.example"),
        [float_info("x", [2, 3])], [float_info("y", [2, 3])],
        domains=["com.example"])
    write_test(root, "test_frobnicate", frobnicate,
               [([("x", x)], [("y", x)])])

    # Passes once the int64 shape is a constant; each data set has its own.
    reshape_inputs = [float_info("data", [2, 3]),
                      helper.make_tensor_value_info("shape", TensorProto.INT64, [2])]
    reshape_outputs = [float_info("reshaped", ["rows", "columns"])]
    reshape_node = helper.make_node("Reshape", ["data", "shape"], ["reshaped"])
    reshape = model_of(reshape_node, reshape_inputs, reshape_outputs)
    sets = []
    for shape in ([3, 2], [1, -1]):
        shape = np.array(shape, dtype=np.int64)
        sets.append(([("data", x), ("shape", shape)],
                     [("reshaped", x.reshape(shape))]))
    write_test(root, "test_reshape_shape_input", reshape, sets)

    # The same with IR version 3, where an initializer must stay an input.
    reshape_ir3 = model_of(reshape_node, reshape_inputs, reshape_outputs,
                           opset=7, ir_version=3)
    write_test(root, "test_reshape_shape_input_ir3", reshape_ir3, sets[:1])

    # Resize's float scales fix the result's shape: a constant too.
    image = rng.standard_normal((1, 1, 2, 2)).astype(np.float32)
    scales = np.array([1, 1, 2, 2], dtype=np.float32)
    resize = model_of(
        helper.make_node("Resize", ["image", "", "scales"], ["resized"], mode="nearest"),
        [float_info("image", [1, 1, 2, 2]), float_info("scales", [4])],
        [float_info("resized", [1, 1, 4, 4])])
    write_test(root, "test_resize_scales_input", resize,
               [([("image", image), ("scales", scales)],
                 [("resized", image.repeat(2, axis=2).repeat(2, axis=3))])])


if __name__ == "__main__":
    main()
