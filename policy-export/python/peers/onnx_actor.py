"""The actor of a PolicyRT .onnx file as a PyTorch module, with the spec from its metadata.

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

_ACTIVATIONS = {"Tanh": nn.Tanh, "Relu": nn.ReLU, "Sigmoid": nn.Sigmoid, "Identity": nn.Identity}


def _floats(text):
    return [float(v) for v in text.split(",")]


class PolicySpec:
    """The ``policyrt.*`` metadata of a policy file that a node needs to run it."""

    def __init__(self, metadata):
        self.features = metadata["policyrt.observation.features"].split(",")
        n = len(self.features)
        self.shift = self._per_feature(metadata.get("policyrt.observation.shift"), 0.0, n)
        self.scale = self._per_feature(metadata.get("policyrt.observation.scale"), 1.0, n)
        self.clip = self._per_feature(metadata.get("policyrt.observation.clip"), np.inf, n)
        self.lookahead_m = float(metadata.get("policyrt.observation.lookahead_m", 0.8))
        self.robot_radius_m = float(metadata.get("policyrt.robot.radius_m", 0.3))
        self.action_names = metadata["policyrt.action.names"].split(",")
        self.action_low = np.array(_floats(metadata["policyrt.action.low"]))
        self.action_high = np.array(_floats(metadata["policyrt.action.high"]))
        self.action_normalized = metadata.get("policyrt.action.normalized", "false") == "true"
        self.control_period_s = float(metadata["policyrt.control_period_s"])

    @staticmethod
    def _per_feature(text, default, n):
        if text is None:
            return np.full(n, default, dtype=np.float32)
        values = _floats(text)
        return np.array(values * n if len(values) == 1 else values, dtype=np.float32)

    def to_physical(self, action):
        """Maps the graph's output onto [low, high] (linearly from [-1, 1] when normalized) and clips."""
        a = np.asarray(action, dtype=np.float64)
        if self.action_normalized:
            a = self.action_low + (a + 1.0) * 0.5 * (self.action_high - self.action_low)
        return np.clip(a, self.action_low, self.action_high)


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
    """A policy file's actor in PyTorch: ``act(observation) -> action`` (graph output, float32)."""

    def __init__(self, path):
        model = onnx.load(path)
        self.path = path
        self.spec = PolicySpec({p.key: p.value for p in model.metadata_props})
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
