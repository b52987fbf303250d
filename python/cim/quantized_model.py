"""quantized_model.py: an integer-quantized ONNX model in NumPy, independent of the compiler.

    /usr/bin/python3 -m cim.quantized_model model.onnx layers.mlir \\
        --input=input:x.npy [--output-dir=D] [--expect=DIR_OR_NPY]

It runs the ONNX graph with every Conv and Gemm computed the way a lossless
crossbar layer computes it (include/cim/Program/Program.h):

    xq  = clip(rint(x / input_scale))                 float64, half to even
    wq  = clip(rint(w / weight_scale[oc]))            float64, per channel
    acc = sum xq * wq                                 int64, exact
    y   = float32(relu?(acc * (input_scale * weight_scale[oc]) + bias[oc]))

with the float64 operations in the simulator's order (lib/Sim/Simulator.cpp,
EPILOGUE): the product, then the bias, then the ReLU, then the cast. A Relu
that directly follows a Conv is part of its epilogue, as convert-tosa-to-cim
fuses it; a Gemm's bias is a separate float32 addition after the layer (the
importer emits tosa.add for it). MaxPool, Flatten and a lone Relu run in
float32.

The float weights come from the .onnx file; the scales come from the
`#cim.quant<...>` attributes of the cim-level IR (`cim-opt
--cim-pipeline='... lower=false'` of the imported model), keyed by the
`layer` name, which is the ONNX node name when the model was imported with
--mlir-print-debuginfo.

With --expect the outputs are compared bit for bit with the .npy files of a
cim-sim --output-dir (or one .npy file): exit status 0 when every output is
identical (np.array_equal and the same float32 bit patterns), 1 otherwise,
with the first differing elements printed.
"""

import argparse
import os
import re
import sys

import numpy as np
import onnx
from onnx import numpy_helper

_QUANT = re.compile(
    r'layer = "(?P<layer>[^"]*)".*?quant = #cim\.quant<input_scale = (?P<input_scale>[^ :]+) : f64, '
    r"input_signed = (?P<signed>true|false), input_bits = (?P<input_bits>\d+), "
    r"weight_bits = (?P<weight_bits>\d+), weight_scales = \[(?P<scales>[^\]]*)\]>"
)


class Quant:
    """The #cim.quant attribute of one crossbar layer."""

    def __init__(self, input_scale, input_signed, input_bits, weight_bits, weight_scales):
        self.input_scale = input_scale
        self.input_signed = input_signed
        self.input_bits = input_bits
        self.weight_bits = weight_bits
        self.weight_scales = weight_scales


def read_quant(mlir_text):
    """{layer name: Quant} from the cim.conv2d / cim.matmul ops of cim-level IR."""
    layers = {}
    for line in mlir_text.splitlines():
        if "cim.conv2d" not in line and "cim.matmul" not in line:
            continue
        m = _QUANT.search(line)
        if not m:
            continue
        scales = np.array([float(s) for s in m.group("scales").split(",")], dtype=np.float64)
        layers[m.group("layer")] = Quant(
            float(m.group("input_scale")),
            m.group("signed") == "true",
            int(m.group("input_bits")),
            int(m.group("weight_bits")),
            scales,
        )
    return layers


def quantize_input(x, q):
    """Input codes, int64, as the QUANT instruction computes them."""
    if q.input_signed:
        hi = 2 ** (q.input_bits - 1) - 1
        lo = -hi
    else:
        hi = 2 ** q.input_bits - 1
        lo = 0
    codes = np.rint(x.astype(np.float64) / q.input_scale)
    return np.clip(codes, lo, hi).astype(np.int64)


def quantize_weight(w, q):
    """Weight codes, int64, per output channel (axis 0 of w)."""
    top = 2 ** (q.weight_bits - 1) - 1
    scales = q.weight_scales.reshape((-1,) + (1,) * (w.ndim - 1))
    codes = np.rint(w.astype(np.float64) / scales)
    return np.clip(codes, -top, top).astype(np.int64)


def epilogue(acc, q, bias, relu, channel_axis):
    """float32 outputs of int64 accumulators: acc * outScale + bias in float64, ReLU, cast."""
    shape = [1] * acc.ndim
    shape[channel_axis] = -1
    out_scale = (q.input_scale * q.weight_scales).reshape(shape)
    y = acc.astype(np.float64) * out_scale + bias.astype(np.float64).reshape(shape)
    if relu:
        # std::max(v, 0.0): v unless v < 0.
        y = np.where(y < 0.0, 0.0, y)
    return y.astype(np.float32)


