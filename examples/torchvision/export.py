#!/usr/bin/env python3
"""Run five torchvision architectures in real PyTorch with formula weights and record what the tfjs ports need.

No weights are shipped: the weights are a function of (k, j) -- the k-th floating-point state_dict entry, its j-th
element in row-major order -- that kit/weights.mjs computes bit for bit the same way (see `formula_values`). So a
fixture holds only what PyTorch computed and what the JS side must reproduce:

  fixtures/<model>.json
    versions            torch / torchvision / python / numpy that ran
    constructor         the torchvision call, e.g. "googlenet(aux_logits=False, init_weights=False)"
    input               shape [1, 3, S, S], the formula and the sha256 of its float32 little-endian bytes
    state_dict          [name, shape, sha256 prefix (16 hex) of that entry's float32 bytes] for every
                        floating-point entry, in state_dict order (the order the JS module tree must walk)
    skipped             the integer entries (num_batches_tracked) the formula skips
    weights_sha256      sha256 of every formula value of the model, entries concatenated in order
    logits              PyTorch's 1000 logits (float32, written as exact decimals of the float32 values)
    top5                their top-5 classes, largest first
    float32_error       max |float32 logits - float64 logits|: PyTorch's own float32 error on this model and
                        input (the same model and input in float64), to which the ports' tolerance is tied
                        (MODEL_LOGITS in test/support/tolerances.ts)
With --safetensors DIR it also writes DIR/<model>.safetensors, the formula state_dict as PyTorch saves it
(safetensors.torch.save_file(model.state_dict(), ...)), which run.mjs --weights reads.

The input, like the weights, is a formula both sides compute (`input_values`): element j of the flattened
[1, 3, S, S] tensor is 2u - 1 for the key k = 2**32 - 1 (a key no state_dict entry reaches).

Usage (pinned: exits on any other torch / torchvision):
  .venv/bin/python examples/torchvision/export.py [--models resnet18,googlenet,...] [--safetensors DIR]
NEVER edit the fixtures by hand; change this script and run it again.
"""

import argparse
import copy
import hashlib
import json
import os
import platform
import sys

import numpy as np
import torch
import torchvision
from torchvision import models

SCHEMA = 1
PINNED_TORCH = "2.15.0"
PINNED_TORCHVISION = "0.29.2"
HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "fixtures")
INPUT_KEY = 2**32 - 1
MASK = 0xFFFFFFFF

# name -> (constructor text, builder, input size). eval mode, no pretrained weights.
MODELS = {
    "resnet18": ("resnet18()", lambda: models.resnet18(), 224),
    "googlenet": (
        "googlenet(aux_logits=False, init_weights=False)",
        lambda: models.googlenet(aux_logits=False, init_weights=False),
        224,
    ),
    "squeezenet1_1": ("squeezenet1_1()", lambda: models.squeezenet1_1(), 224),
    "densenet121": ("densenet121()", lambda: models.densenet121(), 224),
    "inception_v3": (
        "inception_v3(aux_logits=False, init_weights=False)",
        lambda: models.inception_v3(aux_logits=False, init_weights=False),
        299,
    ),
}

FORMULA = (
    "k-th floating-point state_dict entry (integer entries skipped), element j row-major: "
    "h = (k*0x9E3779B9 + j) mod 2^32; h ^= h>>16; h = h*0x85EBCA6B mod 2^32; h ^= h>>13; "
    "h = h*0xC2B2AE35 mod 2^32; h ^= h>>16; u = (h>>8)/2^24; v = 2u-1; in float64, rounded once to float32: "
    "rank>=2: v*sqrt(3/fan_in), fan_in = n/shape[0]; *running_var: 1+0.5u; *running_mean, *bias: 0.1v; "
    "other rank 1: 1+0.1v"
)
INPUT_FORMULA = "x.flatten()[j] = 2u-1 (exact in float32), u as in the weight formula with k = 2^32-1"


def hash_u(k: int, n: int) -> np.ndarray:
    """u = (murmur3_fmix32((k * 0x9E3779B9 + j) mod 2^32) >> 8) / 2^24 for j = 0 .. n-1, exactly, as float64."""
    h = (np.arange(n, dtype=np.uint64) + np.uint64((k * 0x9E3779B9) & MASK)) & np.uint64(MASK)
    h ^= h >> np.uint64(16)
    h = (h * np.uint64(0x85EBCA6B)) & np.uint64(MASK)  # h < 2^32: the uint64 product is exact mod 2^64
    h ^= h >> np.uint64(13)
    h = (h * np.uint64(0xC2B2AE35)) & np.uint64(MASK)
    h ^= h >> np.uint64(16)
    return (h >> np.uint64(8)).astype(np.float64) / float(2**24)


