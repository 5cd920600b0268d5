"""A tiny seeded environment for trainer tests: drive a point in the plane to the origin.

Observation [x, y, steps_left / horizon]; action [vx, vy] in [-1, 1], moving the point by
0.2 * action per step; reward -(x^2 + y^2); the episode terminates when the point leaves the
square |x|, |y| <= 3 and is truncated after ``horizon`` steps; success when it ends within 0.3 m
of the origin.
"""

import numpy as np

HORIZON = 20


class PointToOrigin:
    version = "toy-1"
    action_dim = 2

    def __init__(self, seed=0, horizon=HORIZON):
        self.rng = np.random.default_rng(seed)
        self.horizon = horizon
        self.pos = np.zeros(2)
        self.t = 0

    def _obs(self):
        return np.array([self.pos[0], self.pos[1], (self.horizon - self.t) / self.horizon])

    def reset(self, seed=None):
        if seed is not None:
            self.rng = np.random.default_rng(seed)
        self.pos = self.rng.uniform(-2.0, 2.0, 2)
        self.t = 0
        return self._obs(), {}

    def step(self, action):
        action = np.clip(np.asarray(action, dtype=np.float64), -1.0, 1.0)
        self.pos = self.pos + 0.2 * action
        self.t += 1
        reward = -float(self.pos @ self.pos)
        terminated = bool(np.abs(self.pos).max() > 3.0)
        truncated = self.t >= self.horizon and not terminated
        info = {"success": bool(np.hypot(*self.pos) < 0.3)} if terminated or truncated else {}
        return self._obs(), reward, terminated, truncated, info

    def state_dict(self):
        return {"rng": self.rng.bit_generator.state, "pos": self.pos.copy(), "t": self.t}

    def load_state_dict(self, state):
        self.rng.bit_generator.state = state["rng"]
        self.pos, self.t = state["pos"].copy(), state["t"]


def make(seed, **kwargs):
    return PointToOrigin(seed=seed, **kwargs)