def int_conv2d(xq, wq, strides, pads, dilations):
    """NCHW int64 convolution with zero padding (a padded input code is 0)."""
    n, c, h, w = xq.shape
    oc, ic, kh, kw = wq.shape
    if ic != c:
        raise ValueError(f"conv input has {c} channels, weight expects {ic} (groups are not supported)")
    top, left, bottom, right = pads
    padded = np.zeros((n, c, h + top + bottom, w + left + right), dtype=np.int64)
    padded[:, :, top : top + h, left : left + w] = xq
    sh, sw = strides
    dh, dw = dilations
    oh = (h + top + bottom - dh * (kh - 1) - 1) // sh + 1
    ow = (w + left + right - dw * (kw - 1) - 1) // sw + 1
    acc = np.zeros((n, oc, oh, ow), dtype=np.int64)
    for i in range(kh):
        for j in range(kw):
            window = padded[:, :, i * dh : i * dh + sh * (oh - 1) + 1 : sh, j * dw : j * dw + sw * (ow - 1) + 1 : sw]
            acc += np.einsum("nchw,oc->nohw", window, wq[:, :, i, j])
    return acc


def max_pool(x, kernel, strides, pads):
    n, c, h, w = x.shape
    kh, kw = kernel
    sh, sw = strides
    top, left, bottom, right = pads
    padded = np.full((n, c, h + top + bottom, w + left + right), -np.inf, dtype=np.float32)
    padded[:, :, top : top + h, left : left + w] = x
    oh = (h + top + bottom - kh) // sh + 1
    ow = (w + left + right - kw) // sw + 1
    out = np.full((n, c, oh, ow), -np.inf, dtype=np.float32)
    for i in range(kh):
        for j in range(kw):
            out = np.maximum(out, padded[:, :, i : i + sh * (oh - 1) + 1 : sh, j : j + sw * (ow - 1) + 1 : sw])
    return out


def _attrs(node):
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def _onnx_pads(attrs, rank=2):
    """ONNX pads (begins..., ends...) as (top, left, bottom, right)."""
    pads = list(attrs.get("pads", [0] * (2 * rank)))
    return pads[0], pads[1], pads[2], pads[3]


def run(model, quant, inputs):
    """Outputs {name: float32 array} of `model` on `inputs` {name: array}."""
    graph = model.graph
    consts = {t.name: numpy_helper.to_array(t) for t in graph.initializer}
    values = dict(inputs)
    users = {}
    for node in graph.node:
        for name in node.input:
            users[name] = users.get(name, 0) + 1
    fused = set()
    for index, node in enumerate(graph.node):
        if index in fused:
            continue
        attrs = _attrs(node)
        op = node.op_type
        if op in ("Conv", "Gemm"):
            if node.name not in quant:
                raise KeyError(f"no #cim.quant for ONNX node '{node.name}' (layers: {', '.join(sorted(quant))})")
            q = quant[node.name]
            x = values[node.input[0]]
            w = consts[node.input[1]]
            bias = consts[node.input[2]] if len(node.input) > 2 and node.input[2] else None
            if op == "Conv":
                nxt = graph.node[index + 1] if index + 1 < len(graph.node) else None
                relu = (
                    nxt is not None
                    and nxt.op_type == "Relu"
                    and nxt.input[0] == node.output[0]
                    and users.get(node.output[0], 0) == 1
                    and node.output[0] not in [o.name for o in graph.output]
                )
                acc = int_conv2d(
                    quantize_input(x, q),
                    quantize_weight(w, q),
                    attrs.get("strides", [1, 1]),
                    _onnx_pads(attrs),
                    attrs.get("dilations", [1, 1]),
                )
                zero = np.zeros(w.shape[0], dtype=np.float32)
                y = epilogue(acc, q, bias if bias is not None else zero, relu, channel_axis=1)
                if relu:
                    fused.add(index + 1)
                    values[nxt.output[0]] = y
                else:
                    values[node.output[0]] = y
            else:
                if attrs.get("transA", 0) or attrs.get("alpha", 1.0) != 1.0 or attrs.get("beta", 1.0) != 1.0:
                    raise ValueError(f"Gemm '{node.name}': only transA=0, alpha=1, beta=1 are modelled")
                wt = w if attrs.get("transB", 0) else w.T  # [N, K]: output channel first
                acc = quantize_input(x, q) @ quantize_weight(wt, q).T
                y = epilogue(acc, q, np.zeros(wt.shape[0], dtype=np.float32), False, channel_axis=1)
                if bias is not None:
                    y = (y + bias.astype(np.float32)).astype(np.float32)
                values[node.output[0]] = y
        elif op == "Relu":
            x = values[node.input[0]]
            values[node.output[0]] = np.where(x < 0, np.float32(0), x).astype(np.float32)
        elif op == "MaxPool":
            if attrs.get("ceil_mode", 0) or any(d != 1 for d in attrs.get("dilations", [1, 1])):
                raise ValueError(f"MaxPool '{node.name}': ceil_mode and dilations are not modelled")
            values[node.output[0]] = max_pool(
                values[node.input[0]], attrs["kernel_shape"], attrs.get("strides", [1, 1]), _onnx_pads(attrs)
            )
        elif op == "Flatten":
            x = values[node.input[0]]
            axis = attrs.get("axis", 1)
            values[node.output[0]] = x.reshape(int(np.prod(x.shape[:axis])), -1)
        else:
            raise ValueError(f"ONNX op {op} ('{node.name}') is not modelled")
    return {o.name: values[o.name] for o in graph.output}


