"""A Python mirror of PolicyRT's lock-step tracking simulation, for training (numpy only)."""
from .env import TrackingEnv
from .randomization import Randomization, Ranges
from .robot import RobotParams, SensorNoise
from .spec import BUNDLED, PolicySpec, from_metadata, from_onnx

__all__ = ["TrackingEnv", "Randomization", "Ranges", "RobotParams", "SensorNoise", "BUNDLED", "PolicySpec", "from_metadata", "from_onnx"]
