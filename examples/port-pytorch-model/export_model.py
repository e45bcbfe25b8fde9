#!/usr/bin/env python3
"""Build TinyPortNet in real PyTorch, with seeded weights, and export what the tfjs port needs.

TinyPortNet is a small network made of the pieces real models use average pooling in, taken from torchvision
wherever torchvision has them:

  stem        2 x torchvision BasicConv2d (Inception's conv + BatchNorm(eps=1e-3) + ReLU)   3x32x32 -> 16x13x13
  mixed       torchvision InceptionA, narrowed; its own forward runs, including
              F.avg_pool2d(x, kernel_size=3, stride=1, padding=1)   (count_include_pad=True)        -> 36x13x13
  layer       torchvision BasicBlock(stride=2) with a ResNet-D downsample:
              nn.AvgPool2d(2, stride=2, ceil_mode=True, count_include_pad=False), conv1x1, BatchNorm -> 32x7x7
  dense       torchvision DenseNet _DenseBlock (2 layers, growth 8)                                  -> 48x7x7
  transition  torchvision DenseNet _Transition: BN, ReLU, conv1x1, nn.AvgPool2d(kernel_size=2, stride=2) -> 24x3x3
  head        BatchNorm, ReLU, nn.AdaptiveAvgPool2d(1), flatten, nn.Linear(24, 10)                   -> 10

The spatial sizes are odd on purpose: 13 makes ceil_mode add a last, one-column window in the ResNet-D pool
(divided by 1, not 2, because count_include_pad=False), and 7 makes the DenseNet transition drop its last row and
column; the Inception pool divides border windows by 9 (padded zeros counted), where tfjs's avgPool divides by 4 or 6.

Writes, next to this script:
  model.json   versions, seed, the model's repr, and a manifest: name, shape and byte offset of every tensor
  model.bin    float32 little-endian: the state_dict (eval mode; num_batches_tracked dropped), the input and
               PyTorch's logits for it

Usage (PyTorch 2.15.0 pinned; torchvision 0.29.2 is the newest build for it, and needs pillow):
  .venv/bin/pip install torch==2.15.0 torchvision==0.29.2 pillow numpy
  .venv/bin/python examples/port-pytorch-model/export_model.py
NEVER edit model.json / model.bin by hand; change this script and run it again.
"""

import argparse
import json
import os
import platform
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision
from torchvision.models.densenet import _DenseBlock, _Transition
from torchvision.models.inception import BasicConv2d, InceptionA
from torchvision.models.resnet import BasicBlock, conv1x1

SCHEMA = 1
SEED = 20250611
PINNED_TORCH = "2.15.0"
PINNED_TORCHVISION = "0.29.2"
HERE = os.path.dirname(os.path.abspath(__file__))


class MiniInceptionA(InceptionA):
    """torchvision's InceptionA with narrow branches: only __init__ differs, its _forward and forward run as is."""

    def __init__(self, in_channels: int, pool_features: int) -> None:
        nn.Module.__init__(self)
        self.branch1x1 = BasicConv2d(in_channels, 8, kernel_size=1)
        self.branch5x5_1 = BasicConv2d(in_channels, 6, kernel_size=1)
        self.branch5x5_2 = BasicConv2d(6, 8, kernel_size=5, padding=2)
        self.branch3x3dbl_1 = BasicConv2d(in_channels, 8, kernel_size=1)
        self.branch3x3dbl_2 = BasicConv2d(8, 12, kernel_size=3, padding=1)
        self.branch3x3dbl_3 = BasicConv2d(12, 12, kernel_size=3, padding=1)
        self.branch_pool = BasicConv2d(in_channels, pool_features, kernel_size=1)


class TinyPortNet(nn.Module):
    def __init__(self, num_classes: int = 10) -> None:
        super().__init__()
        self.stem = nn.Sequential(BasicConv2d(3, 16, kernel_size=3, stride=2), BasicConv2d(16, 16, kernel_size=3))
        self.mixed = MiniInceptionA(16, pool_features=8)
        self.layer = BasicBlock(36, 32, stride=2, downsample=nn.Sequential(
            nn.AvgPool2d(2, stride=2, ceil_mode=True, count_include_pad=False),  # ResNet-D (timm's avg_down)
            conv1x1(36, 32),
            nn.BatchNorm2d(32),
        ))
        self.dense = _DenseBlock(num_layers=2, num_input_features=32, bn_size=2, growth_rate=8, drop_rate=0.0)
        self.transition = _Transition(48, 24)
        self.norm = nn.BatchNorm2d(24)
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(24, num_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.stem(x)
        x = self.mixed(x)
        x = self.layer(x)
        x = self.dense(x)
        x = self.transition(x)
        x = F.relu(self.norm(x))
        x = self.avgpool(x)
        x = torch.flatten(x, 1)
        return self.fc(x)


def seeded_model() -> TinyPortNet:
    torch.manual_seed(SEED)
    model = TinyPortNet()
    g = torch.Generator().manual_seed(SEED + 1)
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, (nn.Conv2d, nn.Linear)):  # He initialisation keeps the activations' scale, layer after layer
                nn.init.kaiming_normal_(m.weight, nonlinearity="relu", generator=g)
                if m.bias is not None:
                    nn.init.normal_(m.bias, std=0.1, generator=g)
            if isinstance(m, nn.BatchNorm2d):  # non-trivial BatchNorm statistics, as a trained model has
                m.weight.copy_(torch.rand(m.num_features, generator=g) + 0.5)
                m.bias.copy_(torch.randn(m.num_features, generator=g) * 0.1)
                m.running_mean.copy_(torch.randn(m.num_features, generator=g) * 0.1)
                m.running_var.copy_(torch.rand(m.num_features, generator=g) + 0.5)
    return model.eval()


