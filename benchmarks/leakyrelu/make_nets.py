"""The LeakyRelu benchmark of docs/benchmarks.md ("LeakyRelu as one layer"): a 4-16-16-2 network
with LeakyRelu (alpha = 0.1) written twice in ExactLip's JSON format, as one ReLU layer with
"alpha" per activation (leaky.json) and as the former import wrote it, relu(x) - alpha*relu(-x)
through a split [I; -I] and a join [I, -alpha*I] (lowered.json). Same function, same weights.

    python3 make_nets.py OUT_DIR
"""
import json
import random
import sys

ALPHA = 0.1
SIZES = [4, 16, 16, 2]


def dense(rng, inputs, outputs):
    scale = (1 / inputs) ** 0.5
    return {
        "type": "dense",
        "weights": [[round(rng.gauss(0, 1) * scale, 6) for _ in range(inputs)] for _ in range(outputs)],
        "bias": [round(rng.gauss(0, 0.1), 6) for _ in range(outputs)],
    }


def lowering(n):
    split = [[1.0 if j == i else 0.0 for j in range(n)] for i in range(n)]
    split += [[-1.0 if j == i else 0.0 for j in range(n)] for i in range(n)]
    join = [[1.0 if j == i else (-ALPHA if j == n + i else 0.0) for j in range(2 * n)] for i in range(n)]
    return [{"type": "dense", "weights": split, "bias": [0.0] * (2 * n)}, {"type": "relu"},
            {"type": "dense", "weights": join, "bias": [0.0] * n}]


def main(out):
    rng = random.Random(15)
    affine = [dense(rng, SIZES[k], SIZES[k + 1]) for k in range(len(SIZES) - 1)]
    leaky, lowered = [], []
    for k, layer in enumerate(affine):
        leaky.append(layer)
        lowered.append(layer)
        if k + 1 < len(affine):
            leaky.append({"type": "relu", "alpha": ALPHA})
            lowered.extend(lowering(SIZES[k + 1]))
    for name, layers in (("leaky", leaky), ("lowered", lowered)):
        with open(f"{out}/{name}.json", "w") as f:
            json.dump({"format": "exactlip-json", "version": 1, "input_shape": [SIZES[0]], "layers": layers}, f)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
