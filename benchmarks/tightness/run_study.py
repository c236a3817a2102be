#!/usr/bin/env python3
"""Runs `exactlip compare` on every model of the tightness study and writes docs/tightness.md.

    dotnet build -c Release src/ExactLip.Cli
    python3 benchmarks/tightness/run_study.py [--time-limit 40] [--only TEXT]

Reads benchmarks/tightness/models/manifest.json (written by train.py), runs compare on each model
over its box (the margin c^T f between the true class of a held-out point and the next class,
l-infinity input norm), keeps each compare JSON in benchmarks/results/tightness/, each compare
chart (rendered by exactlip itself) in docs/tightness/, draws the width/depth series charts, and
writes docs/tightness.md. Standard library only.
"""
import argparse
import json
import math
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
MODELS = os.path.join(HERE, "models")
RESULTS = os.path.join(ROOT, "benchmarks", "results", "tightness")
DOCS = os.path.join(ROOT, "docs")
CHARTS = os.path.join(DOCS, "tightness")
EXACTLIP = os.path.join(ROOT, "src", "ExactLip.Cli", "bin", "Release", "net10.0", "exactlip.dll")

METHODS = ["naive", "naive-local", "autolip", "seqlip", "fastlip", "liplp", "avant-morgansen", "clever", "randomlb", "pgd"]
COLORS = {"naive": "#a50f15", "naive-local": "#fb6a4a", "autolip": "#d95f02", "seqlip": "#e6ab02", "fastlip": "#1f78b4",
          "liplp": "#6a3d9a", "avant-morgansen": "#e7298a", "clever": "#808080", "randomlb": "#1b9e77", "pgd": "#005a32"}


def vec(values):
    return ",".join(repr(float(v)) for v in values)


def run_compare(entry, time_limit):
    out = os.path.join(RESULTS, entry["name"] + ".json")
    svg = os.path.join(CHARTS, entry["name"] + ".svg")
    # Paths relative to the repository root, so the recorded results name the model the same way
    # on every machine.
    model = os.path.relpath(os.path.join(MODELS, entry["name"] + ".onnx"), ROOT)
    args = ["dotnet", EXACTLIP, "compare", model,
            f"--center={vec(entry['center'])}", "--eps", repr(entry["eps"]), f"--c={vec(entry['c'])}",
            "--norm", "linf", "--time-limit", str(time_limit), "--json", out, "--svg", svg, "--quiet"]
    started = time.time()
    proc = subprocess.run(args, capture_output=True, text=True, cwd=ROOT)
    if proc.returncode != 0:
        sys.exit(f"compare failed on {entry['name']}: {proc.stderr.strip()}")
    print(f"{entry['name']}: {time.time() - started:.1f} s", flush=True)
    with open(out) as f:
        return json.load(f)


def ratio(estimate):
    """The ratio to the exact value, or to the certified upper bound when the run stopped early."""
    return estimate["ratio"] if estimate["ratio"] is not None else estimate["ratio_low"]


def fmt(v, digits=3):
    if v is None:
        return "–"
    return f"{v:.{digits}f}" if v < 1000 else f"{v:.3g}"


