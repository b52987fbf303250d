"""make_model.py: write a ResNet-50-sized ONNX model (random weights) for the import benchmark.

    /usr/bin/python3 bench/import/make_model.py OUT.onnx [--builder torch|onnx]

With torch (Debian python3-torch, python3-torchvision): torchvision's resnet50,
random weights (seed 0), eval mode, opset 13 (BatchNormalization is folded into
the convolutions by the exporter). Without torch, or with --builder onnx: the
same layer shapes built with onnx.helper (convolutions with bias, ReLU, Add,
MaxPool, GlobalAveragePool, Gemm), weights drawn from a seeded normal
distribution and stored as raw_data, like the exporter does. Either way about
100 MB of float32 weights.
"""

import argparse
import sys

import numpy as np


def build_torch(path):
    import torch
    import torchvision

    torch.manual_seed(0)
    model = torchvision.models.resnet50(weights=None).eval()
    with torch.no_grad():
        torch.onnx.export(model, torch.zeros(1, 3, 224, 224), path, opset_version=13,
                          input_names=["input"], output_names=["output"],
                          do_constant_folding=True)


def build_onnx(path):
    import onnx
    from onnx import helper, numpy_helper, TensorProto

    rng = np.random.default_rng(0)
    nodes, inits = [], []
    counter = [0]

    def fresh(prefix):
        counter[0] += 1
        return f"{prefix}_{counter[0]}"

    def conv(x, cin, cout, k, stride=1, relu=True):
        w, b, y = fresh("w"), fresh("b"), fresh("conv")
        scale = np.sqrt(2.0 / (cin * k * k))
        inits.append(numpy_helper.from_array(
            (rng.standard_normal((cout, cin, k, k)) * scale).astype(np.float32), w))
        inits.append(numpy_helper.from_array(np.zeros(cout, np.float32), b))
        nodes.append(helper.make_node("Conv", [x, w, b], [y], kernel_shape=[k, k],
                                      strides=[stride, stride], pads=[k // 2] * 4))
        if not relu:
            return y
        r = fresh("relu")
        nodes.append(helper.make_node("Relu", [y], [r]))
        return r

    x = conv("input", 3, 64, 7, 2)
    pooled = fresh("pool")
    nodes.append(helper.make_node("MaxPool", [x], [pooled], kernel_shape=[3, 3],
                                  strides=[2, 2], pads=[1, 1, 1, 1]))
    x, cin = pooled, 64
    for width, blocks, stride in [(64, 3, 1), (128, 4, 2), (256, 6, 2), (512, 3, 2)]:
        for i in range(blocks):
            s = stride if i == 0 else 1
            y = conv(x, cin, width, 1)
            y = conv(y, width, width, 3, s)
            y = conv(y, width, width * 4, 1, relu=False)
            shortcut = conv(x, cin, width * 4, 1, s, relu=False) if i == 0 else x
            added, out = fresh("add"), fresh("relu")
            nodes.append(helper.make_node("Add", [y, shortcut], [added]))
            nodes.append(helper.make_node("Relu", [added], [out]))
            x, cin = out, width * 4
    gap, flat = fresh("gap"), fresh("flat")
    nodes.append(helper.make_node("GlobalAveragePool", [x], [gap]))
    nodes.append(helper.make_node("Flatten", [gap], [flat], axis=1))
    inits.append(numpy_helper.from_array(
        (rng.standard_normal((1000, 2048)) * 0.02).astype(np.float32), "fc_w"))
    inits.append(numpy_helper.from_array(np.zeros(1000, np.float32), "fc_b"))
    nodes.append(helper.make_node("Gemm", [flat, "fc_w", "fc_b"], ["output"], transB=1))
    graph = helper.make_graph(
        nodes, "resnet50_shapes", [helper.make_tensor_value_info("input", TensorProto.FLOAT,
                                                                 [1, 3, 224, 224])],
        [helper.make_tensor_value_info("output", TensorProto.FLOAT, [1, 1000])], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    onnx.save(model, path)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output")
    parser.add_argument("--builder", choices=["torch", "onnx"],
                        help="default: torch when it can be imported, else onnx")
    args = parser.parse_args(argv)
    builder = args.builder
    if builder is None:
        try:
            import torch  # noqa: F401
            import torchvision  # noqa: F401
            builder = "torch"
        except ImportError:
            builder = "onnx"
    (build_torch if builder == "torch" else build_onnx)(args.output)
    print(f"make_model.py: {args.output} built with {builder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
