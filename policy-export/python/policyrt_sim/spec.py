"""The policy spec the environment builds observations for: features, shift/scale/clip, action
bounds, control period, look-ahead and robot radius, parsed from the same ``policyrt.*`` metadata
map the runtime reads from an ONNX file (PolicySpecCodec)."""
import math
from dataclasses import dataclass

import numpy as np

# The behaviour-cloned policy's spec (policy-export/models/tracking-bc.onnx metadata, without provenance);
# the DSAC-T policy shares it except for its 0.1 s control period (dsact_tracking.task_metadata).
BUNDLED_METADATA = {
    "policyrt.spec_version": "1",
    "policyrt.task": "tracking-obstacle-v1",
    "policyrt.observation.features": "lateral_error_m,heading_error_rad,speed_error_mps,body_v_mps,body_w_radps,"
                                     "lookahead_x_m,lookahead_y_m,path_curvature_1pm,obstacle_rel_x_m,obstacle_rel_y_m,"
                                     "obstacle_rel_vx_mps,obstacle_rel_vy_mps,obstacle_clearance_m",
    "policyrt.observation.shift": "-0.018252961,-0.011545881,-0.0241021,0.4758979,0.08503609,0.7678497,0.061602153,"
                                  "0.12945013,3.6986437,0.2357533,-0.30642194,-0.009885952,5.533754",
    "policyrt.observation.scale": "5.936184,4.596011,13.594894,13.594894,3.5146778,9.729437,4.0519037,2.4746861,"
                                  "0.1837367,0.47649422,4.0324154,6.655167,0.28440213",
    "policyrt.observation.clip": "5.0,5.0,5.0,5.0,5.0,5.0,5.0,5.0,5.0,5.0,5.0,5.0,5.0",
    "policyrt.action.names": "v_mps,w_radps",
    "policyrt.action.low": "0.0,-1.5",
    "policyrt.action.high": "0.8,1.5",
    "policyrt.action.normalized": "true",
    "policyrt.control_period_s": "0.02",
    "policyrt.robot.radius_m": "0.3",
    "policyrt.observation.lookahead_m": "0.8",
}


@dataclass(frozen=True)
class PolicySpec:
    """What the environment needs of a policy spec. shift/scale/clip are float32 values held as
    float64 arrays, as Java widens its float fields before the double arithmetic."""
    features: tuple
    shift: np.ndarray
    scale: np.ndarray
    clip: np.ndarray
    action_names: tuple
    action_low: tuple
    action_high: tuple
    action_normalized: bool
    control_period_nanos: int
    robot_radius_m: float
    lookahead_m: float

    @property
    def obs_dim(self):
        return len(self.features)

    @property
    def act_dim(self):
        return len(self.action_names)

    @property
    def control_period_s(self):
        return self.control_period_nanos * 1e-9


def _floats32(md, key, n, default):
    if key not in md:
        return np.full(n, default, dtype=np.float32).astype(np.float64)
    values = [float(v) for v in md[key].split(",")]
    if len(values) == 1:
        values = values * n
    if len(values) != n:
        raise ValueError("%s has %d values, expected %d" % (key, len(values), n))
    return np.array(values, dtype=np.float32).astype(np.float64)


def from_metadata(md):
    """A spec from a ``policyrt.*`` metadata map (strings), with the runtime's defaults."""
    features = tuple(f.strip() for f in md["policyrt.observation.features"].split(","))
    n = len(features)
    actions = tuple(a.strip() for a in md["policyrt.action.names"].split(","))
    low = tuple(float(v) for v in md["policyrt.action.low"].split(","))
    high = tuple(float(v) for v in md["policyrt.action.high"].split(","))
    if len(actions) != 2 or len(low) != 2 or len(high) != 2:
        raise ValueError("a differential-drive policy has 2 actions (v_mps, w_radps), got %s" % (actions,))
    if not all(lo < hi for lo, hi in zip(low, high)):
        raise ValueError("action low must be below high, got %s, %s" % (low, high))
    clip = _floats32(md, "policyrt.observation.clip", n, math.inf)
    if not np.all(clip > 0):
        raise ValueError("observation clip must be > 0")
    period_s = float(md["policyrt.control_period_s"])
    if not 0 < period_s <= 10:
        raise ValueError("control period must be in (0, 10] s, got %r" % period_s)
    return PolicySpec(features, _floats32(md, "policyrt.observation.shift", n, 0.0),
                      _floats32(md, "policyrt.observation.scale", n, 1.0), clip, actions, low, high,
                      md["policyrt.action.normalized"].strip() == "true",
                      int(math.floor(period_s * 1e9 + 0.5)),
                      float(md.get("policyrt.robot.radius_m", "0.3")),
                      float(md.get("policyrt.observation.lookahead_m", "0.8")))


def from_onnx(path):
    """A spec from an ONNX file's metadata (needs the onnx package)."""
    import onnx
    model = onnx.load(path, load_external_data=False)
    return from_metadata({p.key: p.value for p in model.metadata_props})


BUNDLED = from_metadata(BUNDLED_METADATA)
