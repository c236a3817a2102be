#!/usr/bin/python3
"""Trains the small convolutional network of issue 17's digits case and writes it with its test
image and PyTorch-computed reference outputs. Run with Debian's python3 (apt packages
python3-torch, python3-onnx, python3-sklearn):

    /usr/bin/python3 benchmarks/portfolio/train_digits_cnn.py

Data: the 8x8 handwritten digits that scikit-learn ships (sklearn.datasets.load_digits, the
1,797 images of the test part of the UCI "Optical Recognition of Handwritten Digits" data set,
E. Alpaydin and C. Kaynak, 1998; UCI Machine Learning Repository,
https://archive.ics.uci.edu/dataset/80/optical+recognition+of+handwritten+digits, licence
CC BY 4.0). Pixels 0..16 are scaled to [0, 1]. A stratified split (scikit-learn's
train_test_split, 25 % test, random_state 0) gives 1,347 training and 450 test images.

Network (issue 17: "Conv 4 and 8 channels, FC 10; 384 ReLUs"): an 8x8 single-channel image,
Conv 4 channels 3x3 stride 1 padding 1 (keeps 8x8: 4*8*8 = 256 ReLUs), Conv 8 channels 3x3
stride 2 padding 1 (halves to 4x4: 8*4*4 = 128 ReLUs), Flatten, Linear to 10 logits. 256 + 128
= 384; the two convolutions cannot reach 384 with 3x3 kernels otherwise (without padding the
first layer has 4*6*6 = 144 ReLUs and the second would need 240 = 8*30, not a square).

Training: PyTorch, seed 0, one thread, deterministic algorithms, Adam (lr 3e-3, batch 64,
60 epochs), cross-entropy. The float32 model is exported to ONNX opset 13 (Conv, Relu, Flatten,
Gemm).

It writes
  * fixtures/models/digits_cnn/digits_cnn.onnx: the trained network;
  * fixtures/models/digits_cnn/digits_cnn.json: its provenance, test accuracy and the benchmark
    image (the first test image the network classifies correctly), its true class and the
    runner-up class (the largest other logit there), which the portfolio benchmark's box is
    centred on and whose logit margin it certifies;
  * fixtures/references/digits_cnn.json: three test images with the outputs and Jacobians
    PyTorch computes in float64 (the float32 weights widen exactly), which the tests compare the
    imported network with.
The data themselves are not written anywhere (one image is, as the benchmark's centre).
"""
import json
import os

import numpy as np
import onnx
import sklearn
import torch
import torch.nn as nn
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
MODEL_DIR = os.path.join(ROOT, "fixtures", "models", "digits_cnn")
MODEL = os.path.join(MODEL_DIR, "digits_cnn.onnx")
REFERENCE = os.path.join(ROOT, "fixtures", "references", "digits_cnn.json")
SEED, EPOCHS, BATCH, LR = 0, 60, 64, 3e-3


class DigitsCnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 4, 3, stride=1, padding=1)
        self.conv2 = nn.Conv2d(4, 8, 3, stride=2, padding=1)
        self.fc = nn.Linear(8 * 4 * 4, 10)

    def forward(self, x):
        x = torch.relu(self.conv1(x))
        x = torch.relu(self.conv2(x))
        return self.fc(torch.flatten(x, 1))


def data():
    digits = load_digits()
    x = (digits.data / 16.0).astype(np.float32).reshape(-1, 1, 8, 8)
    return train_test_split(x, digits.target, test_size=0.25, random_state=0, stratify=digits.target)


def train(x_train, y_train):
    torch.manual_seed(SEED)
    model = DigitsCnn()
    optimiser = torch.optim.Adam(model.parameters(), lr=LR)
    x, y = torch.from_numpy(x_train), torch.from_numpy(y_train).long()
    order = torch.Generator().manual_seed(SEED)
    for _ in range(EPOCHS):
        perm = torch.randperm(len(x), generator=order)
        for k in range(0, len(x), BATCH):
            batch = perm[k:k + BATCH]
            optimiser.zero_grad()
            nn.functional.cross_entropy(model(x[batch]), y[batch]).backward()
            optimiser.step()
    return model.eval()


