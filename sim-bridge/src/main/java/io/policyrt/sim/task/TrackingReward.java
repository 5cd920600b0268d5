package io.policyrt.sim.task;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Reward and termination of the path-tracking-with-obstacle task, the one definition that the
 * Python training environment ({@code policy-export/python/policyrt_sim/reward.py}) mirrors.
 *
 * <p>Per control tick, from the robot's true state at the tick (after the command left, before
 * physics advances):
 * <pre>
 *   r = -(1.4 e_y^2 + e_theta^2 + 16 e_v^2 + 0.2 v^2 + 0.5 w^2 + 20 max(0, 0.5 - c)^2) * (period / 0.2 s)
 *       - 100 [collision] - 100 [|e_y| &gt; 1.5 m]
 * </pre>
 * with e_y the lateral error [m], e_theta the heading error [rad], e_v = v - target speed [m/s],
 * v and w the body speed [m/s] and yaw rate [rad/s], and c the clearance between the robot's and
 * the obstacle's outlines [m] (+inf without obstacle). The tracking terms are GOPS
 * {@code pyth_mobilerobot}'s; they are scaled by period / 0.2 s because that environment steps every
 * 0.2 s and ours every 20 ms, so a second of tracking error costs the same. The clearance term makes
 * the obstacle matter before contact. An episode terminates on a collision, on leaving the
 * corridor (|e_y| &gt; {@link #CORRIDOR_HALF_WIDTH_M}), or on completing the path; the penalties are
 * large against the per-tick costs so that ending an episode early never pays.
 *
 * <p>The {@link Variant#YIELD yield} variant charges no speed error for being slower than the
 * target while the way is blocked ({@link #wayBlocked}): a moving obstacle less than
 * {@value #YIELD_AHEAD_M} m ahead whose outline is within the safe clearance of the lane the robot's
 * body sweeps. Being faster still costs, so racing ahead of a pedestrian never pays. Under the task's reward a
 * second at standstill costs about 20 return units and a detour round a crossing pedestrian about
 * 11, so the policies it trains swerve; with the exemption waiting for the pedestrian to pass costs
 * only the speed regained afterwards, and a policy may keep to its path instead. Step-in obstacles
 * stop moving, so they end the exemption and are still driven round.
 *
 * <p>The {@link Variant#YIELD_STEADY yield-steady} variant is the yield variant plus
 * {@value #SPEED_CHANGE_WEIGHT} |a| inside the tracking sum, with a the body's change of speed over
 * the last period divided by the period [m/s^2]. Over an episode that term is the total variation
 * of the body's speed, which follows the shaped speed command whose total variation per second the
 * evaluation's speed chatter (mean |dv/dt|) is. A smoothness term on the actor removes wiggles but
 * not a deliberate slowdown, which it only spreads over more ticks; policies trained with the yield
 * variant slow down and speed up round standing pedestrians more than the behaviour-cloned policy
 * does. At weight 1 a full stop and restart from 0.5 m/s costs 5 return units, against about 11
 * for a detour and 100 for a collision, so waiting for a crossing pedestrian still pays.
 */
public final class TrackingReward {
    /** GOPS pyth_mobilerobot's step [s]; per-tick costs are scaled by period / this. */
    public static final double REFERENCE_PERIOD_S = 0.2;
    public static final double LATERAL_WEIGHT = 1.4;
    public static final double HEADING_WEIGHT = 1.0;
    public static final double SPEED_ERROR_WEIGHT = 16.0;
    public static final double SPEED_WEIGHT = 0.2;
    public static final double YAW_RATE_WEIGHT = 0.5;
    public static final double CLEARANCE_WEIGHT = 20.0;
    /** Clearance below which the proximity cost starts [m]. */
    public static final double SAFE_CLEARANCE_M = 0.5;
    public static final double COLLISION_PENALTY = 100.0;
    public static final double CORRIDOR_PENALTY = 100.0;
    /** Largest |lateral error| before the episode ends as having left the corridor [m]. */
    public static final double CORRIDOR_HALF_WIDTH_M = 1.5;
    /** How far ahead a moving obstacle blocks the way in the yield variant [m]. */
    public static final double YIELD_AHEAD_M = 2.5;
    /** Cost per m/s^2 of the body's speed change, per reference period, in the yield-steady variant. */
    public static final double SPEED_CHANGE_WEIGHT = 1.0;

    /** Which reward a training run optimizes; the names are the Python mirror's and the golden files'. */
    public enum Variant {
        /** The task's reward. */
        TRACK("track", false, false),
        /** The task's reward without the cost of being slow while the way is blocked. */
        YIELD("yield", true, false),
        /** The yield variant plus a cost on every change of the body's speed. */
        YIELD_STEADY("yield-steady", true, true);

        private final String id;
        private final boolean yields;
        private final boolean chargesSpeedChange;

        Variant(String id, boolean yields, boolean chargesSpeedChange) {
            this.id = id;
            this.yields = yields;
            this.chargesSpeedChange = chargesSpeedChange;
        }

        public String id() {
            return id;
        }

        /** Whether being slow costs nothing while the way is blocked. */
        public boolean yields() {
            return yields;
        }

        /** Whether the body's acceleration is charged. */
        public boolean chargesSpeedChange() {
            return chargesSpeedChange;
        }

        public static Variant parse(String id) {
            for (Variant v : values()) {
                if (v.id.equals(id)) {
                    return v;
                }
            }
            throw new IllegalArgumentException("unknown reward variant '" + id + "' (allowed: "
                    + Arrays.stream(values()).map(Variant::id).collect(Collectors.joining(", ")) + ")");
        }
    }

    /** Why an episode terminated (the time limit is a truncation, not a termination). */
    public enum Termination { NONE, COLLISION, LEFT_CORRIDOR, COMPLETED }

    private TrackingReward() {
    }

    /**
     * One tick's reward; the order of operations is the Python mirror's. While {@code yielding}
     * (a yielding variant, the way blocked) being slower than the target speed costs nothing;
     * {@code chargedAccelerationMps2} is the body's acceleration where the variant charges it, else 0.
     */
    public static double reward(double periodS, double lateralErrorM, double headingErrorRad, double speedErrorMps,
                                double vMps, double wRadps, double clearanceM, boolean collided, boolean leftCorridor,
                                boolean yielding, double chargedAccelerationMps2) {
        double speedCost = yielding && speedErrorMps < 0 ? 0.0 : SPEED_ERROR_WEIGHT * speedErrorMps * speedErrorMps;
        double tracking = LATERAL_WEIGHT * lateralErrorM * lateralErrorM
                + HEADING_WEIGHT * headingErrorRad * headingErrorRad
                + speedCost
                + SPEED_WEIGHT * vMps * vMps
                + YAW_RATE_WEIGHT * wRadps * wRadps
                + SPEED_CHANGE_WEIGHT * Math.abs(chargedAccelerationMps2);
        double gap = SAFE_CLEARANCE_M - clearanceM;
        if (!(gap > 0)) {
            gap = 0;
        }
        double proximity = CLEARANCE_WEIGHT * gap * gap;
        double r = -(tracking + proximity) * (periodS / REFERENCE_PERIOD_S);
        if (collided) {
            r -= COLLISION_PENALTY;
        }
        if (leftCorridor) {
            r -= CORRIDOR_PENALTY;
        }
        return r;
    }

    /**
     * Whether a moving obstacle is in the robot's way: its centre less than {@link #YIELD_AHEAD_M}
     * ahead of the robot and its outline within {@link #SAFE_CLEARANCE_M} of the lane the robot's
     * body sweeps (robot frame, from the true poses).
     */
    public static boolean wayBlocked(double xM, double yM, double yawRad, double robotRadiusM, double obstacleXM,
                                     double obstacleYM, double obstacleVxMps, double obstacleVyMps, double obstacleRadiusM) {
        if (obstacleVxMps == 0 && obstacleVyMps == 0) {
            return false;
        }
        double dx = obstacleXM - xM;
        double dy = obstacleYM - yM;
        double c = Math.cos(yawRad);
        double s = Math.sin(yawRad);
        double ahead = c * dx + s * dy;
        double side = -s * dx + c * dy;
        return 0 < ahead && ahead < YIELD_AHEAD_M && Math.abs(side) < robotRadiusM + obstacleRadiusM + SAFE_CLEARANCE_M;
    }

    public static boolean leftCorridor(double lateralErrorM) {
        return Math.abs(lateralErrorM) > CORRIDOR_HALF_WIDTH_M;
    }

    /** The terminal outcome of a tick (precedence: collision, corridor, completion). */
    public static Termination termination(boolean collided, boolean leftCorridor, boolean completed) {
        if (collided) {
            return Termination.COLLISION;
        }
        if (leftCorridor) {
            return Termination.LEFT_CORRIDOR;
        }
        return completed ? Termination.COMPLETED : Termination.NONE;
    }
}
