"""digits.py: train the small digits CNN and write it with its test and calibration sets.

    python3 -m cim.digits OUT_DIR [--epochs 20] [--check]   # a Python with torch, scikit-learn, onnx

Reproducible from scikit-learn's built-in `load_digits` (1797 images of 8x8
pixels, values 0..16, shipped with scikit-learn: nothing is downloaded):

  * split with train_test_split(test_size=397, random_state=0,
    stratify=labels), pixels scaled to [0, 1];
  * a CNN trained with torch on one thread from torch.manual_seed(0):
    conv 1->16 3x3 pad 1 + ReLU, conv 16->32 3x3 pad 1 + ReLU, max pool 2,
    conv 32->32 3x3 pad 1 + ReLU, flatten, Linear 512->10; 20 epochs of
    Adam, mini-batches of 64, one-cycle learning rate peaking at 0.02,
    cross-entropy loss;
  * exported at opset 13 (as cim.export_models does), input `input` of
    shape [1, 1, 8, 8], output `logits` of shape [1, 10].

OUT_DIR receives:
  digits_cnn.onnx      the model
  digits_test_x.npy    float32 [397, 1, 8, 8], the held-out images
  digits_test_y.npy    int64 [397], their labels
  digits_calib_x.npy   float32 [64, 1, 8, 8], the first 64 training images

and the float top-1 accuracy on the held-out images is printed as
`float top-1 on 397 held-out digits: 0.xxxx (k/397)`. With --check the
script fails (exit 1) when that accuracy is below 0.98.
"""

import argparse
import os
import sys

import numpy as np

OPSET = 13
TEST_SIZE = 397
CALIB_SIZE = 64
MIN_TOP1 = 0.98
EPOCHS = 20
BATCH = 64
PEAK_LR = 0.02


def load_split():
    """(train_x, train_y, test_x, test_y): float32 [N, 1, 8, 8] in [0, 1] and
    int64 labels."""
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    digits = load_digits()
    images = (digits.images.astype(np.float32) / np.float32(16.0)).reshape(-1, 1, 8, 8)
    labels = digits.target.astype(np.int64)
    train_x, test_x, train_y, test_y = train_test_split(
        images, labels, test_size=TEST_SIZE, random_state=0, stratify=labels)
    return (np.ascontiguousarray(train_x), np.ascontiguousarray(train_y),
            np.ascontiguousarray(test_x), np.ascontiguousarray(test_y))


def build(torch):
    nn = torch.nn
    return nn.Sequential(
        nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(),
        nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Conv2d(32, 32, 3, padding=1), nn.ReLU(),
        nn.Flatten(),
        nn.Linear(32 * 4 * 4, 10))


def train(torch, train_x, train_y, epochs):
    """Adam with a one-cycle learning rate (peak 0.02) on mini-batches of
    BATCH in a seeded order; single-threaded and deterministic."""
    torch.manual_seed(0)
    model = build(torch)
    optimizer = torch.optim.Adam(model.parameters(), lr=PEAK_LR)
    steps = epochs * ((len(train_x) + BATCH - 1) // BATCH)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=PEAK_LR, total_steps=steps)
    loss_fn = torch.nn.CrossEntropyLoss()
    x = torch.from_numpy(train_x)
    y = torch.from_numpy(train_y)
    order = torch.Generator().manual_seed(0)
    model.train()
    for _ in range(epochs):
        perm = torch.randperm(len(x), generator=order)
        for start in range(0, len(x), BATCH):
            idx = perm[start:start + BATCH]
            optimizer.zero_grad()
            loss = loss_fn(model(x[idx]), y[idx])
            loss.backward()
            optimizer.step()
            schedule.step()
    model.eval()
    return model


def top1(torch, model, test_x, test_y):
    with torch.no_grad():
        logits = model(torch.from_numpy(test_x)).numpy()
    correct = int((logits.argmax(axis=1) == test_y).sum())
    return correct


def main(argv=None):
    parser = argparse.ArgumentParser(prog="cim.digits", description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", help="directory for the model and the .npy files")
    parser.add_argument("--epochs", type=int, default=EPOCHS, help=f"training epochs (default {EPOCHS})")
    parser.add_argument("--check", action="store_true",
                        help=f"exit 1 when the float top-1 is below {MIN_TOP1}")
    args = parser.parse_args(argv)

    import torch

    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)

    train_x, train_y, test_x, test_y = load_split()
    model = train(torch, train_x, train_y, args.epochs)
    correct = top1(torch, model, test_x, test_y)
    accuracy = correct / len(test_y)

    os.makedirs(args.out_dir, exist_ok=True)
    path = os.path.join(args.out_dir, "digits_cnn.onnx")
    with torch.no_grad():
        torch.onnx.export(model, torch.zeros(1, 1, 8, 8), path, opset_version=OPSET,
                          input_names=["input"], output_names=["logits"],
                          do_constant_folding=True)
    np.save(os.path.join(args.out_dir, "digits_test_x.npy"), test_x)
    np.save(os.path.join(args.out_dir, "digits_test_y.npy"), test_y)
    np.save(os.path.join(args.out_dir, "digits_calib_x.npy"),
            np.ascontiguousarray(train_x[:CALIB_SIZE]))
    print(f"float top-1 on {len(test_y)} held-out digits: {accuracy:.4f} "
          f"({correct}/{len(test_y)})")
    if args.check and accuracy < MIN_TOP1:
        print(f"cim.digits: float top-1 {accuracy:.4f} is below {MIN_TOP1}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
