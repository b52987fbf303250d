"""export_models.py: export whole architectures to ONNX and check the cim flow on them.

    /usr/bin/python3 -m cim.export_models --work DIR [--models ds_cnn,transformer]
        [--tools build/bin] [--node-path build/ort/node_modules] [--seed 0]
        [--tolerance 1e-4] [--timeout 900] [--opset 13] [--markdown]
    /usr/bin/python3 -m cim.export_models --list

For each model (random weights drawn from a fixed seed, eval mode, opset 13
unless --opset says otherwise):
  1. export it with torch.onnx.export to DIR/<model>/model.onnx;
  2. run ONNX Runtime (node + scripts/ort_run.js) and `cim-sim model.onnx
     --reference` on the same seeded input and compare: the relative error is
     max|reference - ort| / max|ort| over every output;
  3. `cim-translate --compile model.onnx --arch=isaac -o model.cimb`, then
     `cim-sim model.cimb` on the same input.

Every model is tried whatever happened to the previous one. One line per
model and step is printed as it finishes; the summary follows (a Markdown
table with --markdown), ending with 'N passed, N failed, N stopped at an
unsupported op'. A model passes when its reference error is within the
tolerance, and its compile either succeeds and simulates, or fails with a
diagnostic (exit status 1 and a message) rather than a crash, a timeout or
silence. A model whose reference stops at a diagnostic naming an unsupported
op counts apart. Exit status 1 when any model does not pass (with
--allow-unsupported: when any fails).
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import time

import numpy as np

OPSET = 13


# --- the models ---------------------------------------------------------------

def _randomize_batchnorm(model, torch, seed):
    """Non-trivial running statistics and affine parameters for every BN
    layer, so that folding BatchNormalization is exercised for real."""
    gen = torch.Generator().manual_seed(seed)
    for module in model.modules():
        if isinstance(module, torch.nn.modules.batchnorm._BatchNorm):
            n = module.num_features
            with torch.no_grad():
                module.running_mean.copy_(torch.randn(n, generator=gen) * 0.1)
                module.running_var.copy_(torch.rand(n, generator=gen) + 0.5)
                module.weight.copy_(torch.rand(n, generator=gen) + 0.5)
                module.bias.copy_(torch.randn(n, generator=gen) * 0.1)


def _resnet18(torch):
    import torchvision
    return torchvision.models.resnet18(weights=None), (1, 3, 224, 224)


def _mobilenet_v2(torch):
    import torchvision
    return torchvision.models.mobilenet_v2(weights=None), (1, 3, 224, 224)


def _squeezenet(torch):
    import torchvision
    return torchvision.models.squeezenet1_1(weights=None), (1, 3, 224, 224)


def _ds_cnn(torch):
    """DS-CNN-S (REFERENCE.md section 8): 49x10 MFCC input, conv 10x4 stride 2
    to 64 channels (25x5 out), four depthwise-separable blocks (dw 3x3 + BN +
    ReLU, pw 1x1 + BN + ReLU), average pool over 25x5, FC to 12 classes."""
    nn = torch.nn

    def conv_bn_relu(cin, cout, kernel, stride, padding, groups=1):
        return [nn.Conv2d(cin, cout, kernel, stride, padding, groups=groups, bias=False),
                nn.BatchNorm2d(cout), nn.ReLU()]

    channels = 64
    layers = conv_bn_relu(1, channels, (10, 4), (2, 2), (5, 1))
    for _ in range(4):
        layers += conv_bn_relu(channels, channels, 3, 1, 1, groups=channels)
        layers += conv_bn_relu(channels, channels, 1, 1, 0)
    layers += [nn.AvgPool2d((25, 5)), nn.Flatten(), nn.Linear(channels, 12)]
    return nn.Sequential(*layers), (1, 1, 49, 10)


def _transformer(torch):
    """One post-norm transformer encoder block written out (so that no fused
    fast path is exported): 16 tokens of width 64, 4 heads, FFN 128 with GELU."""
    nn = torch.nn

    class EncoderBlock(nn.Module):
        def __init__(self, width=64, heads=4, hidden=128):
            super().__init__()
            self.heads = heads
            self.qkv = nn.Linear(width, 3 * width)
            self.proj = nn.Linear(width, width)
            self.norm1 = nn.LayerNorm(width)
            self.ff1 = nn.Linear(width, hidden)
            self.ff2 = nn.Linear(hidden, width)
            self.norm2 = nn.LayerNorm(width)
            self.act = nn.GELU()

        def forward(self, x):
            batch, tokens, width = x.shape
            head = width // self.heads
            qkv = self.qkv(x).reshape(batch, tokens, 3, self.heads, head)
            q, k, v = qkv.permute(2, 0, 3, 1, 4).unbind(0)
            scores = torch.matmul(q, k.transpose(-2, -1)) / (head ** 0.5)
            attn = torch.matmul(torch.softmax(scores, dim=-1), v)
            attn = attn.transpose(1, 2).reshape(batch, tokens, width)
            x = self.norm1(x + self.proj(attn))
            return self.norm2(x + self.ff2(self.act(self.ff1(x))))

    return EncoderBlock(), (1, 16, 64)


MODELS = {
    "resnet18": _resnet18,
    "mobilenet_v2": _mobilenet_v2,
    "squeezenet1_1": _squeezenet,
    "ds_cnn": _ds_cnn,
    "transformer": _transformer,
}
SMALL_MODELS = ["ds_cnn", "transformer"]


def export(name, path, seed, opset=OPSET):
    """Writes model `name` to `path` at `opset`; returns the input shape."""
    import torch

    torch.manual_seed(seed)
    model, shape = MODELS[name](torch)
    _randomize_batchnorm(model, torch, seed + 1)
    model.eval()
    example = torch.zeros(shape)
    with torch.no_grad():
        torch.onnx.export(model, example, path, opset_version=opset,
                          input_names=["input"], output_names=["output"],
                          do_constant_folding=True)
    return shape


# --- running the tools ----------------------------------------------------------

class Step:
    """Outcome of one command: ok, or the reason it was not."""

    def __init__(self, ok, text, seconds):
        self.ok, self.text, self.seconds = ok, text, seconds


_UNSUPPORTED_TEXT = re.compile(r"unsupported|not supported|no instruction")
_UNSUPPORTED = re.compile(r"(\d+) unsupported ONNX ops?: (.*)")
_OP = re.compile(r"([A-Za-z0-9_]+) \(domain ([^,]*), opset (\d+)\)")


def _condense(line):
    """An importer's list of unsupported nodes, shortened to the distinct
    (op, opset) pairs: one table cell per model stays readable."""
    match = _UNSUPPORTED.search(line)
    if not match:
        return line
    ops = []
    for op, domain, opset in _OP.findall(match.group(2)):
        name = op if domain in ("", "ai.onnx") else f"{domain}.{op}"
        if f"{name}-{opset}" not in ops:
            ops.append(f"{name}-{opset}")
    count = match.group(1)
    return (f"{line[:match.start()]}unsupported ONNX ops ({count} node{'' if count == '1' else 's'}): "
            f"{', '.join(ops)}")


def _diagnostic(stderr):
    """The error lines of a tool's stderr, joined (the first lines if none
    says 'error:'), with file locations and unsupported-op lists shortened."""
    lines = [l.strip() for l in stderr.splitlines() if l.strip()]
    errors = [l for l in lines if "error:" in l] or lines[:3]
    short = []
    for line in errors:
        line = re.sub(r"\S+\.onnx:\d+:\d+: ", "", line)
        short.append(_condense(line))
    return " / ".join(short) or "(no message)"


def run(command, timeout, env=None, log=None):
    """Runs one tool; returns (Step, kind) with kind ok, diagnostic (exit
    status 1 and a message: the tools' documented user error), crash,
    timeout or missing. The full stderr goes to `log` when given."""
    start = time.monotonic()
    try:
        result = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return Step(False, f"timeout after {timeout:g} s", time.monotonic() - start), "timeout"
    except OSError as err:  # missing, not executable (e.g. being relinked)
        return Step(False, f"cannot run {command[0]}: {err.strerror}", 0.0), "missing"
    seconds = time.monotonic() - start
    if log:
        with open(log, "w") as out:
            out.write(" ".join(command) + "\n" + result.stderr)
    if result.returncode == 0:
        return Step(True, "ok", seconds), "ok"
    message = _diagnostic(result.stderr)
    if result.returncode == 1 and result.stderr.strip():
        return Step(False, message, seconds), "diagnostic"
    how = (f"signal {-result.returncode}" if result.returncode < 0
           else f"exit {result.returncode}")
    return Step(False, f"crash ({how}): {message}", seconds), "crash"


def relative_error(ort_dir, ref_dir):
    """max|ref - ort| / max|ort| over every output file (None, message on a
    missing file or shape mismatch)."""
    names = sorted(n for n in os.listdir(ort_dir) if n.endswith(".npy"))
    if not names:
        return None, "ONNX Runtime wrote no outputs"
    worst = 0.0
    for name in names:
        ort = np.load(os.path.join(ort_dir, name)).astype(np.float64)
        path = os.path.join(ref_dir, name)
        if not os.path.exists(path):
            return None, f"reference wrote no {name}"
        ref = np.load(path).astype(np.float64)
        if ref.shape != ort.shape:
            return None, f"{name}: shape {ref.shape} differs from ONNX Runtime's {ort.shape}"
        if np.isnan(ref).any() != np.isnan(ort).any():
            return None, f"{name}: NaN in one output only"
        scale = float(np.max(np.abs(ort))) if ort.size else 0.0
        diff = float(np.max(np.abs(ref - ort))) if ort.size else 0.0
        worst = max(worst, diff / scale if scale > 0 else diff)
    return worst, f"{worst:.2e}"


def check_model(name, args, env):
    """Runs every step for one model; returns a dict of results."""
    from cim import npy_tools

    tool = lambda t: os.path.join(args.tools, t) if args.tools else t
    work = os.path.join(args.work, name)
    # Outputs of an earlier run must not pass for this run's.
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    onnx_path = os.path.join(work, "model.onnx")
    row = {"model": name, "export": "", "reference": "", "ref_ok": False,
           "compile": "", "compile_ok": False, "sim": "", "passed": False,
           "unsupported": False}

    def say(step, text):
        print(f"{name}: {step}: {text}", flush=True)

    start = time.monotonic()
    try:
        shape = export(name, onnx_path, args.seed, args.opset)
    except Exception as err:  # the exporter's own failure is one outcome
        row["export"] = f"export failed: {type(err).__name__}: {str(err).splitlines()[0]}"
        say("export", row["export"])
        return row
    size = os.path.getsize(onnx_path)
    row["export"] = f"{size / 1e6:.2f} MB"
    say("export", f"ok, {row['export']}, {time.monotonic() - start:.1f} s")

    x_path = os.path.join(work, "input.npy")
    np.save(x_path, npy_tools.random_array(shape, args.seed))
    flag = f"--input=input:{x_path}"

    # Float reference against ONNX Runtime.
    ort_dir, ref_dir = os.path.join(work, "ort"), os.path.join(work, "reference")
    ort_env = dict(env)
    if args.node_path:
        ort_env["NODE_PATH"] = args.node_path
    step, _ = run(["node", args.ort_script, onnx_path, flag, f"--output-dir={ort_dir}"],
                  args.timeout, ort_env, os.path.join(work, "ort.log"))
    if not step.ok:
        row["reference"] = f"ONNX Runtime failed: {step.text}"
    else:
        step, ref_kind = run([tool("cim-sim"), onnx_path, "--reference", flag,
                       f"--output-dir={ref_dir}"], args.timeout, env,
                       os.path.join(work, "reference.log"))
        if not step.ok:
            row["reference"] = step.text
            row["ref_unsupported"] = ref_kind == "diagnostic" and _UNSUPPORTED_TEXT.search(step.text)
        else:
            error, text = relative_error(ort_dir, ref_dir)
            row["ref_ok"] = error is not None and error <= args.tolerance
            row["reference"] = text
            row["reference_seconds"] = step.seconds
    say("reference", row["reference"] + ("" if row["ref_ok"] else "  [FAIL]"))

    # The CIM flow: compile for isaac, then simulate the binary.
    cimb = os.path.join(work, "model.cimb")
    step, kind = run([tool("cim-translate"), "--compile", onnx_path, "--arch=isaac",
                      "-o", cimb], args.timeout, env, os.path.join(work, "compile.log"))
    if step.ok:
        sim, sim_kind = run([tool("cim-sim"), cimb, flag,
                             f"--output-dir={os.path.join(work, 'sim')}"], args.timeout, env,
                             os.path.join(work, "sim.log"))
        row["compile"] = f"ok ({step.seconds:.1f} s)"
        row["sim"] = f"ok ({sim.seconds:.1f} s)" if sim.ok else sim.text
        row["compile_ok"] = sim.ok or sim_kind == "diagnostic"
    else:
        row["compile"] = step.text
        row["compile_ok"] = kind == "diagnostic"
    say("compile", row["compile"] + ("" if row["compile_ok"] else "  [FAIL]"))
    if row["sim"]:
        say("cim-sim", row["sim"])
    row["passed"] = row["ref_ok"] and row["compile_ok"]
    # Not passing only because the importer or the reference lacks an op:
    # a gap to close, not a wrong result.
    row["unsupported"] = (not row["passed"] and bool(row.get("ref_unsupported"))
                          and row["compile_ok"])
    return row


def _cell(text):
    return text.replace("|", "\\|").replace("\n", " ")


def print_table(rows, markdown):
    if markdown:
        print("| model | ONNX size | reference rel. error vs ONNX Runtime | "
              "compile (isaac) | cim-sim |")
        print("|---|---|---|---|---|")
        for r in rows:
            print(f"| {r['model']} | {_cell(r['export'])} | {_cell(r['reference'])} | "
                  f"{_cell(r['compile'])} | {_cell(r['sim'])} |")
    else:
        for r in rows:
            status = "PASS" if r["passed"] else "UNSUPPORTED" if r["unsupported"] else "FAIL"
            print(f"{status} {r['model']}: "
                  f"reference {r['reference'] or '-'}; compile {r['compile'] or '-'}"
                  + (f"; cim-sim {r['sim']}" if r["sim"] else ""))
    passed = sum(r["passed"] for r in rows)
    unsupported = sum(r["unsupported"] for r in rows)
    print(f"{passed} passed, {len(rows) - passed - unsupported} failed, "
          f"{unsupported} stopped at an unsupported op")


def main(argv=None):
    parser = argparse.ArgumentParser(prog="cim.export_models", description=__doc__.splitlines()[0])
    parser.add_argument("--work", help="scratch directory (one folder per model)")
    parser.add_argument("--models", default=",".join(MODELS),
                        help=f"comma-separated subset (default: all; 'small' = {','.join(SMALL_MODELS)})")
    parser.add_argument("--tools", help="directory of cim-sim and cim-translate (default: PATH)")
    parser.add_argument("--ort-script", help="path of ort_run.js (default: the repo's)")
    parser.add_argument("--node-path", help="NODE_PATH holding onnxruntime-node")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--opset", type=int, default=OPSET,
                        help=f"opset to export at (default {OPSET}; PyTorch here exports 7 to 17)")
    parser.add_argument("--tolerance", type=float, default=1e-4,
                        help="largest accepted relative error of the reference")
    parser.add_argument("--timeout", type=float, default=900, help="seconds per command")
    parser.add_argument("--markdown", action="store_true", help="summary as a Markdown table")
    parser.add_argument("--allow-unsupported", action="store_true",
                        help="exit status 0 also when models stop at a diagnostic naming an "
                        "unsupported op (wrong results, crashes and timeouts still fail)")
    parser.add_argument("--list", action="store_true", help="print the model names and exit")
    args = parser.parse_args(argv)

    if args.list:
        for name in MODELS:
            print(name)
        return 0
    if not args.work:
        parser.error("--work DIR is required")
    names = SMALL_MODELS if args.models == "small" else [m for m in args.models.split(",") if m]
    unknown = [m for m in names if m not in MODELS]
    if unknown:
        parser.error(f"unknown model(s) {', '.join(unknown)}; known: {', '.join(MODELS)}")
    here = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    args.ort_script = args.ort_script or os.path.join(here, "scripts", "ort_run.js")
    try:
        import torch  # noqa: F401  (checked once, before any model)
    except ImportError:
        print("cim.export_models: torch is not installed (Debian: python3-torch "
              "python3-torchvision)", file=sys.stderr)
        return 1

    env = dict(os.environ)
    rows = [check_model(name, args, env) for name in names]
    print_table(rows, args.markdown)
    ok = [r["passed"] or (args.allow_unsupported and r["unsupported"]) for r in rows]
    return 0 if all(ok) else 1


if __name__ == "__main__":
    sys.exit(main())
