#!/usr/bin/python3
"""Times certify's engines on the conv and MNIST instances of issue 17 (docs/benchmarks.md,
"Portfolio"): for each instance, --method auto (the default), bab, mip on HiGHS and mip on CBC
(--runs adds mip on SCIP and GLPK),
each a whole `exactlip certify` process with a time limit, and writes a Markdown table.

    /usr/bin/python3 benchmarks/portfolio/run_portfolio.py EXACTLIP [--time-limit 120]
        [--out /tmp/portfolio.md] [--only TEXT] [--runs auto,bab,mip highs,mip cbc] [--repeat N]

EXACTLIP is the built command (e.g. src/ExactLip.Cli/bin/Release/net10.0/exactlip). With --repeat N each method runs N times and the
median wall time is reported (every run's beside it). Timings are
measurements of a shared machine (its load average is written next to them), never test results.
"""
import argparse
import json
import os
import resource
import subprocess
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
MNIST = os.path.join(ROOT, "..", "shared", "models", "mnistfc")


def clip_box(centre, eps):
    lo = [min(1.0, max(0.0, v - eps)) for v in centre]
    hi = [min(1.0, max(0.0, v + eps)) for v in centre]
    return lo, hi


def prop0_image():
    """The image of prop_0: the centre of prop_0_0.03.vnnlib's box before clipping to [0, 1]."""
    lo, hi = {}, {}
    for line in open(os.path.join(MNIST, "prop_0_0.03.vnnlib")):
        line = line.strip()
        if line.startswith("(assert (<= X_"):
            i, v = line[len("(assert (<= X_"):].rstrip(")").split()
            hi[int(i)] = float(v)
        elif line.startswith("(assert (>= X_"):
            i, v = line[len("(assert (>= X_"):].rstrip(")").split()
            lo[int(i)] = float(v)
    image = []
    for i in range(784):
        a, b = lo[i], hi[i]
        image.append(b - 0.03 if a <= 0.0 and b < 1.0 else a + 0.03 if b >= 1.0 and a > 0.0 else 0.5 * (a + b))
    return image


def margin(i, j, n=10):
    c = [0.0] * n
    c[i], c[j] = 1.0, -1.0
    return c


def instances():
    folder = os.path.join(ROOT, "fixtures", "models", "digits_cnn")
    image = json.load(open(os.path.join(folder, "digits_cnn.json")))["benchmark_image"]
    true, runner_up = image["label"], image["runner_up"]
    for eps in (0.02, 0.05):
        yield (f"digits CNN (384 ReLUs) ±{eps}, margin e{true}−e{runner_up}", os.path.join(folder, "digits_cnn.onnx"),
               *clip_box(image["pixels"], eps), margin(true, runner_up))
    image = prop0_image()
    for eps in (0.005, 0.01):
        yield (f"mnist-net_256x2 prop_0 ±{eps}, margin e8−e2", os.path.join(MNIST, "mnist-net_256x2.onnx"), *clip_box(image, eps), margin(8, 2))


RUNS = [
    ("auto", []),
    ("bab", ["--method", "bab"]),
    ("mip highs", ["--method", "mip", "--solver", "highs"]),
    ("mip scip", ["--method", "mip", "--solver", "scip"]),
    ("mip cbc", ["--method", "mip", "--solver", "cbc"]),
    ("mip glpk", ["--method", "mip", "--solver", "glpk"]),
]
DEFAULT_RUNS = "auto,bab,mip highs,mip cbc"


def run(exactlip, model, lo, hi, c, extra, limit):
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "r.json")
        args = [exactlip, "certify", model, "--lo", ",".join(map(repr, lo)), "--hi", ",".join(map(repr, hi)),
                "--norm", "linf", "--c", ",".join(map(repr, c)), "--time-limit", str(limit), "--json", out, "--quiet"] + extra
        start, cpu = time.monotonic(), children_cpu()
        proc = subprocess.run(args, capture_output=True, text=True)
        wall, cpu = time.monotonic() - start, children_cpu() - cpu
        if proc.returncode != 0:
            return {"error": proc.stderr.strip()[:200], "wall": wall, "cpu": cpu}
        result = json.load(open(out))
        result["wall"], result["cpu"] = wall, cpu
        return result


def children_cpu():
    """User plus system CPU seconds of the finished child processes: under a shared machine's
    load the wall time measures the others too, the CPU time only the run."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("exactlip")
    parser.add_argument("--time-limit", type=float, default=120)
    parser.add_argument("--out", default="/tmp/portfolio.md")
    parser.add_argument("--only")
    parser.add_argument("--runs", default=DEFAULT_RUNS, help="any of " + ",".join(r[0] for r in RUNS))
    parser.add_argument("--repeat", type=int, default=1, help="runs of each method; the median wall time is reported")
    a = parser.parse_args()
    wanted = a.runs.split(",")
    lines = [f"Whole `exactlip certify` processes, time limit {a.time_limit:g} s, {os.cpu_count()} cores shared with other users "
             f"(load average {os.getloadavg()[0]:.2f} at the start), {time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC.", "",
             "| instance | method | result | seconds (wall) | CPU seconds | closed by | upper bound source |", "|---|---|---|---|---|---|---|"]
    for name, model, lo, hi, c in instances():
        if a.only and a.only not in name:
            continue
        for label, extra in RUNS:
            if label not in wanted:
                continue
            tries = sorted((run(a.exactlip, model, lo, hi, c, extra, a.time_limit) for _ in range(a.repeat)), key=lambda t: t["wall"])
            r = tries[len(tries) // 2]
            walls = " (" + ", ".join(f"{t['wall']:.1f}" for t in tries) + ")" if a.repeat > 1 else ""
            if "error" in r:
                cell = "error: " + r["error"]
            elif r["status"] == "exact":
                cell = f"exact {r['value']:.6g}"
            else:
                cell = f"bounds [{r['lower']:.6g}, {r['upper']:.6g}] ({r['stop']})"
            line = f"| {name} | {label} | {cell} | {r['wall']:.1f}{walls} | {r['cpu']:.1f} | {r.get('closed_by') or '–'} | {r.get('upper_bound_source', '–')} |"
            print(line, flush=True)
            lines.append(line)
    lines.append("")
    lines.append(f"Load average at the end {os.getloadavg()[0]:.2f}.")
    open(a.out, "w").write("\n".join(lines) + "\n")
    print("Wrote", a.out)


if __name__ == "__main__":
    main()