def _compare(name, ours, theirs):
    """Lines describing the differences; empty when bit-identical."""
    if ours.shape != theirs.shape or ours.dtype != theirs.dtype:
        return [f"{name}: numpy {ours.dtype} {ours.shape} vs cim-sim {theirs.dtype} {theirs.shape}"]
    same_bits = np.array_equal(ours.view(np.uint32), theirs.view(np.uint32))
    if np.array_equal(ours, theirs) and same_bits:
        return []
    a, b = ours.ravel(), theirs.ravel()
    bad = np.flatnonzero(a.view(np.uint32) != b.view(np.uint32))
    lines = [f"{name}: {bad.size} of {a.size} elements differ"]
    for i in bad[:5]:
        ulps = int(a[i : i + 1].view(np.int32)[0]) - int(b[i : i + 1].view(np.int32)[0])
        lines.append(f"  [{i}] numpy {a[i]!r} ({a[i]:.9e}) cim-sim {b[i]!r} ({b[i]:.9e}), {ulps} ulp")
    return lines


def main(argv=None):
    parser = argparse.ArgumentParser(prog="cim.quantized_model", description=__doc__.splitlines()[0])
    parser.add_argument("model", help=".onnx file (float weights)")
    parser.add_argument("layers", help="cim-level MLIR with #cim.quant attributes")
    parser.add_argument("--input", action="append", default=[], metavar="NAME:FILE.npy")
    parser.add_argument("--output-dir", help="write <output>.npy files here")
    parser.add_argument("--expect", help="cim-sim output directory (or one .npy) to compare with, bit for bit")
    args = parser.parse_args(argv)

    model = onnx.load(args.model)
    with open(args.layers) as f:
        quant = read_quant(f.read())
    if not quant:
        print(f"cim.quantized_model: {args.layers}: no #cim.quant attributes", file=sys.stderr)
        return 1
    inputs = {}
    for spec in args.input:
        name, _, path = spec.partition(":")
        inputs[name] = np.load(path)
    outputs = run(model, quant, inputs)

    if args.output_dir:
        os.makedirs(args.output_dir, exist_ok=True)
        for name, value in outputs.items():
            np.save(os.path.join(args.output_dir, name + ".npy"), value)
    if not args.expect:
        return 0
    failures = []
    for name, value in outputs.items():
        path = args.expect if args.expect.endswith(".npy") else os.path.join(args.expect, name + ".npy")
        failures += _compare(name, value, np.load(path))
    for line in failures:
        print(line)
    if failures:
        return 1
    for name, value in outputs.items():
        print(f"EXACT {name}: {value.size} float32 values bit-identical")
    return 0


if __name__ == "__main__":
    sys.exit(main())
