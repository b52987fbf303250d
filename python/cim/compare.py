"""compare.py: compare .npy outputs of two runs within a tolerance.

    /usr/bin/python3 -m cim.compare REF_DIR OUT_DIR [--atol 1e-5] [--rtol 0]
    /usr/bin/python3 -m cim.compare ref.npy out.npy [--atol 1e-5]
    /usr/bin/python3 -m cim.compare --onnx model.onnx --work DIR [--seed 0]
        [--ort-script scripts/ort_run.js] [--node-path build/ort/node_modules]
        [--ort-optimization all|extended|basic|disabled]

The --onnx form draws seeded random inputs for every graph input, runs ONNX
Runtime (through node and scripts/ort_run.js) and `cim-sim --reference` (from
PATH) on them, and compares the two output directories. --ort-optimization
sets ONNX Runtime's graph optimization level (QDQ models: 'disabled', so
that ONNX Runtime runs them node by node instead of rewriting them).

With directories, every .npy file of REF_DIR must exist in OUT_DIR with the
same shape, and |out - ref| <= atol + rtol * |ref| must hold elementwise.
Prints one line per file with the largest absolute difference and ends with
'N passed, N failed'; exit status 1 when any file fails.
"""

import argparse
import os
import subprocess
import sys

import numpy as np


def compare_arrays(ref, out, atol, rtol):
    """(ok, message) for two arrays."""
    if ref.shape != out.shape:
        return False, f"shape {out.shape} differs from the reference's {ref.shape}"
    ref = ref.astype(np.float64)
    out = out.astype(np.float64)
    if ref.size == 0:
        return True, "empty"
    diff = np.abs(out - ref)
    bad = diff > atol + rtol * np.abs(ref)
    bad |= np.isnan(out) != np.isnan(ref)
    worst = float(np.nanmax(diff)) if diff.size else 0.0
    if bad.any():
        index = np.unravel_index(int(np.argmax(np.where(bad, diff, -1))), ref.shape)
        return False, (f"max |diff| {worst:.3g} > atol {atol:g}, rtol {rtol:g}; "
                       f"{int(bad.sum())} of {ref.size} elements differ, first at {index}")
    return True, f"max |diff| {worst:.3g}"


def _pairs(ref, out):
    if os.path.isdir(ref):
        names = sorted(n for n in os.listdir(ref) if n.endswith(".npy"))
        if not names:
            raise SystemExit(f"cim.compare: {ref}: no .npy files")
        return [(n, os.path.join(ref, n), os.path.join(out, n)) for n in names]
    return [(os.path.basename(ref), ref, out)]


def _graph_inputs(model_path):
    """(name, shape) of each graph input that is not an initializer."""
    import onnx

    model = onnx.load(model_path)
    initializers = {init.name for init in model.graph.initializer}
    inputs = []
    for value in model.graph.input:
        if value.name in initializers:
            continue
        dims = value.type.tensor_type.shape.dim
        if any(d.dim_value <= 0 for d in dims):
            raise SystemExit(f"cim.compare: {model_path}: input '{value.name}' has a dynamic shape")
        inputs.append((value.name, tuple(d.dim_value for d in dims)))
    return inputs


def _run(command, env=None):
    try:
        result = subprocess.run(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    except FileNotFoundError:
        raise SystemExit(f"cim.compare: {command[0]} is not on PATH")
    if result.returncode != 0:
        raise SystemExit(f"cim.compare: {' '.join(command)} failed:\n{result.stderr.strip()}")


def run_onnx(args):
    """Runs ONNX Runtime and the float reference on the same random inputs."""
    from cim import npy_tools
    import numpy as np

    here = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    ort_script = args.ort_script or os.path.join(here, "scripts", "ort_run.js")
    os.makedirs(args.work, exist_ok=True)
    flags = []
    for index, (name, shape) in enumerate(_graph_inputs(args.onnx)):
        path = os.path.join(args.work, f"input{index}.npy")
        np.save(path, npy_tools.random_array(shape, args.seed + index))
        flags.append(f"--input={name}:{path}")
    env = dict(os.environ)
    if args.node_path:
        env["NODE_PATH"] = args.node_path
    ort_dir = os.path.join(args.work, "ort")
    ref_dir = os.path.join(args.work, "reference")
    _run(["node", ort_script, args.onnx, *flags, f"--output-dir={ort_dir}",
          f"--graph-optimization={args.ort_optimization}"], env)
    _run(["cim-sim", args.onnx, "--reference", *flags, f"--output-dir={ref_dir}"])
    return ort_dir, ref_dir


def main(argv=None):
    parser = argparse.ArgumentParser(prog="cim.compare", description=__doc__.splitlines()[0])
    parser.add_argument("reference", nargs="?", help="reference .npy file or directory")
    parser.add_argument("output", nargs="?", help="output .npy file or directory")
    parser.add_argument("--atol", type=float, default=1e-5)
    parser.add_argument("--rtol", type=float, default=0.0)
    parser.add_argument("--onnx", help="run ONNX Runtime and cim-sim --reference on this model")
    parser.add_argument("--work", help="scratch directory of --onnx")
    parser.add_argument("--seed", type=int, default=0, help="seed of the --onnx inputs")
    parser.add_argument("--ort-script", help="path of ort_run.js (default: the repo's)")
    parser.add_argument("--node-path", help="NODE_PATH holding onnxruntime-node")
    parser.add_argument("--ort-optimization", default="all",
                        choices=["all", "extended", "basic", "disabled"],
                        help="ONNX Runtime's graph optimization level (default all)")
    args = parser.parse_args(argv)

    if args.onnx:
        if not args.work or args.reference or args.output:
            parser.error("--onnx takes --work DIR and no positional arguments")
        args.reference, args.output = run_onnx(args)
    elif not args.reference or not args.output:
        parser.error("expected REFERENCE and OUTPUT, or --onnx MODEL --work DIR")

    passed = failed = 0
    for name, ref_path, out_path in _pairs(args.reference, args.output):
        if not os.path.exists(out_path):
            ok, message = False, f"{out_path} is missing"
        else:
            ok, message = compare_arrays(np.load(ref_path), np.load(out_path),
                                         args.atol, args.rtol)
        print(f"{'PASS' if ok else 'FAIL'} {name}: {message}")
        passed += ok
        failed += not ok
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
