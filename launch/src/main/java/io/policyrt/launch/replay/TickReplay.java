package io.policyrt.launch.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.policyrt.controller.action.ActionPipeline;
import io.policyrt.controller.action.DiffDriveKinematics;
import io.policyrt.controller.action.DriveConfig;
import io.policyrt.controller.action.SpeedLimiter;
import io.policyrt.controller.domain.VelocityCommand;
import io.policyrt.controller.domain.WheelCommand;
import io.policyrt.controller.policy.Policy;
import io.policyrt.controller.policy.PolicySpec;
import io.policyrt.controller.safety.SafetyGovernor;
import io.policyrt.controller.safety.SafetyLimits;
import io.policyrt.controller.safety.StopReason;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Runs recorded ticks ({@code /policyrt/tick} JSON) through a policy in lock-step, on the recorded
 * clock, and compares what comes out with what the recording says left.
 *
 * <p>Each tick's observation is rebuilt from the recorded inputs (odometry, obstacle report and the
 * path's points) through the controller's own observation builder when the recording holds its
 * paths ({@link ObservationRebuild}); the rebuilt raw features are compared with the recorded ones.
 * Recordings without a path channel start from the recorded raw features instead, normalized with
 * the replayed policy's shift, scale and clip exactly as the observation builder does. The replay
 * then runs the policy, shapes the action through the action pipeline with the drive's limits at the recorded
 * command stamps, and passes the governor's output gate. The input gate's decision (stale or
 * missing inputs, e-stop, path complete, shutdown) is taken from the recording: it depends on
 * the inputs alone, which the replay does not change.
 */
public final class TickReplay {
    /** Largest step the rate limiters integrate over [s], as in the control tick. */
    private static final double MAX_LIMITER_DT_S = 0.1;
    /** Reasons the output gate decides (everything else is the input gate's and is taken from the recording). */
    private static final Set<StopReason> OUTPUT_REASONS = EnumSet.of(StopReason.NONE, StopReason.NON_FINITE_OBSERVATION,
            StopReason.POLICY_FAILURE, StopReason.NON_FINITE_ACTION, StopReason.COMMAND_OUT_OF_LIMITS);
    /** The command's quantities compared, in the tick JSON's names. */
    public static final List<String> COMMAND_NAMES = List.of("v_mps", "w_radps", "left_radps", "right_radps");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Policy policy;
    private final PolicySpec spec;
    private final List<String> recordedFeatures;
    private final ActionPipeline pipeline;
    private final SafetyGovernor governor;
    private final float[] observation;
    private final float[] action;
    private final VelocityCommand velocity = new VelocityCommand();
    private final WheelCommand wheels = new WheelCommand();
    private final List<ReplayedTick> ticks = new ArrayList<>();
    private long lastCommandNanos = Long.MIN_VALUE;
    private long firstControllerNanos = Long.MIN_VALUE;
    /** Rebuilds the observation from the inputs, or null: start from the recorded raw features. */
    private final ObservationRebuild rebuild;
    private final double[] rebuiltRaw;

    /**
     * @param policy           the policy to replay through; its features must be {@code recordedFeatures}
     * @param recordedFeatures the recording's feature names, in its order
     * @param drive            the drive's limits and kinematics (the recording's configuration)
     */
    public TickReplay(Policy policy, List<String> recordedFeatures, DriveConfig drive) {
        this(policy, recordedFeatures, drive, null);
    }

    /**
     * @param rebuild rebuilds each tick's observation from its recorded inputs; null: start from the recorded raw features
     */
    public TickReplay(Policy policy, List<String> recordedFeatures, DriveConfig drive, ObservationRebuild rebuild) {
        this.rebuild = rebuild;
        this.rebuiltRaw = new double[recordedFeatures.size()];
        this.policy = policy;
        this.spec = policy.spec();
        this.recordedFeatures = List.copyOf(recordedFeatures);
        ActionPipeline.check(spec);
        SpeedLimiter linear = new SpeedLimiter(spec.actionLow(0), spec.actionHigh(0), drive.linearAccelMps2(),
                drive.linearDecelMps2(), drive.linearJerkMps3());
        SpeedLimiter angular = new SpeedLimiter(spec.actionLow(1), spec.actionHigh(1), drive.angularAccelRadps2(),
                drive.angularDecelRadps2(), drive.angularJerkRadps3());
        DiffDriveKinematics kinematics = drive.kinematics();
        this.pipeline = new ActionPipeline(spec, linear, angular, kinematics);
        double vMax = Math.max(Math.abs(spec.actionLow(0)), Math.abs(spec.actionHigh(0)));
        double wMax = Math.max(Math.abs(spec.actionLow(1)), Math.abs(spec.actionHigh(1)));
        this.governor = new SafetyGovernor(SafetyLimits.defaultsFor(spec.controlPeriodNanos()), vMax, wMax, drive.maxWheelRadps());
        this.observation = new float[spec.observationSize()];
        this.action = new float[spec.actionSize()];
    }