def series_chart(path, title, xlabel, points):
    """A log-y line chart of ratio to L against a series parameter; points: {method: [(x, ratio, exact)]}."""
    width, height, left, right, top, bottom = 760, 420, 70, 600, 50, 360
    xs = sorted({x for pts in points.values() for x, _, _ in pts})
    ys = [r for pts in points.values() for _, r, _ in pts if r and r > 0]
    lo, hi = min(ys + [1]) / 1.3, max(ys + [1]) * 1.3
    def X(x):
        return left + (xs.index(x) + 0.5) / len(xs) * (right - left)
    def Y(r):
        return bottom - (math.log(r) - math.log(lo)) / (math.log(hi) - math.log(lo)) * (bottom - top)
    s = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="DejaVu Sans, Helvetica, Arial, sans-serif">',
         f'<rect width="{width}" height="{height}" fill="white"/>',
         f'<text x="20" y="28" font-size="16" font-weight="bold">{title}</text>']
    decades = math.log10(hi / lo)
    steps = [1] if decades > 4 else [1, 2, 5] if decades > 1.2 else [1, 1.5, 2, 3, 5, 7]
    for k in range(math.floor(math.log10(lo)), math.ceil(math.log10(hi)) + 1):
        for st in steps:
            t = st * 10 ** k
            if lo <= t <= hi:
                s.append(f'<line x1="{left}" y1="{Y(t):.1f}" x2="{right}" y2="{Y(t):.1f}" stroke="#e3e3e3"/>')
                s.append(f'<text x="{left - 6}" y="{Y(t) + 4:.1f}" font-size="11" text-anchor="end">{t:g}</text>')
    s.append(f'<line x1="{left}" y1="{Y(1):.1f}" x2="{right}" y2="{Y(1):.1f}" stroke="#111" stroke-width="2" stroke-dasharray="6,3"/>')
    s.append(f'<text x="{right - 4}" y="{Y(1) - 5:.1f}" font-size="11" text-anchor="end">exact L</text>')
    for x in xs:
        s.append(f'<text x="{X(x):.1f}" y="{bottom + 18}" font-size="12" text-anchor="middle">{x}</text>')
    s.append(f'<text x="{(left + right) / 2}" y="{bottom + 40}" font-size="12" text-anchor="middle">{xlabel}</text>')
    s.append(f'<text x="18" y="{(top + bottom) / 2}" font-size="12" transform="rotate(-90 18 {(top + bottom) / 2})" text-anchor="middle">estimate / exact L (log)</text>')
    ly = top
    for method, pts in points.items():
        pts = [p for p in pts if p[1] and p[1] > 0]
        if not pts:
            continue
        color = COLORS.get(method, "#333")
        path_d = " ".join(("M" if i == 0 else "L") + f"{X(x):.1f},{Y(r):.1f}" for i, (x, r, _) in enumerate(pts))
        s.append(f'<path d="{path_d}" fill="none" stroke="{color}" stroke-width="2"/>')
        for x, r, stopped in pts:
            fill = "white" if stopped else color
            s.append(f'<circle cx="{X(x):.1f}" cy="{Y(r):.1f}" r="4" fill="{fill}" stroke="{color}" stroke-width="1.5"/>')
        s.append(f'<line x1="{right + 20}" y1="{ly}" x2="{right + 40}" y2="{ly}" stroke="{color}" stroke-width="3"/>')
        s.append(f'<text x="{right + 46}" y="{ly + 4}" font-size="12">{method}</text>')
        ly += 20
    s.append(f'<text x="{right + 20}" y="{ly + 10}" font-size="10" fill="#555">hollow: exact run</text>')
    s.append(f'<text x="{right + 20}" y="{ly + 23}" font-size="10" fill="#555">stopped early (ratio</text>')
    s.append(f'<text x="{right + 20}" y="{ly + 36}" font-size="10" fill="#555">to its upper bound)</text>')
    s.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(s) + "\n")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--time-limit", type=float, default=40)
    parser.add_argument("--only", default="")
    parser.add_argument("--reuse", action="store_true", help="reuse results already in benchmarks/results/tightness")
    args = parser.parse_args()
    os.makedirs(RESULTS, exist_ok=True)
    os.makedirs(CHARTS, exist_ok=True)
    with open(os.path.join(MODELS, "manifest.json")) as f:
        manifest = json.load(f)
    results = {}
    started = time.time()
    for entry in manifest:
        if args.only not in entry["name"]:
            continue
        cached = os.path.join(RESULTS, entry["name"] + ".json")
        if args.reuse and os.path.exists(cached):
            with open(cached) as f:
                results[entry["name"]] = json.load(f)
        else:
            results[entry["name"]] = run_compare(entry, args.time_limit)
    total = time.time() - started
    summary = os.path.join(RESULTS, "study.json")
    if args.reuse and os.path.exists(summary):
        with open(summary) as f:
            total = json.load(f)["total_seconds"]
    elif not args.only:
        with open(summary, "w") as f:
            json.dump({"total_seconds": total, "time_limit": args.time_limit}, f)
            f.write("\n")
    write_report(manifest, results, args.time_limit, total)


