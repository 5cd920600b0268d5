"""Reward and termination of the tracking task, mirrored from io.policyrt.sim.task.TrackingReward
(the Java class is the definition; keep the constants and the order of operations identical)."""

REFERENCE_PERIOD_S = 0.2       # GOPS pyth_mobilerobot's step; per-tick costs are scaled by period / this
LATERAL_WEIGHT = 1.4
HEADING_WEIGHT = 1.0
SPEED_ERROR_WEIGHT = 16.0
SPEED_WEIGHT = 0.2
YAW_RATE_WEIGHT = 0.5
CLEARANCE_WEIGHT = 20.0
SAFE_CLEARANCE_M = 0.5
COLLISION_PENALTY = 100.0
CORRIDOR_PENALTY = 100.0
CORRIDOR_HALF_WIDTH_M = 1.5

# Termination kinds (TrackingReward.Termination).
COLLISION = "COLLISION"
LEFT_CORRIDOR = "LEFT_CORRIDOR"
COMPLETED = "COMPLETED"


def reward(period_s, lateral_error_m, heading_error_rad, speed_error_mps, v_mps, w_radps, clearance_m,
           collided, left_corridor):
    """One tick's reward (see TrackingReward.reward for the formula and the reasons)."""
    tracking = (LATERAL_WEIGHT * lateral_error_m * lateral_error_m
                + HEADING_WEIGHT * heading_error_rad * heading_error_rad
                + SPEED_ERROR_WEIGHT * speed_error_mps * speed_error_mps
                + SPEED_WEIGHT * v_mps * v_mps
                + YAW_RATE_WEIGHT * w_radps * w_radps)
    gap = SAFE_CLEARANCE_M - clearance_m
    if not gap > 0:
        gap = 0.0
    proximity = CLEARANCE_WEIGHT * gap * gap
    r = -(tracking + proximity) * (period_s / REFERENCE_PERIOD_S)
    if collided:
        r -= COLLISION_PENALTY
    if left_corridor:
        r -= CORRIDOR_PENALTY
    return r


def left_corridor(lateral_error_m):
    return abs(lateral_error_m) > CORRIDOR_HALF_WIDTH_M


def termination(collided, left_corridor_now, completed):
    """The terminal outcome of a tick, or None (precedence: collision, corridor, completion)."""
    if collided:
        return COLLISION
    if left_corridor_now:
        return LEFT_CORRIDOR
    if completed:
        return COMPLETED
    return None
