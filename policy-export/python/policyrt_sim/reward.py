"""Reward and termination of the tracking task, mirrored from io.policyrt.sim.task.TrackingReward
(the Java class is the definition; keep the constants and the order of operations identical)."""
import math

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
# The yield variant (TrackingReward.Variant.YIELD): no cost for being slow while a moving obstacle is in the way.
YIELD_AHEAD_M = 2.5
# The yield-steady variant (TrackingReward.Variant.YIELD_STEADY): the yield variant plus this weight times the
# body's |acceleration| [m/s^2], so that an episode's speed changes cost their total variation.
SPEED_CHANGE_WEIGHT = 1.0

# Reward variants (TrackingReward.Variant), by the name training configurations and golden files use.
TRACK = "track"
YIELD = "yield"
YIELD_STEADY = "yield-steady"
VARIANTS = (TRACK, YIELD, YIELD_STEADY)

# Termination kinds (TrackingReward.Termination).
COLLISION = "COLLISION"
LEFT_CORRIDOR = "LEFT_CORRIDOR"
COMPLETED = "COMPLETED"


def check_variant(variant):
    if variant not in VARIANTS:
        raise ValueError("unknown reward variant %r (allowed: %s)" % (variant, ", ".join(VARIANTS)))
    return variant


def yields(variant):
    """Whether the variant lets the robot be slow while the way is blocked (TrackingReward.Variant.yields)."""
    return variant in (YIELD, YIELD_STEADY)


def charges_speed_change(variant):
    """Whether the variant charges the body's acceleration (TrackingReward.Variant.chargesSpeedChange)."""
    return variant == YIELD_STEADY


def reward(period_s, lateral_error_m, heading_error_rad, speed_error_mps, v_mps, w_radps, clearance_m,
           collided, left_corridor, yielding=False, charged_acceleration_mps2=0.0):
    """One tick's reward (see TrackingReward.reward for the formula and the reasons); while yielding
    (a yielding variant, the way blocked) being slower than the target speed costs nothing;
    ``charged_acceleration_mps2`` is the body's acceleration where the variant charges it, else 0."""
    speed_cost = 0.0 if yielding and speed_error_mps < 0 else SPEED_ERROR_WEIGHT * speed_error_mps * speed_error_mps
    tracking = (LATERAL_WEIGHT * lateral_error_m * lateral_error_m
                + HEADING_WEIGHT * heading_error_rad * heading_error_rad
                + speed_cost
                + SPEED_WEIGHT * v_mps * v_mps
                + YAW_RATE_WEIGHT * w_radps * w_radps
                + SPEED_CHANGE_WEIGHT * abs(charged_acceleration_mps2))
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


def way_blocked(x_m, y_m, yaw_rad, robot_radius_m, obstacle_x_m, obstacle_y_m, obstacle_vx_mps, obstacle_vy_mps,
                obstacle_radius_m):
    """Whether a moving obstacle is in the robot's way (TrackingReward.wayBlocked): its centre less than
    YIELD_AHEAD_M ahead and its outline within SAFE_CLEARANCE_M of the lane the robot's body sweeps."""
    if obstacle_vx_mps == 0 and obstacle_vy_mps == 0:
        return False
    dx = obstacle_x_m - x_m
    dy = obstacle_y_m - y_m
    c = math.cos(yaw_rad)
    s = math.sin(yaw_rad)
    ahead = c * dx + s * dy
    side = -s * dx + c * dy
    return 0 < ahead < YIELD_AHEAD_M and abs(side) < robot_radius_m + obstacle_radius_m + SAFE_CLEARANCE_M


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