    /** Replays one tick message (its JSON bytes), in recording order. */
    public ReplayedTick replay(byte[] tickJson) throws IOException {
        return replay(JSON.readTree(tickJson));
    }

    /** Replays one tick, in recording order. */
    public ReplayedTick replay(JsonNode t) {
        int nf = recordedFeatures.size();
        int na = spec.actionSize();
        ReplayedTick r = new ReplayedTick(nf, na, COMMAND_NAMES.size());
        r.tick = t.path("tick").asLong(ticks.size());
        long controllerNanos = t.path("controller_ns").asLong();
        if (firstControllerNanos == Long.MIN_VALUE) {
            firstControllerNanos = controllerNanos;
        }
        r.timeS = (controllerNanos - firstControllerNanos) * 1e-9;
        r.recordedReason = StopReason.valueOf(t.path("stop_reason").asText("NONE"));
        StopReason inputReason = OUTPUT_REASONS.contains(r.recordedReason) ? StopReason.NONE : r.recordedReason;

        JsonNode features = t.get("features");
        JsonNode recordedObservation = t.get("observation");
        boolean observationFinite = false;
        boolean observe = inputReason == StopReason.NONE && features != null && features.isObject();
        if (rebuild != null) {
            // Every tick, observed or not: the path projection carries over from tick to tick.
            observationFinite = rebuild.rebuild(t, observe, rebuiltRaw, observation);
            if (observe) {
                for (int i = 0; i < nf; i++) {
                    r.observation[i] = observation[i];
                    r.featureDiff[i] = Math.abs(rebuiltRaw[i] - number(features.get(recordedFeatures.get(i))));
                }
            }
        } else if (observe) {
            observationFinite = true;
            for (int i = 0; i < nf; i++) {
                double raw = number(features.get(recordedFeatures.get(i)));
                // As ObservationBuilder.build: (raw - shift) * scale as a float, non-finite kept, else clipped.
                float x = (float) ((raw - spec.shift(i)) * spec.scale(i));
                if (!Float.isFinite(x)) {
                    observationFinite = false;
                }
                float clip = spec.clip(i);
                observation[i] = x > clip ? clip : (x < -clip ? -clip : x);
                r.observation[i] = observation[i];
            }
        }
        r.observed = observe;
        if (r.observed && recordedObservation != null && recordedObservation.isObject()) {
            for (int i = 0; i < nf; i++) {
                r.observationDiff[i] = Math.abs(r.observation[i] - floatNumber(recordedObservation.get(recordedFeatures.get(i))));
            }
        }
        boolean answered = false;
        if (observationFinite) {
            try {
                policy.act(observation, action);
                answered = true;
            } catch (RuntimeException e) {
                answered = false;
            }
        }
        boolean actionFinite = answered;
        for (int j = 0; answered && j < na; j++) {
            actionFinite &= Float.isFinite(action[j]);
        }
        long stampNanos = t.path("command").path("stamp_ns").asLong();
        if (actionFinite) {
            double dtS = lastCommandNanos == Long.MIN_VALUE ? 0 : (stampNanos - lastCommandNanos) * 1e-9;
            pipeline.shape(action, Math.min(dtS, MAX_LIMITER_DT_S), stampNanos, velocity, wheels);
        }
        StopReason reason = governor.checkOutputs(inputReason, observationFinite, answered, actionFinite, velocity, wheels);
        if (reason != StopReason.NONE) {
            velocity.set(stampNanos, 0, 0);
            wheels.set(stampNanos, 0, 0);
            pipeline.commandedStop();
        }
        lastCommandNanos = stampNanos;
        r.replayedReason = reason;

        JsonNode recordedAction = t.get("action");
        r.acted = answered;
        r.recordedActed = recordedAction != null && recordedAction.isObject();
        for (int j = 0; j < na; j++) {
            r.action[j] = answered ? action[j] : Double.NaN;
            r.recordedAction[j] = r.recordedActed ? floatNumber(recordedAction.get(spec.actionNames().get(j))) : Double.NaN;
            r.actionDiff[j] = answered && r.recordedActed ? Math.abs(r.action[j] - r.recordedAction[j]) : Double.NaN;
        }
        JsonNode command = t.path("command");
        r.command[0] = velocity.vMps();
        r.command[1] = velocity.wRadps();
        r.command[2] = wheels.leftRadps();
        r.command[3] = wheels.rightRadps();
        for (int k = 0; k < COMMAND_NAMES.size(); k++) {
            r.recordedCommand[k] = number(command.get(COMMAND_NAMES.get(k)));
            r.commandDiff[k] = Math.abs(r.command[k] - r.recordedCommand[k]);
        }
        ticks.add(r);
        return r;
    }

