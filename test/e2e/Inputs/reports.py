"""Checks on the JSON reports (DESIGN.md section 10) of cim-translate --compile and cim-sim.

    reports.py same-counts ESTIMATE.json MEASURED.json [--path NAME]
        every mode and every layer of the two reports carry the same value in
        every numeric field both have (counts, energies, latency, area),
        compared exactly; the section 10 count fields must be present. With
        --path, the estimate's side is each mode's entry of that name in
        "paths" (a program with conditional regions, run on an input that
        took that path)
    reports.py energy FILE.json --cheaper MODE --than MODE
        prints the total energy of both modes; fails unless the first is lower
    reports.py snr FILE.json --mode MODE [--above DB] [--below MODE2]
        prints the mode's fidelity.snr_db; fails unless it is above DB and
        below MODE2's
    reports.py saving FILE.json --component C --mode MODE --than BASE --at-least X
        prints BASE's energy in component C (a key of energy_pj_by, or
        'total') divided by MODE's; fails unless it is at least X
    reports.py accuracy FILE.json --mode MODE [--at-least X] [--below MODE2]
                        [--not-below MODE2]
        prints the mode's accuracy.top1 (of cim-sim --labels); fails unless it
        is at least X, below MODE2's (--below) or at least MODE2's
        (--not-below); MODE 'reference' is the float
        reference (reference_accuracy of --compare-reference, or the mode of
        cim-sim --reference)
"""

import argparse
import json
import math
import sys

# The section 10 counts a report must have for the comparison to mean anything.
REQUIRED_COUNTS = ("adc_conversions", "adc_bit_cycles", "array_activations", "dac_drives", "macs")


def _load(path):
    with open(path) as f:
        return json.load(f)


def _mode(report, name, path):
    for mode in report["modes"]:
        if mode["name"] == name:
            return mode
    raise SystemExit(f"{path}: no mode '{name}' (modes: {', '.join(m['name'] for m in report['modes'])})")


def _numbers(value, prefix=""):
    """{dotted key: number} of the numeric leaves of a JSON object."""
    out = {}
    for key, item in value.items():
        name = prefix + key
        if isinstance(item, bool):
            continue
        if isinstance(item, (int, float)):
            out[name] = item
        elif isinstance(item, dict):
            out.update(_numbers(item, name + "."))
    return out


def _compare(where, est, sim, differences):
    a, b = _numbers(est), _numbers(sim)
    for key in REQUIRED_COUNTS:
        if key not in a or key not in b:
            differences.append(f"{where}: '{key}' missing from {'the estimate' if key not in a else 'the measurement'}")
    shared = sorted(set(a) & set(b))
    for key in shared:
        if a[key] != b[key]:
            differences.append(f"{where}: {key}: estimate {a[key]!r}, measured {b[key]!r}")
    return len(shared)


def same_counts(args):
    est, sim = _load(args.estimate), _load(args.measured)
    if args.path:
        for mode in est["modes"]:
            paths = {p["name"]: p for p in mode.get("paths", [])}
            if args.path not in paths:
                print(f"mode {mode['name']}: no path '{args.path}' (paths: {', '.join(paths)})")
                return 1
            mode["total"] = paths[args.path]["total"]
            mode["layers"] = paths[args.path]["layers"]
    names_e = [m["name"] for m in est["modes"]]
    names_s = [m["name"] for m in sim["modes"]]
    if names_e != names_s:
        print(f"modes differ: estimate {names_e}, measured {names_s}")
        return 1
    differences = []
    fields = layers = 0
    nonzero = 0
    for me, ms in zip(est["modes"], sim["modes"]):
        fields += _compare(f"mode {me['name']} total", me["total"], ms["total"], differences)
        le = [l["name"] for l in me["layers"]]
        ls = [l["name"] for l in ms["layers"]]
        if le != ls:
            differences.append(f"mode {me['name']}: layers differ: estimate {le}, measured {ls}")
            continue
        for l_e, l_s in zip(me["layers"], ms["layers"]):
            fields += _compare(f"mode {me['name']} layer {l_e['name']}", l_e, l_s, differences)
            layers += 1
        nonzero += sum(1 for k in REQUIRED_COUNTS if me["total"].get(k))
    for line in differences:
        print(line)
    if differences:
        return 1
    if nonzero != len(REQUIRED_COUNTS) * len(names_e):
        print("some required count is zero in a mode total: the comparison would be vacuous")
        return 1
    print(f"EQUAL modes={','.join(names_e)} layers={layers} fields={fields}")
    return 0


