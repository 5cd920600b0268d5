"""Baseline nodes that run a PolicyRT policy without PolicyRT, for the latency harness in benchmarks."""