    private static double number(JsonNode n) {
        return n == null || !n.isNumber() ? Double.NaN : n.asDouble();
    }

    /**
     * A float the recorder wrote with {@link Float#toString} (observation, action): read back as
     * that float, not as the nearest double to its shortest decimal.
     */
    private static double floatNumber(JsonNode n) {
        double d = number(n);
        return Double.isNaN(d) ? d : (float) d;
    }

    /** Every tick replayed so far, in order. */
    public List<ReplayedTick> ticks() {
        return ticks;
    }

    /** Whether the observation is rebuilt from the recorded inputs (else taken from the recorded raw features). */
    public boolean rebuildsObservation() {
        return rebuild != null;
    }

    public PolicySpec spec() {
        return spec;
    }

    /** One replayed tick against its recording. Differences are |replayed - recorded|; NaN where one side has no value. */
    public static final class ReplayedTick {
        public long tick;
        /** Controller time since the first replayed tick [s]. */
        public double timeS;
        public StopReason recordedReason;
        public StopReason replayedReason;
        /** Whether the replay built an observation (the recorded input gate let the tick through). */
        public boolean observed;
        public boolean acted;
        public boolean recordedActed;
        public final double[] observation;
        public final double[] observationDiff;
        /** |rebuilt - recorded| raw feature values; NaN when the observation was not rebuilt from the inputs. */
        public final double[] featureDiff;
        public final double[] action;
        public final double[] recordedAction;
        public final double[] actionDiff;
        /** v [m/s], w [rad/s], left, right [rad/s], as {@link #COMMAND_NAMES}. */
        public final double[] command;
        public final double[] recordedCommand;
        public final double[] commandDiff;

        ReplayedTick(int features, int actions, int commands) {
            observation = new double[features];
            observationDiff = nan(features);
            featureDiff = nan(features);
            action = new double[actions];
            recordedAction = new double[actions];
            actionDiff = new double[actions];
            command = new double[commands];
            recordedCommand = new double[commands];
            commandDiff = new double[commands];
        }

        private static double[] nan(int n) {
            double[] a = new double[n];
            java.util.Arrays.fill(a, Double.NaN);
            return a;
        }

        /** Whether a stop left in one and the policy's command in the other. */
        public boolean stopDecisionDiffers() {
            return (recordedReason != StopReason.NONE) != (replayedReason != StopReason.NONE);
        }

        /** The largest observation difference over the features (NaN when none was compared). */
        public double observationMaxDiff() {
            return maxOf(observationDiff);
        }

        /** The largest rebuilt-versus-recorded raw feature difference (NaN when none was compared). */
        public double featureMaxDiff() {
            return maxOf(featureDiff);
        }

        private static double maxOf(double[] diffs) {
            double m = Double.NaN;
            for (double d : diffs) {
                if (!Double.isNaN(d)) {
                    m = Double.isNaN(m) ? d : Math.max(m, d);
                }
            }
            return m;
        }
    }
}
