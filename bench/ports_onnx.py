"""ONNX files of the torchvision ports for bench/ports_vs_ort.mjs (onnxruntime's side of the race).

    .venv/bin/python bench/ports_onnx.py [--models resnet18,squeezenet1_1] [--out .cache/bench/onnx]

The same torchvision models and formula weights as examples/torchvision/export.py (so onnxruntime's logits can be
checked against the ports'), exported by torch.onnx.export (TorchScript exporter, opset 17, batch 1, NCHW). Needs
`pip install onnx` next to torch: a benchmark tool only, never run by the tests or CI.
"""
import argparse
import os
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "examples", "torchvision"))
import export as ports  # noqa: E402  (examples/torchvision/export.py: MODELS, formula_values, input_values)


def formula_model(name: str) -> torch.nn.Module:
    _, build, _ = ports.MODELS[name]
    torch.manual_seed(0)
    model = build().eval()
    state, k = {}, 0
    for key, tensor in model.state_dict().items():
        if not tensor.is_floating_point():
            state[key] = tensor
            continue
        state[key] = torch.from_numpy(ports.formula_values(k, key, list(tensor.shape)).copy())
        k += 1
    model.load_state_dict(state)
    return model


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--models", default=",".join(ports.MODELS))
    parser.add_argument("--out", default=os.path.join(HERE, "..", ".cache", "bench", "onnx"))
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    for name in args.models.split(","):
        size = ports.MODELS[name][2]
        model = formula_model(name)
        x = torch.from_numpy(ports.input_values(size).copy())
        path = os.path.join(args.out, f"{name}.onnx")
        with torch.no_grad():
            torch.onnx.export(model, (x,), path, input_names=["x"], output_names=["y"], opset_version=17, dynamo=False)
        print(path)


if __name__ == "__main__":
    main()