class _FunctionalWith:
    """torch.nn.functional with avg_pool2d replaced, for one module's namespace only."""

    def __init__(self, **overrides) -> None:
        self.overrides = overrides

    def __getattr__(self, name: str):
        return self.overrides.get(name, getattr(F, name))


def logits_varied(model: TinyPortNet, x: torch.Tensor) -> dict:
    """How far the logits move when one pool follows another library's rules: the port's check must see each."""
    import torchvision.models.inception as inception_module

    def run() -> torch.Tensor:
        with torch.no_grad():
            return model(x)

    reference = run()
    out = {}
    inception_module.F = _FunctionalWith(
        avg_pool2d=lambda t, kernel_size, stride, padding: F.avg_pool2d(t, kernel_size, stride, padding,
                                                                        count_include_pad=False))
    try:
        out["Inception avg_pool2d(3, 1, 1) with count_include_pad=False (tfjs avgPool 'same')"] = run()
    finally:
        inception_module.F = F
    for what, parent, key, pool in [
        ("ResNet-D pool zero-padded, each window divided by 4", model.layer.downsample, 0,
         nn.AvgPool2d(2, stride=2, ceil_mode=True, divisor_override=4)),
        ("DenseNet transition pool with ceil_mode=True (tfjs avgPool 'same')", model.transition, "pool",
         nn.AvgPool2d(2, stride=2, ceil_mode=True)),
    ]:
        saved = parent._modules[str(key)]
        parent._modules[str(key)] = pool
        try:
            out[what] = run()
        finally:
            parent._modules[str(key)] = saved
    return {what: float((logits - reference).abs().max()) for what, logits in out.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--allow-other-torch", action="store_true", help="run with a torch other than the pinned one")
    parser.add_argument("--out", default=HERE)
    args = parser.parse_args()
    versions_ok = (torch.__version__.split("+")[0] == PINNED_TORCH
                   and torchvision.__version__.split("+")[0] == PINNED_TORCHVISION)
    if not versions_ok and not args.allow_other_torch:
        sys.exit(f"need torch {PINNED_TORCH} and torchvision {PINNED_TORCHVISION}, found {torch.__version__} and "
                 f"{torchvision.__version__} (--allow-other-torch to run anyway)")
    torch.set_num_threads(1)

    model = seeded_model()
    x = torch.randn(2, 3, 32, 32, generator=torch.Generator().manual_seed(SEED + 2))
    with torch.no_grad():
        logits = model(x)

    sensitivity = logits_varied(model, x)
    with torch.no_grad():
        assert torch.equal(model(x), logits)

    tensors, chunks, offset = [], [], 0

    def add(name: str, t: torch.Tensor) -> dict:
        nonlocal offset
        a = np.ascontiguousarray(t.detach().numpy().astype("<f4"))
        entry = {"name": name, "shape": list(a.shape), "offset": offset}
        chunks.append(a.tobytes())
        offset += a.nbytes
        return entry

    for name, t in model.state_dict().items():
        if name.endswith("num_batches_tracked"):
            continue
        tensors.append(add(name, t))
    manifest = {
        "schema": SCHEMA,
        "generator": "examples/port-pytorch-model/export_model.py",
        "versions": {
            "torch": torch.__version__,
            "torchvision": torchvision.__version__,
            "numpy": np.__version__,
            "python": platform.python_version(),
        },
        "seed": SEED,
        "model": "TinyPortNet",
        "repr": repr(model),
        "bin": "model.bin",
        "dtype": "float32",
        "byteOrder": "little",
        "weights": tensors,
        "input": add("input", x),
        "logits": add("logits", logits),
        "sensitivity": sensitivity,
    }
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "model.bin"), "wb") as f:
        f.write(b"".join(chunks))
    with open(os.path.join(args.out, "model.json"), "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")
    n_params = sum(int(np.prod(t["shape"])) for t in tensors)
    print(f"wrote model.json and model.bin ({offset} bytes, {n_params} weights) with torch {torch.__version__}, "
          f"torchvision {torchvision.__version__}")
    print("logits:", logits.numpy().round(6).tolist())
    for what, d in sensitivity.items():
        print(f"max |delta logits| if {what}: {d:.3g}")


if __name__ == "__main__":
    main()