def accuracy(model, x, y):
    with torch.no_grad():
        return float((model(torch.from_numpy(x)).argmax(1).numpy() == y).mean())


def write_json(path, obj):
    with open(path, "w") as f:
        json.dump(obj, f, separators=(",", ":"))
        f.write("\n")


def main():
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    x_train, x_test, y_train, y_test = data()
    model = train(x_train, y_train)
    train_acc, test_acc = accuracy(model, x_train, y_train), accuracy(model, x_test, y_test)
    os.makedirs(MODEL_DIR, exist_ok=True)
    torch.onnx.export(model, torch.zeros(1, 1, 8, 8), MODEL, opset_version=13, input_names=["input"],
                      output_names=["logits"], do_constant_folding=True)
    onnx.checker.check_model(onnx.load(MODEL))

    # Float64 copy for the references: the float32 weights widen exactly.
    model64 = DigitsCnn().double()
    model64.load_state_dict({k: v.double() for k, v in model.state_dict().items()})
    model64.eval()
    with torch.no_grad():
        logits = model64(torch.from_numpy(x_test).double()).numpy()
    index = int(np.flatnonzero(logits.argmax(1) == y_test)[0])
    label = int(y_test[index])
    runner_up = int(np.argsort(logits[index])[-2])

    inputs, outputs, jacobians = [], [], []
    for k in (index, index + 1, index + 2):
        x = torch.from_numpy(x_test[k]).double().reshape(-1)
        inputs.append(x.tolist())
        outputs.append(model64(x.reshape(1, 1, 8, 8)).reshape(-1).tolist())
        jacobians.append(torch.autograd.functional.jacobian(lambda t: model64(t.reshape(1, 1, 8, 8)).reshape(-1), x).tolist())
    write_json(REFERENCE, {
        "model": "fixtures/models/digits_cnn/digits_cnn.onnx",
        "source": "torch",
        "evaluator": f"PyTorch {torch.__version__}, float64",
        "input_shape": [1, 1, 8, 8],
        "inputs": inputs,
        "outputs": outputs,
        "jacobians": jacobians,
    })
    write_json(os.path.join(MODEL_DIR, "digits_cnn.json"), {
        "model": "digits_cnn.onnx",
        "made_by": "benchmarks/portfolio/train_digits_cnn.py",
        "data": "UCI Optical Recognition of Handwritten Digits (E. Alpaydin, C. Kaynak, 1998), "
                "https://archive.ics.uci.edu/dataset/80/optical+recognition+of+handwritten+digits, "
                f"as shipped by scikit-learn {sklearn.__version__} (sklearn.datasets.load_digits)",
        "data_licence": "CC BY 4.0",
        "scaling": "pixels / 16, in [0, 1]",
        "split": "train_test_split(test_size=0.25, random_state=0, stratify=target): 1347 train, 450 test",
        "training": f"PyTorch {torch.__version__}, seed {SEED}, Adam lr {LR}, batch {BATCH}, {EPOCHS} epochs",
        "train_accuracy": round(train_acc, 4),
        "test_accuracy": round(test_acc, 4),
        "relus": 4 * 8 * 8 + 8 * 4 * 4,
        "benchmark_image": {"test_index": index, "label": label, "runner_up": runner_up,
                            "logits": [round(float(v), 6) for v in logits[index]],
                            "pixels": [float(v) for v in x_test[index].reshape(-1)]},
    })
    print(f"train accuracy {train_acc:.4f}, test accuracy {test_acc:.4f}; test image {index}: class {label}, "
          f"runner-up {runner_up}; ops {[n.op_type for n in onnx.load(MODEL).graph.node]}")


if __name__ == "__main__":
    main()
