"""Environment speed: ``python3 -m policyrt_sim.bench [--steps N]`` steps TrackingEnv with a fixed
action over every path and encounter and prints steps per second (single process), by wall
clock and by CPU time."""
import argparse
import time

from .env import TrackingEnv
from .parity import ENCOUNTERS, SHAPES


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python3 -m policyrt_sim.bench")
    parser.add_argument("--steps", type=int, default=30000, help="steps in all (default: %(default)s)")
    args = parser.parse_args(argv)
    envs = [TrackingEnv(s, e, 0) for s in SHAPES for e in ENCOUNTERS]
    for env in envs:
        env.reset()  # builds and caches the paths outside the timing
    steps = 0
    resets = 0
    t0 = time.perf_counter()
    c0 = time.process_time()
    while steps < args.steps:
        env = envs[resets % len(envs)]
        obs = env.reset()
        resets += 1
        done = False
        while not done and steps < args.steps:
            obs, r, done, info = env.step((0.3, 0.05))
            steps += 1
    dt = time.perf_counter() - t0
    cpu = time.process_time() - c0
    # CPU time as well: on a shared machine the wall clock also counts other processes' turns.
    print("%d steps, %d episodes in %.2f s wall, %.2f s CPU: %.0f steps/s wall, %.0f steps/s CPU"
          % (steps, resets, dt, cpu, steps / dt, steps / cpu))


if __name__ == "__main__":
    main()
