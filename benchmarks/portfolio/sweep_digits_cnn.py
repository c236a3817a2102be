#!/usr/bin/python3
"""Times certify on the digits CNN (fixtures/models/digits_cnn) around each of the first N test
images, not only the one benchmark image: for each image the ℓ∞ box ± EPS clipped to [0, 1] and
the logit margin of the network's predicted class over its runner-up (the largest other logit).
Needs python3-sklearn for the images (the same split as train_digits_cnn.py) and python3-torch.

    /usr/bin/python3 benchmarks/portfolio/sweep_digits_cnn.py EXACTLIP [--eps 0.05] [--images 20]
        [--runs auto,bab,mip highs] [--time-limit 60] [--out /tmp/digits_sweep.md]

Writes one row per image and run (result, wall and CPU seconds, unstable neurons, binaries) and
a summary per run: images solved exactly, median and largest wall time, images over 10 s.
Timings are measurements of a shared machine (load average written next to them).
"""
import argparse
import os
import statistics
import time

import numpy as np
import onnx
import torch
import torch.nn.functional as F
from onnx import numpy_helper

from run_portfolio import RUNS, clip_box, margin, run
from train_digits_cnn import MODEL, data


def logits(weights, pixels):
    w = {k: torch.tensor(v, dtype=torch.float64) for k, v in weights.items()}
    x = torch.tensor(pixels, dtype=torch.float64).reshape(1, 1, 8, 8)
    h = F.relu(F.conv2d(x, w["conv1.weight"], w["conv1.bias"], padding=1))
    h = F.relu(F.conv2d(h, w["conv2.weight"], w["conv2.bias"], stride=2, padding=1))
    return (torch.flatten(h, 1) @ w["fc.weight"].T + w["fc.bias"]).reshape(-1).numpy()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("exactlip")
    parser.add_argument("--eps", type=float, default=0.05)
    parser.add_argument("--images", type=int, default=20)
    parser.add_argument("--runs", default="auto,bab,mip highs")
    parser.add_argument("--time-limit", type=float, default=60)
    parser.add_argument("--out", default="/tmp/digits_sweep.md")
    a = parser.parse_args()
    weights = {t.name: numpy_helper.to_array(t) for t in onnx.load(MODEL).graph.initializer}
    _, x_test, _, _ = data()
    wanted = [(label, extra) for label, extra in RUNS if label in a.runs.split(",")]
    lines = [f"digits CNN, test images 0–{a.images - 1}, ±{a.eps} clipped to [0, 1], margin predicted − runner-up; whole "
             f"`exactlip certify` processes, limit {a.time_limit:g} s, {os.cpu_count()} cores shared (load average "
             f"{os.getloadavg()[0]:.2f} at the start), {time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC.", "",
             "| image | margin | run | result | wall s | CPU s | unstable | binaries |", "|---|---|---|---|---|---|---|---|"]
    walls = {label: [] for label, _ in wanted}
    for k in range(a.images):
        pixels = [float(v) for v in x_test[k].reshape(-1)]
        order = np.argsort(logits(weights, pixels))
        first, second = int(order[-1]), int(order[-2])
        lo, hi = clip_box(pixels, a.eps)
        for label, extra in wanted:
            r = run(a.exactlip, MODEL, lo, hi, margin(first, second), extra, a.time_limit)
            if "error" in r:
                cell = "error: " + r["error"]
            elif r["status"] == "exact":
                cell = f"exact {r['value']:.6g}"
                walls[label].append(r["wall"])
            else:
                cell = f"bounds [{r['lower']:.6g}, {r['upper']:.6g}]"
            line = (f"| {k} | e{first}−e{second} | {label} | {cell} | {r['wall']:.1f} | {r['cpu']:.1f} | "
                    f"{r.get('unstable_neurons', '–')} | {r.get('binaries', '–')} |")
            print(line, flush=True)
            lines.append(line)
    lines += ["", f"Load average at the end {os.getloadavg()[0]:.2f}.", "",
              "| run | exact | median wall s (exact ones) | largest | over 10 s |", "|---|---|---|---|---|"]
    for label, w in walls.items():
        if w:
            lines.append(f"| {label} | {len(w)} of {a.images} | {statistics.median(w):.1f} | {max(w):.1f} | {sum(v > 10 for v in w)} |")
        else:
            lines.append(f"| {label} | 0 of {a.images} | – | – | – |")
    open(a.out, "w").write("\n".join(lines) + "\n")
    print("\n".join(lines[-len(walls) - 2:]))
    print("Wrote", a.out)


if __name__ == "__main__":
    main()