def energy(args):
    report = _load(args.report)
    cheap = _mode(report, args.cheaper, args.report)["total"]["energy_pj"]
    dear = _mode(report, args.than, args.report)["total"]["energy_pj"]
    print(f"energy_pj {args.cheaper}={cheap:.3f} {args.than}={dear:.3f} ratio={cheap / dear:.4f}")
    if not cheap < dear:
        print(f"FAIL: {args.cheaper} does not cost less than {args.than}")
        return 1
    return 0


def snr(args):
    report = _load(args.report)
    value = _mode(report, args.mode, args.report)["fidelity"]["snr_db"]
    print(f"snr_db {args.mode}={value:.2f}")
    ok = True
    if args.above is not None and not (math.isfinite(value) and value > args.above):
        print(f"FAIL: snr_db of {args.mode} is not above {args.above}")
        ok = False
    if args.below is not None:
        other = _mode(report, args.below, args.report)["fidelity"]["snr_db"]
        print(f"snr_db {args.below}={other:.2f}")
        if not value < other:
            print(f"FAIL: snr_db of {args.mode} is not below that of {args.below}")
            ok = False
    return 0 if ok else 1


def _component(report, mode, component, path):
    total = _mode(report, mode, path)["total"]
    return total["energy_pj"] if component == "total" else total["energy_pj_by"][component]


def saving(args):
    report = _load(args.report)
    mode = _component(report, args.mode, args.component, args.report)
    base = _component(report, args.than, args.component, args.report)
    ratio = base / mode if mode > 0 else math.inf
    print(f"{args.component} {args.than}/{args.mode}={ratio:.2f}")
    if not ratio >= args.at_least:
        print(f"FAIL: {args.mode} saves less than {args.at_least}x of {args.component}")
        return 1
    return 0


def _accuracy(report, name, path):
    if name == "reference" and "reference_accuracy" in report:
        return report["reference_accuracy"]
    mode = _mode(report, name, path)
    if "accuracy" not in mode:
        raise SystemExit(f"{path}: mode '{name}' has no accuracy (run cim-sim with --labels)")
    return mode["accuracy"]


def accuracy(args):
    report = _load(args.report)
    acc = _accuracy(report, args.mode, args.report)
    print(f"top1 {args.mode}={acc['top1']:.4f} ({acc['correct']}/{acc['samples']})")
    ok = True
    if args.at_least is not None and not acc["top1"] >= args.at_least:
        print(f"FAIL: top-1 of {args.mode} is below {args.at_least}")
        ok = False
    if args.below is not None:
        other = _accuracy(report, args.below, args.report)
        print(f"top1 {args.below}={other['top1']:.4f} ({other['correct']}/{other['samples']})")
        if not acc["top1"] < other["top1"]:
            print(f"FAIL: top-1 of {args.mode} is not below that of {args.below}")
            ok = False
    if args.not_below is not None:
        other = _accuracy(report, args.not_below, args.report)
        print(f"top1 {args.not_below}={other['top1']:.4f} ({other['correct']}/{other['samples']})")
        if acc["top1"] < other["top1"]:
            print(f"FAIL: top-1 of {args.mode} is below that of {args.not_below}")
            ok = False
    return 0 if ok else 1


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("same-counts")
    p.add_argument("estimate")
    p.add_argument("measured")
    p.add_argument("--path", help="compare against the estimate's path of this name")
    p.set_defaults(run=same_counts)
    p = sub.add_parser("energy")
    p.add_argument("report")
    p.add_argument("--cheaper", required=True)
    p.add_argument("--than", required=True)
    p.set_defaults(run=energy)
    p = sub.add_parser("snr")
    p.add_argument("report")
    p.add_argument("--mode", required=True)
    p.add_argument("--above", type=float)
    p.add_argument("--below")
    p.set_defaults(run=snr)
    p = sub.add_parser("accuracy")
    p.add_argument("report")
    p.add_argument("--mode", required=True)
    p.add_argument("--at-least", type=float)
    p.add_argument("--below")
    p.add_argument("--not-below")
    p.set_defaults(run=accuracy)
    p = sub.add_parser("saving")
    p.add_argument("report")
    p.add_argument("--component", required=True)
    p.add_argument("--mode", required=True)
    p.add_argument("--than", required=True)
    p.add_argument("--at-least", type=float, required=True)
    p.set_defaults(run=saving)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
