#!/usr/bin/python3
"""Writes the small convolutional network of the portfolio benchmark (docs/benchmarks.md).

Run with Debian's python3 (apt packages python3-numpy, python3-onnx):

    /usr/bin/python3 benchmarks/portfolio/make_digits_cnn.py

Architecture of the digits CNN measured in issue 17: an 8x8 single-channel image, Conv 4
channels 3x3 padding 1 (256 ReLUs), Conv 8 channels 3x3 stride 2 padding 1 (128 ReLUs),
Flatten, Gemm to 10 logits: 384 ReLUs. The trained network of that measurement is not in the
repository and this machine has no torch or scikit-learn to retrain it, so the weights here are
He-initialised from a fixed seed (not trained): the same shape and size of search, not the same
function. The benchmark box is centred on a digits image (the centre recorded for
digits_w16_d1 in benchmarks/tightness/models/manifest.json).
"""
import json
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    rng = np.random.default_rng(17)
    w1 = rng.standard_normal((4, 1, 3, 3)) * np.sqrt(2.0 / 9)
    b1 = rng.standard_normal(4) * 0.05
    w2 = rng.standard_normal((8, 4, 3, 3)) * np.sqrt(2.0 / 36)
    b2 = rng.standard_normal(8) * 0.05
    w3 = rng.standard_normal((10, 128)) * np.sqrt(2.0 / 128)
    b3 = rng.standard_normal(10) * 0.05
    inits = [numpy_helper.from_array(a.astype(np.float32), n) for a, n in
             [(w1, "w1"), (b1, "b1"), (w2, "w2"), (b2, "b2"), (w3, "w3"), (b3, "b3")]]
    nodes = [
        helper.make_node("Conv", ["x", "w1", "b1"], ["c1"], pads=[1, 1, 1, 1]),
        helper.make_node("Relu", ["c1"], ["r1"]),
        helper.make_node("Conv", ["r1", "w2", "b2"], ["c2"], pads=[1, 1, 1, 1], strides=[2, 2]),
        helper.make_node("Relu", ["c2"], ["r2"]),
        helper.make_node("Flatten", ["r2"], ["f"]),
        helper.make_node("Gemm", ["f", "w3", "b3"], ["y"], transB=1),
    ]
    graph = helper.make_graph(nodes, "digits_cnn",
                              [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 1, 8, 8])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 10])], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(HERE, "digits_cnn.onnx"))

    manifest = json.load(open(os.path.join(HERE, "..", "tightness", "models", "manifest.json")))
    centre = next(m["center"] for m in manifest if m["name"] == "digits_w16_d1")
    with open(os.path.join(HERE, "digits_cnn_centre.txt"), "w") as f:
        f.write(",".join(repr(float(v)) for v in centre) + "\n")


if __name__ == "__main__":
    main()
