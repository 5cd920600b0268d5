"""The actor of a PolicyRT .onnx file as a PyTorch module, with the spec from its metadata
(parsed by ``policyrt_sim.spec``, the runtime's rules).

The graph of an exported MLP actor is a chain of Gemm (or MatMul + Add) nodes and element-wise
activations. Its weights are copied into an ``nn.Sequential`` so that a Python node runs the very
same network in PyTorch. ``check_against`` compares it with outputs computed by ONNX Runtime.
"""
import json

import numpy as np
import onnx
import torch
from onnx import numpy_helper
from torch import nn

from policyrt_sim.spec import from_metadata

_ACTIVATIONS = {"Tanh": nn.Tanh, "Relu": nn.ReLU, "Sigmoid": nn.Sigmoid, "Identity": nn.Identity}


def to_physical(spec, action):
    """Maps the graph's output onto [low, high] (linearly from [-1, 1] when normalized) and clips it."""
    low = np.asarray(spec.action_low)
    high = np.asarray(spec.action_high)
    a = np.asarray(action, dtype=np.float64)
    if spec.action_normalized:
        a = low + (a + 1.0) * 0.5 * (high - low)
    return np.clip(a, low, high)


def to_normalized(spec, physical):
    """The inverse of to_physical: clips a physical action to [low, high] and maps it onto the graph's
    output ([-1, 1] when normalized, itself when not)."""
    low = np.asarray(spec.action_low)
    high = np.asarray(spec.action_high)
    a = np.clip(np.asarray(physical, dtype=np.float64), low, high)
    return 2.0 * (a - low) / (high - low) - 1.0 if spec.action_normalized else a


def _sequential(graph):
    """Rebuilds the graph's chain of layers as an nn.Sequential with the same weights."""
    weights = {t.name: numpy_helper.to_array(t) for t in graph.initializer}
    layers = []
    pending_matmul = None
    for node in graph.node:
        attrs = {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}
        if node.op_type == "Gemm":
            w = weights[node.input[1]]
            if attrs.get("transA", 0):
                raise ValueError("Gemm with transA is not an MLP layer")
            w = w if attrs.get("transB", 0) else w.T  # nn.Linear keeps [out, in]
            w = w * attrs.get("alpha", 1.0)
            b = weights[node.input[2]] * attrs.get("beta", 1.0) if len(node.input) > 2 else np.zeros(w.shape[0])
            layers.append(_linear(w, b))
        elif node.op_type == "MatMul":
            pending_matmul = weights[node.input[1]].T
        elif node.op_type == "Add" and pending_matmul is not None:
            layers.append(_linear(pending_matmul, weights[node.input[1]]))
            pending_matmul = None
        elif node.op_type in _ACTIVATIONS:
            layers.append(_ACTIVATIONS[node.op_type]())
        else:
            raise ValueError("unsupported node %s (%s): only MLP chains of Gemm/MatMul+Add and activations load"
                             % (node.name, node.op_type))
    if pending_matmul is not None:
        layers.append(_linear(pending_matmul, np.zeros(pending_matmul.shape[0])))
    return nn.Sequential(*layers)


def _linear(w, b):
    layer = nn.Linear(w.shape[1], w.shape[0])
    with torch.no_grad():
        layer.weight.copy_(torch.from_numpy(np.ascontiguousarray(w, dtype=np.float32)))
        layer.bias.copy_(torch.from_numpy(np.asarray(b, dtype=np.float32)))
    return layer


class OnnxActor:
    """A policy file's actor in PyTorch: ``act(observation) -> action`` (graph output, float32);
    ``spec`` is a ``policyrt_sim.spec.PolicySpec``."""

    def __init__(self, path):
        model = onnx.load(path)
        self.path = path
        self.spec = from_metadata({p.key: p.value for p in model.metadata_props})
        self.net = _sequential(model.graph).eval()

    def act(self, observation):
        with torch.no_grad():
            return self.net(torch.from_numpy(observation).reshape(1, -1)).numpy()[0]

    def check_against(self, reference_file, tolerance=1e-5):
        """Compares with ONNX Runtime's outputs in ``reference_file`` (JSON: observations, actions).

        Returns the largest absolute difference; raises ValueError when it exceeds ``tolerance``.
        """
        with open(reference_file) as f:
            ref = json.load(f)
        worst = 0.0
        for obs, expected in zip(ref["observations"], ref["actions"]):
            got = self.act(np.asarray(obs, dtype=np.float32))
            worst = max(worst, float(np.max(np.abs(got - np.asarray(expected, dtype=np.float32)))))
        if not worst <= tolerance:
            raise ValueError("PyTorch and ONNX Runtime disagree on %s: max |diff| %.3g > %.1g"
                             % (self.path, worst, tolerance))
        return worst
