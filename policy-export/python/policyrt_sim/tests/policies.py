"""Fixed policies for tests; EvaluationParityTest has the same steering law in Java."""


def steer_to_lookahead():
    """v at 40 % of its range; w proportional to the look-ahead point's lateral offset and the lateral error."""
    def act(obs):
        w = 0.6 * float(obs[6]) - 0.2 * float(obs[0])
        return -0.2, max(-1.0, min(1.0, w))
    return act
