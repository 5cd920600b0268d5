package io.policyrt.controller.loop;

import static io.policyrt.controller.testing.ControlTickFixture.ms;
import static org.assertj.core.api.Assertions.assertThat;

import io.policyrt.controller.domain.ObstacleTrack;
import io.policyrt.controller.policy.PolicySpec;
import io.policyrt.controller.safety.StopReason;
import io.policyrt.controller.testing.ControlTickFixture;
import io.policyrt.controller.testing.SentCommand;
import io.policyrt.controller.testing.TestSpecs;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whatever the policy and the sensors say, every command that leaves is finite and inside the
 * configured limits, and every stop is an exact zero. Thousands of ticks of random, NaN, infinite
 * and huge actions and sensor values, random stamps and clock steps, e-stops and policy failures.
 */
class ControlTickCommandBoundsTest {
    private static final int TICKS = 5_000;
    private static final double EPS = 1e-9;

    static Stream<Arguments> runs() {
        return Stream.of(1L, 2L, 3L, 4L).flatMap(seed -> Stream.of(Arguments.of(seed, true), Arguments.of(seed, false)));
    }

    /** Mostly a plausible value in [lo, hi]; sometimes NaN, an infinity, or something huge. */
    private static double wild(Random r, double lo, double hi) {
        double p = r.nextDouble();
        if (p < 0.70) {
            return lo + (hi - lo) * r.nextDouble();
        } else if (p < 0.78) {
            return Double.NaN;
        } else if (p < 0.83) {
            return Double.POSITIVE_INFINITY;
        } else if (p < 0.88) {
            return Double.NEGATIVE_INFINITY;
        } else if (p < 0.94) {
            return r.nextBoolean() ? 1e300 : -1e300;
        }
        return r.nextBoolean() ? 1e30 : -1e30;
    }

    /** A sensor field: usually plausible, 5 % of the time wild. */
    private static double field(Random r, double lo, double hi) {
        return r.nextDouble() < 0.05 ? wild(r, lo, hi) : lo + (hi - lo) * r.nextDouble();
    }

    private static long stamp(Random r, long now) {
        double p = r.nextDouble();
        if (p < 0.8) {
            return now;
        } else if (p < 0.9) {
            return now - (long) (r.nextDouble() * ms(300));
        }
        return now + (long) (r.nextDouble() * ms(200));
    }

    private static void publishRandomPath(ControlTickFixture f, Random r) {
        int n = 2 + r.nextInt(49);
        double[] xs = new double[n];
        double[] ys = new double[n];
        for (int i = 0; i < n; i++) {
            xs[i] = -10 + 20 * r.nextDouble();
            ys[i] = -10 + 20 * r.nextDouble();
        }
        f.publishPath(xs, ys, n, r.nextDouble() < 0.05 ? 1e300 : -2 + 4 * r.nextDouble());
    }

    @ParameterizedTest(name = "seed {0}, normalized actions {1}")
    @MethodSource("runs")
    void every_command_that_leaves_is_finite_and_within_the_limits(long seed, boolean normalized) {
        PolicySpec spec = normalized ? TestSpecs.tracking() : TestSpecs.trackingPhysicalActions();
        ControlTickFixture f = ControlTickFixture.builder().spec(spec).build();
        Random r = new Random(seed);
        double actionRange = normalized ? 1.5 : 3.0;
        f.policy.respondingWith((obs, action) -> {
            if (r.nextDouble() < 0.03) {
                throw new IllegalStateException("random policy failure");
            }
            for (int j = 0; j < action.length; j++) {
                action[j] = (float) wild(r, -actionRange, actionRange);
            }
        });
        publishRandomPath(f, r);
        Map<StopReason, Integer> seen = new EnumMap<>(StopReason.class);
        double x = 0;
        double y = 0;

        for (int k = 0; k < TICKS; k++) {
            double step = r.nextDouble();
            f.manualClock().advance(step < 0.8 ? ms(20) : step < 0.9 ? (long) (r.nextDouble() * ms(5))
                    : step < 0.95 ? ms(100) + (long) (r.nextDouble() * ms(200)) : ms(1000) + (long) (r.nextDouble() * ms(2000)));
            long now = f.now();
            if (r.nextDouble() < 0.85) {
                x = Math.max(-8, Math.min(8, x + 0.1 * r.nextGaussian()));
                y = Math.max(-8, Math.min(8, y + 0.1 * r.nextGaussian()));
                f.publishOdometryStamped(stamp(r, now), field(r, x, x), field(r, y, y), field(r, -4, 4), field(r, -1, 1),
                        field(r, -2, 2));
            }
            if (r.nextDouble() < 0.02) {
                publishRandomPath(f, r);
            }
            if (r.nextDouble() < 0.30) {
                f.publishObstacleStamped(stamp(r, now), r.nextBoolean() ? ObstacleTrack.Frame.WORLD : ObstacleTrack.Frame.ROBOT,
                        field(r, -10, 10), field(r, -10, 10), field(r, -2, 2), field(r, -2, 2), field(r, 0, 1));
            }
            double e = r.nextDouble();
            if (e < 0.003) {
                f.publishEStop(stamp(r, now), true);
            } else if (e < 0.023) {
                f.publishEStop(stamp(r, now), false);
            } else if (e < 0.024) {
                f.publishEStop(stamp(r, now), true, "remote"); // another source: only its own release clears it
            } else if (e < 0.029) {
                f.publishEStop(stamp(r, now), false, "remote");
            } else if (e < 0.030) {
                f.refuseEStop("remote"); // a malformed e-stop message engages
            }

            f.tick.run(r.nextDouble() < 0.02, false);
            SentCommand c = f.sink.last();

            String at = "tick " + k + " (seed " + seed + "): " + c;
            assertThat(c.isFinite()).as(at).isTrue();
            assertThat(Math.abs(c.vMps())).as(at).isLessThanOrEqualTo(ControlTickFixture.MAX_V_MPS + EPS);
            assertThat(Math.abs(c.wRadps())).as(at).isLessThanOrEqualTo(ControlTickFixture.MAX_W_RADPS + EPS);
            assertThat(Math.abs(c.leftRadps())).as(at).isLessThanOrEqualTo(ControlTickFixture.MAX_WHEEL_RADPS + EPS);
            assertThat(Math.abs(c.rightRadps())).as(at).isLessThanOrEqualTo(ControlTickFixture.MAX_WHEEL_RADPS + EPS);
            assertThat(c.vMps()).as(at).isBetween(TestSpecs.V_LOW_MPS - EPS, TestSpecs.V_HIGH_MPS + EPS);
            assertThat(c.stampNanos()).as(at).isEqualTo(now);
            if (c.reason() != StopReason.NONE) {
                assertThat(c.isZero()).as(at).isTrue();
            }
            seen.merge(c.reason(), 1, Integer::sum);
        }

        // Not vacuous: the robot drove a good part of the time, and many kinds of stop happened.
        assertThat(seen.getOrDefault(StopReason.NONE, 0)).as("reasons seen: %s", seen).isGreaterThan(TICKS / 10);
        assertThat(seen.keySet()).as("reasons seen: %s", seen).contains(StopReason.ESTOP, StopReason.STALE_ODOMETRY,
                StopReason.FUTURE_STAMP, StopReason.NON_FINITE_OBSERVATION, StopReason.NON_FINITE_ACTION,
                StopReason.POLICY_FAILURE, StopReason.TRIGGER_TIMEOUT);
    }
}