def formula_values(k: int, name: str, shape) -> np.ndarray:
    """The k-th entry's float32 values (float64 arithmetic, one rounding), in row-major order."""
    n = int(np.prod(shape, dtype=np.int64)) if len(shape) else 1
    u = hash_u(k, n)
    v = 2.0 * u - 1.0
    if len(shape) >= 2:
        fan_in = n // shape[0]
        values = v * np.sqrt(3.0 / fan_in)
    elif name.endswith("running_var"):
        values = 1.0 + 0.5 * u
    elif name.endswith("running_mean") or name.endswith("bias"):
        values = 0.1 * v
    else:
        values = 1.0 + 0.1 * v
    return values.astype(np.float32).reshape(shape)


def input_values(size: int) -> np.ndarray:
    return (2.0 * hash_u(INPUT_KEY, 3 * size * size) - 1.0).astype(np.float32).reshape(1, 3, size, size)


def le_bytes(a: np.ndarray) -> bytes:
    return np.ascontiguousarray(a, dtype="<f4").tobytes()


def export(name: str, safetensors_dir=None) -> dict:
    constructor, build, size = MODELS[name]
    torch.manual_seed(0)  # only the default init, which the formula overwrites, draws from it
    model = build().eval()
    state = model.state_dict()
    entries, skipped, new_state = [], [], {}
    digest = hashlib.sha256()
    k = 0
    for key, tensor in state.items():
        if not tensor.is_floating_point():
            skipped.append(key)
            new_state[key] = tensor
            continue
        shape = list(tensor.shape)
        values = formula_values(k, key, shape)
        k += 1
        data = le_bytes(values)
        digest.update(data)
        entries.append([key, shape, hashlib.sha256(data).hexdigest()[:16]])
        new_state[key] = torch.from_numpy(values.copy())
    model.load_state_dict(new_state)

    x = input_values(size)
    with torch.no_grad():
        logits = model(torch.from_numpy(x.copy()))
        logits64 = copy.deepcopy(model).double()(torch.from_numpy(x.copy()).double())
    float32_error = float((logits.double() - logits64).abs().max())
    if safetensors_dir is not None:
        from safetensors.torch import save_file
        os.makedirs(safetensors_dir, exist_ok=True)
        save_file(model.state_dict(), os.path.join(safetensors_dir, f"{name}.safetensors"), metadata={"format": "pt"})
    logits = logits.numpy().astype(np.float32).reshape(-1)
    assert np.all(np.isfinite(logits)), f"{name}: non-finite logits"
    top5 = [int(i) for i in np.argsort(-logits.astype(np.float64), kind="stable")[:5]]
    return {
        "schema": SCHEMA,
        "generator": "examples/torchvision/export.py",
        "versions": {
            "torch": torch.__version__,
            "torchvision": torchvision.__version__,
            "numpy": np.__version__,
            "python": platform.python_version(),
        },
        "model": name,
        "constructor": f"torchvision.models.{constructor}.eval()",
        "weight_formula": FORMULA,
        "input": {
            "shape": [1, 3, size, size],
            "formula": INPUT_FORMULA,
            "sha256": hashlib.sha256(le_bytes(x)).hexdigest(),
        },
        "state_dict": entries,
        "skipped": skipped,
        "weights_sha256": digest.hexdigest(),
        "weight_count": int(sum(int(np.prod(s, dtype=np.int64)) for _, s, _ in entries)),
        "max_abs_logit": float(np.max(np.abs(logits))),
        "float32_error": float32_error,
        "top5": top5,
        "logits": [float(v) for v in logits],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--models", default=",".join(MODELS), help="comma-separated subset of " + ",".join(MODELS))
    parser.add_argument("--safetensors", metavar="DIR", help="also write DIR/<model>.safetensors (the state_dict)")
    args = parser.parse_args()
    if torch.__version__.split("+")[0] != PINNED_TORCH or torchvision.__version__.split("+")[0] != PINNED_TORCHVISION:
        sys.exit(
            f"pinned to torch {PINNED_TORCH} + torchvision {PINNED_TORCHVISION}, found torch {torch.__version__} "
            f"+ torchvision {torchvision.__version__}"
        )
    torch.set_num_threads(1)  # one summation order, whatever the machine
    os.makedirs(FIXTURES, exist_ok=True)
    for name in args.models.split(","):
        fixture = export(name, args.safetensors)
        path = os.path.join(FIXTURES, f"{name}.json")
        with open(path, "w") as f:
            json.dump(fixture, f, separators=(",", ":"))
            f.write("\n")
        print(
            f"{name}: {len(fixture['state_dict'])} float entries, {fixture['weight_count']} values, "
            f"max |logit| {fixture['max_abs_logit']:.4f}, float32 error {fixture['float32_error']:.3g}, "
            f"top-5 {fixture['top5']} -> {os.path.relpath(path)}"
        )


if __name__ == "__main__":
    main()
