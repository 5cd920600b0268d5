"""SimRandom: the simulator's SplitMix64 + Box-Muller generator, bit for bit as in Java."""
import math

_MASK = 0xFFFFFFFFFFFFFFFF
_GOLDEN = 0x9E3779B97F4A7C15
_MIX1 = 0xBF58476D1CE4E5B9
_MIX2 = 0x94D049BB133111EB
_TWO_PI = 2.0 * math.pi
_2_POW_M53 = 2.0 ** -53


class SimRandom:
    """Deterministic random numbers; the same seed gives Java's io.policyrt.sim.SimRandom stream."""

    __slots__ = ("_state",)

    def __init__(self, seed):
        # Java longs are two's complement: keep the same 64 bits as an unsigned Python int.
        self._state = seed & _MASK

    def next_long_bits(self):
        """Next 64 random bits as an unsigned int (Java's nextLong, reinterpreted)."""
        self._state = (self._state + _GOLDEN) & _MASK
        z = self._state
        z = ((z ^ (z >> 30)) * _MIX1) & _MASK
        z = ((z ^ (z >> 27)) * _MIX2) & _MASK
        return z ^ (z >> 31)

    def next_double(self):
        """Uniform in [0, 1) with 53 bits."""
        return (self.next_long_bits() >> 11) * _2_POW_M53

    def uniform(self, lo, hi):
        """Uniform in [lo, hi)."""
        return lo + (hi - lo) * self.next_double()

    def next_gaussian(self):
        """Standard normal by Box-Muller; two uniforms per call, the second value is not cached."""
        u1 = 1.0 - self.next_double()
        u2 = self.next_double()
        return math.sqrt(-2.0 * math.log(u1)) * math.cos(_TWO_PI * u2)