def write_report(manifest, results, time_limit, total):
    rows = [e for e in manifest if e["name"] in results]
    lines = ["# Tightness of Lipschitz estimators on trained networks", "",
             "How far the estimators of `exactlip estimate` are from the exact local Lipschitz constant, on",
             "small networks trained for this study, as width and depth grow and under four training",
             "regimes. Produced by `benchmarks/tightness/run_study.py` (the networks by",
             "`benchmarks/tightness/train.py`, committed as ONNX in `benchmarks/tightness/models/`).", "",
             "**Setup.** Quantity: the logit margin g = cᵀf between the true class of a held-out point and",
             "the next class, over the ℓ∞ ball around that point (radius 0.25 for the 2-D clusters, 0.02 for",
             "the 64-pixel digits), ℓ∞ input norm, so L = max ‖∇g‖₁ over the ball. The exact value is",
             f"`exactlip compare`'s certification (CBC, CROWN bounds, time limit {time_limit:g} s); when it",
             "stopped early the ratios are to its certified upper bound (marked †; the true ratio is at",
             "least that). Ratios are estimate / L: ≥ 1 for a certified upper bound, ≤ 1 for a certified",
             "lower bound. ℓ2 methods (autolip, seqlip, avant-morgansen) are converted to the ℓ∞ input",
             "by √n and are still certified; avant-morgansen is anchored at the centre. Measured on a",
             f"shared 2-core machine while others were building (whole study {total / 60:.1f} min): the",
             "seconds are noisy, the ratios are not.", ""]
    findings = os.path.join(HERE, "findings.md")
    if os.path.exists(findings):
        with open(findings) as f:
            lines += [f.read().rstrip(), ""]
    lines += ["## All runs", "",
             "| model | widths | regulariser | test acc. | exact L | s | " + " | ".join(METHODS) + " |",
             "|---|---|---|---|---|---|" + "---|" * len(METHODS)]
    for e in rows:
        r = results[e["name"]]
        ex = r["exact"]
        exact = fmt(ex["value"], 4) if ex["value"] is not None else f"[{fmt(ex['lower'], 3)}, {fmt(ex['upper'], 3)}]†"
        est = {x["method"]: x for x in r["estimates"]}
        cells = []
        for m in METHODS:
            x = est.get(m)
            if x is None:
                cells.append("–")
                continue
            v = ratio(x)
            mark = "" if x["kind"] != "heuristic" or m in ("clever",) else "ʰ"
            cells.append(fmt(v, 2) + ("†" if ex["value"] is None else "") + mark)
        lines.append(f"| {e['name']} | {'-'.join(map(str, e['widths']))} | {e['regulariser']} | {e['test_accuracy']:.3f} | {exact} | {ex['seconds']:.1f} | " + " | ".join(cells) + " |")
    lines += ["", "ʰ seqlip is exact (certified) only when every ReLU layer has at most 12 neurons; wider layers",
              "fall back to greedy flips and the value is labelled heuristic.", ""]

    # Series charts.
    for dataset, label in (("clusters", "2-D clusters"), ("digits", "digits")):
        for series, key, xlabel in (("width", lambda e: e["widths"][0], "hidden width"), ("depth", lambda e: e["depth"], "hidden layers")):
            base = [e for e in rows if e["dataset"] == dataset and e["regulariser"] == "none"]
            if series == "width":
                depth = 2 if dataset == "clusters" else 1
                pick = [e for e in base if e["depth"] == depth]
            else:
                pick = [e for e in base if e["widths"][0] == 16]
            pick = sorted(pick, key=key)
            if len(pick) < 2:
                continue
            points = {}
            for m in METHODS:
                pts = []
                for e in pick:
                    r = results[e["name"]]
                    est = {x["method"]: x for x in r["estimates"]}
                    if m in est:
                        pts.append((key(e), ratio(est[m]), r["exact"]["value"] is None))
                points[m] = pts
            name = f"{dataset}-{series}.svg"
            series_chart(os.path.join(CHARTS, name), f"{label}: estimate / exact L as {xlabel} grows", xlabel, points)
            lines += [f"## {label}: {xlabel}", "", f"![{label}, {xlabel}](tightness/{name})", ""]
            lines += ["| " + xlabel + " | exact L | " + " | ".join(METHODS) + " |", "|---|---|" + "---|" * len(METHODS)]
            for e in pick:
                r = results[e["name"]]
                est = {x["method"]: x for x in r["estimates"]}
                ex = r["exact"]
                exact = fmt(ex["value"], 4) if ex["value"] is not None else f"≤ {fmt(ex['upper'], 3)}†"
                dagger = "†" if ex["value"] is None else ""
                lines.append(f"| {key(e)} | {exact} | " + " | ".join(fmt(ratio(est[m]), 2) + dagger if m in est else "–" for m in METHODS) + " |")
            lines.append("")

    # Regularisers.
    lines += ["## Regularisers and the exact constant", "",
              "| dataset | regulariser | test acc. | exact L | L / L(none) | naive | autolip | fastlip | liplp | pgd |",
              "|---|---|---|---|---|---|---|---|---|---|"]
    for dataset, arch in (("clusters", [16, 16]), ("digits", [16])):
        group = [e for e in rows if e["dataset"] == dataset and e["widths"] == arch]
        base = next((e for e in group if e["regulariser"] == "none"), None)
        for e in sorted(group, key=lambda e: ["none", "l2", "l1", "fgsm"].index(e["regulariser"])):
            r = results[e["name"]]
            ex = r["exact"]
            value = ex["value"] if ex["value"] is not None else ex["upper"]
            base_value = None
            if base is not None:
                bx = results[base["name"]]["exact"]
                base_value = bx["value"] if bx["value"] is not None else bx["upper"]
            est = {x["method"]: x for x in r["estimates"]}
            rel = fmt(value / base_value, 2) if base_value else "–"
            exact = fmt(value, 4) + ("" if ex["value"] is not None else "†")
            lines.append(f"| {dataset} | {e['regulariser']} | {e['test_accuracy']:.3f} | {exact} | {rel} | " +
                         " | ".join(fmt(ratio(est[m]), 2) if m in est else "–" for m in ("naive", "autolip", "fastlip", "liplp", "pgd")) + " |")
    lines += ["", "Regulariser names: `l2` weight decay 1e-2, `l1` an ℓ1 penalty 1e-3 on the weights, `fgsm`",
              "adversarial training at ε = 0.1 (half clean, half FGSM examples).", "",
              "## Per-model charts", "",
              "Each model's `compare --svg` chart (drawn by exactlip itself) is in `docs/tightness/<model>.svg`, e.g.", ""]
    for e in rows[:1] + [x for x in rows if x["dataset"] == "digits"][:1]:
        lines.append(f"![{e['name']}](tightness/{e['name']}.svg)")
        lines.append("")
    with open(os.path.join(DOCS, "tightness.md"), "w") as f:
        f.write("\n".join(lines))
    print(f"wrote docs/tightness.md ({len(rows)} models)")


if __name__ == "__main__":
    main()
