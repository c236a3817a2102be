#!/usr/bin/python3
"""Trains the small networks of the tightness study and exports them to ONNX.

Run with Debian's python3 (apt packages python3-torch, python3-onnx, python3-sklearn):

    /usr/bin/python3 benchmarks/tightness/train.py

It writes benchmarks/tightness/models/<name>.onnx and benchmarks/tightness/models/manifest.json
(one entry per model: dataset, widths, regulariser, accuracy, and the box the study certifies:
a held-out point as centre and an l-infinity radius). The ONNX files are committed; CI never
trains. Everything is seeded, so a rerun on the same torch version gives the same weights.

Datasets:
  * "clusters": a synthetic 2-D set of random clustered points: 12 Gaussian clusters with
    centres uniform in [-1, 1]^2, each given one of 3 classes at random, 100 points per cluster.
  * "digits": scikit-learn's 8x8 digits (1797 images, 64 inputs scaled to [0, 1], 10 classes).

Series (as in the LipLP/LipMIP study of Jordan & Dimakis 2020):
  * width series at depth 2 and depth series at fixed width, no regulariser;
  * regularisers at a fixed architecture: none, weight decay (l2, 1e-2), l1 penalty (1e-3),
    FGSM adversarial training (eps = 0.1 in the input's l-infinity norm).
"""
import json
import os

import numpy as np
import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "models")


def clusters(seed=0):
    rng = np.random.default_rng(seed)
    centres = rng.uniform(-1, 1, size=(12, 2))
    labels = rng.integers(0, 3, size=12)
    xs, ys = [], []
    for c, l in zip(centres, labels):
        xs.append(c + 0.12 * rng.standard_normal((100, 2)))
        ys.append(np.full(100, l))
    x = np.concatenate(xs).astype(np.float32)
    y = np.concatenate(ys).astype(np.int64)
    perm = rng.permutation(len(x))
    return x[perm], y[perm]


def digits():
    from sklearn.datasets import load_digits
    d = load_digits()
    x = (d.data / 16.0).astype(np.float32)
    y = d.target.astype(np.int64)
    perm = np.random.default_rng(0).permutation(len(x))
    return x[perm], y[perm]


def mlp(inputs, widths, outputs):
    layers, width = [], inputs
    for w in widths:
        layers += [nn.Linear(width, w), nn.ReLU()]
        width = w
    layers.append(nn.Linear(width, outputs))
    return nn.Sequential(*layers)


def train(model, x, y, regulariser, epochs, batch, lr=3e-3, seed=0):
    torch.manual_seed(seed)
    weight_decay = 1e-2 if regulariser == "l2" else 0.0
    opt = torch.optim.Adam(model.parameters(), lr=lr, weight_decay=weight_decay)
    loss_fn = nn.CrossEntropyLoss()
    xt, yt = torch.from_numpy(x), torch.from_numpy(y)
    for _ in range(epochs):
        perm = torch.randperm(len(xt))
        for i in range(0, len(xt), batch):
            idx = perm[i:i + batch]
            xb, yb = xt[idx], yt[idx]
            if regulariser == "fgsm":
                # FGSM adversarial training: the loss at x + 0.1 sign(grad_x loss), half clean, half adversarial.
                xa = xb.clone().requires_grad_(True)
                g, = torch.autograd.grad(loss_fn(model(xa), yb), xa)
                xadv = (xb + 0.1 * g.sign()).detach()
                loss = 0.5 * loss_fn(model(xb), yb) + 0.5 * loss_fn(model(xadv), yb)
            else:
                loss = loss_fn(model(xb), yb)
            if regulariser == "l1":
                loss = loss + 1e-3 * sum(p.abs().sum() for n, p in model.named_parameters() if n.endswith("weight"))
            opt.zero_grad()
            loss.backward()
            opt.step()
    return model


def accuracy(model, x, y):
    with torch.no_grad():
        return float((model(torch.from_numpy(x)).argmax(1).numpy() == y).mean())


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.set_num_threads(1)
    specs = []
    # name, dataset, widths, regulariser, series
    for w in (8, 16, 32, 64):
        specs.append((f"clusters_w{w}_d2", "clusters", [w, w], "none", "width"))
    for d in (1, 3, 4):
        specs.append((f"clusters_w16_d{d}", "clusters", [16] * d, "none", "depth"))
    for r in ("l2", "l1", "fgsm"):
        specs.append((f"clusters_w16_d2_{r}", "clusters", [16, 16], r, "regulariser"))
    for w in (8, 16, 32):
        specs.append((f"digits_w{w}_d1", "digits", [w], "none", "width"))
    for d in (2, 3):
        specs.append((f"digits_w16_d{d}", "digits", [16] * d, "none", "depth"))
    for r in ("l2", "l1", "fgsm"):
        specs.append((f"digits_w16_d1_{r}", "digits", [16], r, "regulariser"))
    # Appended last, so the seeds (by position) of the models above stay as they were.
    specs.append(("clusters_w128_d2", "clusters", [128, 128], "none", "width"))
    specs.append(("clusters_w16_d5", "clusters", [16] * 5, "none", "depth"))
    specs.append(("digits_w64_d1", "digits", [64], "none", "width"))

    data = {"clusters": clusters(), "digits": digits()}
    manifest = []
    for k, (name, dataset, widths, reg, series) in enumerate(specs):
        x, y = data[dataset]
        split = int(0.8 * len(x))
        xtr, ytr, xte, yte = x[:split], y[:split], x[split:], y[split:]
        torch.manual_seed(100 + k)
        classes = int(y.max()) + 1
        model = mlp(x.shape[1], widths, classes)
        epochs, batch = (300, 128) if dataset == "clusters" else (60, 64)
        train(model, xtr, ytr, reg, epochs, batch, seed=k)
        model.eval()
        path = os.path.join(OUT, name + ".onnx")
        torch.onnx.export(model, torch.zeros(1, x.shape[1]), path, opset_version=13,
                          input_names=["input"], output_names=["output"], do_constant_folding=True)
        # The study's box: the first held-out point, the margin between its true class and the next.
        centre = [float(v) for v in xte[0]]
        label = int(yte[0])
        other = (label + 1) % classes
        c = [0.0] * classes
        c[label], c[other] = 1.0, -1.0
        entry = {
            "name": name, "dataset": dataset, "widths": widths, "depth": len(widths),
            "regulariser": reg, "series": series,
            "train_accuracy": accuracy(model, xtr, ytr), "test_accuracy": accuracy(model, xte, yte),
            "center": centre, "eps": 0.25 if dataset == "clusters" else 0.02, "c": c,
        }
        manifest.append(entry)
        print(f"{name}: train {entry['train_accuracy']:.3f} test {entry['test_accuracy']:.3f}", flush=True)
    with open(os.path.join(OUT, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
