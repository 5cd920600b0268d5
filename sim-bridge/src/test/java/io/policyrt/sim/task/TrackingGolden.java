package io.policyrt.sim.task;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.policyrt.controller.action.DriveConfig;
import io.policyrt.controller.policy.PolicySpec;
import io.policyrt.controller.policy.PolicySpecCodec;
import io.policyrt.sim.SimRandom;
import io.policyrt.sim.expert.TrackingTask;
import io.policyrt.sim.robot.RobotParams;
import io.policyrt.sim.robot.SensorNoise;
import io.policyrt.sim.run.LockStepEpisode;
import io.policyrt.sim.run.LockStepRunner;
import io.policyrt.sim.scenario.ReferencePaths;
import io.policyrt.sim.scenario.Scenario;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Golden episode files shared with the Python mirror ({@code policyrt_sim/golden.py}): one gzip'd
 * JSON per episode with the setting, every tick's action, and the observation, true state, reward,
 * done flag and stop reason the episode produced. Records episodes in Java and replays files.
 */
final class TrackingGolden {
    static final String FORMAT = "policyrt-tracking-episode-v1";
    static final double TOLERANCE = 1e-6;
    static final int NAN_ACTION_TICK = 40;
    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS).build(); // bare NaN, as Python's json writes it

    /** One parity episode's setting; the Python side plays the same list ({@code parity.cases()}). */
    record Case(String shape, String encounter, long seed, SensorNoise noise, int nanTick, Randomization randomization,
                Map<String, String> spec, TrackingReward.Variant variant) {
        String fileName() {
            return shape + "-" + encounter + "-seed" + seed + ".json.gz";
        }
    }

    private TrackingGolden() {
    }

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        int i = 0;
        for (String shape : List.of("straight", "sine", "figure-eight")) {
            for (String encounter : List.of("none", "crossing", "step-in")) {
                SensorNoise noise = encounter.equals("crossing") ? SensorNoise.realistic() : SensorNoise.none();
                int nanTick = shape.equals("sine") && encounter.equals("none") ? NAN_ACTION_TICK : -1;
                cases.add(new Case(shape, encounter, i, noise, nanTick, null, bundledSpecMetadata(), TrackingReward.Variant.TRACK));
                i++;
            }
        }
        cases.add(new Case("figure-eight", "step-in", i, SensorNoise.none(), -1, Randomization.defaults(), bundledSpecMetadata(),
                TrackingReward.Variant.TRACK));
        cases.add(new Case("sine", "crossing", i + 1, SensorNoise.realistic(), -1, null, unitSpec50msMetadata(),
                TrackingReward.Variant.TRACK));
        // the yield variant's exemption: pedestrians crossing in front of the robot, with and without noise
        cases.add(new Case("straight", "crossing", i + 2, SensorNoise.none(), -1, null, bundledSpecMetadata(),
                TrackingReward.Variant.YIELD));
        cases.add(new Case("figure-eight", "crossing", i + 3, SensorNoise.realistic(), -1, null, bundledSpecMetadata(),
                TrackingReward.Variant.YIELD));
        // the yield-steady variant's speed-change cost, round a pedestrian who steps in, and its exemption
        cases.add(new Case("sine", "step-in", i + 4, SensorNoise.realistic(), -1, null, bundledSpecMetadata(),
                TrackingReward.Variant.YIELD_STEADY));
        cases.add(new Case("straight", "crossing", i + 5, SensorNoise.none(), -1, null, bundledSpecMetadata(),
                TrackingReward.Variant.YIELD_STEADY));
        return cases;
    }

    static Map<String, String> bundledSpecMetadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("policyrt.spec_version", "1");
        m.put("policyrt.task", "tracking-obstacle-v1");
        m.put("policyrt.observation.features", String.join(",", TrackingTask.FEATURES));
        m.put("policyrt.observation.shift", "-0.018252961,-0.011545881,-0.0241021,0.4758979,0.08503609,0.7678497,"
                + "0.061602153,0.12945013,3.6986437,0.2357533,-0.30642194,-0.009885952,5.533754");
        m.put("policyrt.observation.scale", "5.936184,4.596011,13.594894,13.594894,3.5146778,9.729437,4.0519037,"
                + "2.4746861,0.1837367,0.47649422,4.0324154,6.655167,0.28440213");
        m.put("policyrt.observation.clip", "5.0,5.0,5.0,5.0,5.0,5.0,5.0,5.0,5.0,5.0,5.0,5.0,5.0");
        m.put("policyrt.action.names", "v_mps,w_radps");
        m.put("policyrt.action.low", "0.0,-1.5");
        m.put("policyrt.action.high", "0.8,1.5");
        m.put("policyrt.action.normalized", "true");
        m.put("policyrt.control_period_s", "0.02");
        m.put("policyrt.robot.radius_m", "0.3");
        m.put("policyrt.observation.lookahead_m", "0.8");
        return m;
    }

    /** A spec as export.load_spec_defaults() writes it: all 16 features, unit normalization, 50 ms period. */
    static Map<String, String> unitSpec50msMetadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("policyrt.spec_version", "1");
        m.put("policyrt.task", "tracking-obstacle-v1");
        m.put("policyrt.observation.features", "lateral_error_m,heading_error_rad,speed_error_mps,target_speed_mps,body_v_mps,"
                + "body_w_radps,lookahead_x_m,lookahead_y_m,path_curvature_1pm,path_remaining_m,obstacle_rel_x_m,"
                + "obstacle_rel_y_m,obstacle_rel_vx_mps,obstacle_rel_vy_mps,obstacle_distance_m,obstacle_clearance_m");
        m.put("policyrt.observation.shift", "0.0");
        m.put("policyrt.observation.scale", "1.0");
        m.put("policyrt.observation.clip", "5.0");
        m.put("policyrt.action.names", "v_mps,w_radps");
        m.put("policyrt.action.low", "0.0,-1.5");
        m.put("policyrt.action.high", "0.8,1.5");
        m.put("policyrt.action.normalized", "true");
        m.put("policyrt.control_period_s", "0.05");
        m.put("policyrt.robot.radius_m", "0.3");
        return m;
    }

    /** Drives one episode; {@code actor} chooses each tick's action from the tick index. */
    interface Actor {
        void act(int tick, float[] previousObservation, float[] action);
    }

    /** Plays one episode and returns its golden record. */
    static ObjectNode record(String writer, String shape, String encounter, long seed, SensorNoise noise,
                             Randomization randomization, boolean corridorTermination, Map<String, String> specMetadata,
                             TrackingReward.Variant variant, Actor actor) {
        PolicySpec spec = PolicySpecCodec.decode(specMetadata, "golden file");
        ScriptedPolicy policy = new ScriptedPolicy(spec);
        RobotParams robot = RobotParams.defaults();
        double obstacleSpeedScale = 1.0;
        SensorNoise episodeNoise = noise;
        if (randomization != null) {
            Randomization.Draw draw = randomization.draw(seed, robot);
            robot = draw.robot();
            episodeNoise = draw.noise();
            obstacleSpeedScale = draw.obstacleSpeedScale();
        }
        Scenario scenario = Scenario.standard(ReferencePaths.Shape.parse(shape), encounter(encounter), seed, obstacleSpeedScale);
        LockStepRunner runner = new LockStepRunner(robot, episodeNoise, DriveConfig.defaults(), 1_000_000L);
        LockStepEpisode lockStep = runner.episode(scenario, policy, spec.controlPeriodNanos(), seed);
        TrackingEpisode episode = new TrackingEpisode(lockStep, corridorTermination, variant);

        ObjectNode ep = JSON.createObjectNode();
        ep.put("format", FORMAT).put("writer", writer).put("shape", shape).put("encounter", encounter).put("seed", seed);
        if (randomization == null) {
            ep.putNull("randomization");
        } else {
            ep.set("randomization", toJson(randomization));
        }
        ArrayNode noiseNode = ep.putArray("noise");
        noiseNode.add(noise.positionM()).add(noise.yawRad()).add(noise.velocityMps()).add(noise.yawRateRadps())
                .add(noise.commandLatencyS());
        ep.put("corridor_termination", corridorTermination);
        ep.put("reward_variant", variant.id());
        ObjectNode specNode = ep.putObject("spec");
        specMetadata.forEach(specNode::put);
        ArrayNode actions = ep.putArray("action");
        ArrayNode observations = ep.putArray("obs");
        ArrayNode states = ep.putArray("state");
        ArrayNode rewards = ep.putArray("reward");
        ArrayNode dones = ep.putArray("done");
        ArrayNode reasons = ep.putArray("stop_reason");
        float[] obs = new float[spec.observationSize()];
        float[] action = new float[2];
        TrackingEpisode.Step step = null;
        int tick = 0;
        while (!episode.done()) {
            actor.act(tick, obs, action);
            policy.set(action[0], action[1]);
            step = episode.step();
            episode.observation(obs);
            actions.addArray().add((double) action[0]).add((double) action[1]);
            ArrayNode o = observations.addArray();
            for (float x : obs) {
                o.add((double) x);
            }
            states.addArray().add(step.xM).add(step.yM).add(step.yawRad).add(step.vMps).add(step.wRadps);
            rewards.add(step.reward);
            dones.add(step.done);
            reasons.add(step.stopReason.name());
            tick++;
        }
        ep.put("termination", step == null ? "NONE" : step.termination.name());
        ep.put("truncated", step != null && step.truncated);
        return ep;
    }

    /** The seeded noisy pursuit actor of the parity episodes (as parity.noisy_pursuit in Python). */
    static Actor noisyPursuit(PolicySpec spec, long seed, int nanTick) {
        SimRandom rng = new SimRandom(seed ^ 0x5EED);
        int iy = spec.featureNames().indexOf("lookahead_y_m");
        return (tick, obs, action) -> {
            // The observation of the previous tick: this actor only needs a rough look-ahead.
            double ly = obs[iy] / spec.scale(iy) + spec.shift(iy);
            double v = Math.max(-1.3, Math.min(1.3, 0.3 + 0.4 * rng.nextGaussian()));
            double w = Math.max(-1.3, Math.min(1.3, 2.0 * ly + 0.3 * rng.nextGaussian()));
            action[0] = tick == nanTick ? Float.NaN : (float) v;
            action[1] = (float) w;
        };
    }

    /** Replays a golden file's actions in Java and returns the fresh record. */
    static ObjectNode replay(JsonNode expected) {
        JsonNode recorded = expected.get("action");
        JsonNode n = expected.get("noise");
        SensorNoise noise = new SensorNoise(n.get(0).asDouble(), n.get(1).asDouble(), n.get(2).asDouble(),
                n.get(3).asDouble(), n.get(4).asDouble());
        Map<String, String> spec = new LinkedHashMap<>();
        expected.get("spec").fields().forEachRemaining(e -> spec.put(e.getKey(), e.getValue().asText()));
        JsonNode r = expected.path("randomization");
        Randomization randomization = r.isObject() ? fromJson(r) : null;
        // files written before the yield variant existed score the task's reward
        TrackingReward.Variant variant = TrackingReward.Variant.parse(expected.path("reward_variant").asText("track"));
        return record("java-replay", expected.get("shape").asText(), expected.get("encounter").asText(),
                expected.get("seed").asLong(), noise, randomization, expected.get("corridor_termination").asBoolean(), spec,
                variant, (tick, obs, action) -> {
                    JsonNode a = tick < recorded.size() ? recorded.get(tick) : null;
                    action[0] = a == null ? 0f : (float) number(a.get(0));
                    action[1] = a == null ? 0f : (float) number(a.get(1));
                });
    }

    private static final List<String> RANGE_KEYS = List.of("motor_time_constant_s", "wheel_radius_scale",
            "wheel_separation_scale", "noise_level", "command_latency_s", "obstacle_speed_scale");

    /** The ranges as the Python mirror names them. */
    static ObjectNode toJson(Randomization r) {
        ObjectNode node = JSON.createObjectNode();
        List<Randomization.Range> ranges = List.of(r.motorTimeConstantS(), r.wheelRadiusScale(), r.wheelSeparationScale(),
                r.noiseLevel(), r.commandLatencyS(), r.obstacleSpeedScale());
        for (int i = 0; i < ranges.size(); i++) {
            node.putArray(RANGE_KEYS.get(i)).add(ranges.get(i).lo()).add(ranges.get(i).hi());
        }
        return node;
    }

    static Randomization fromJson(JsonNode node) {
        Randomization.Range[] ranges = new Randomization.Range[RANGE_KEYS.size()];
        for (int i = 0; i < ranges.length; i++) {
            JsonNode pair = node.get(RANGE_KEYS.get(i));
            ranges[i] = new Randomization.Range(pair.get(0).asDouble(), pair.get(1).asDouble());
        }
        return new Randomization(ranges[0], ranges[1], ranges[2], ranges[3], ranges[4], ranges[5]);
    }

    static double number(JsonNode node) {
        return node.isTextual() ? Double.parseDouble(node.asText()) : node.asDouble();
    }

    /** Differences between two records of one episode: max error per quantity and the problems found. */
    record Comparison(double maxObservationError, double maxStateError, double maxRewardError, List<String> problems) {
    }

    static Comparison compare(JsonNode expected, JsonNode actual) {
        List<String> problems = new ArrayList<>();
        int nExp = expected.get("action").size();
        int nAct = actual.get("action").size();
        if (nExp != nAct) {
            problems.add("episode length " + nAct + ", expected " + nExp);
        }
        double[] worst = new double[3];
        String[] keys = {"obs", "state"};
        for (int t = 0; t < Math.min(nExp, nAct) && problems.size() < 20; t++) {
            for (int k = 0; k < 2; k++) {
                JsonNode e = expected.get(keys[k]).get(t);
                JsonNode a = actual.get(keys[k]).get(t);
                for (int i = 0; i < e.size(); i++) {
                    double d = difference(number(e.get(i)), number(a.get(i)));
                    worst[k] = Math.max(worst[k], d);
                    if (!(d <= TOLERANCE)) {
                        problems.add(String.format(Locale.ROOT, "tick %d: %s[%d] %s, expected %s", t, keys[k], i, a.get(i), e.get(i)));
                    }
                }
            }
            double d = difference(number(expected.get("reward").get(t)), number(actual.get("reward").get(t)));
            worst[2] = Math.max(worst[2], d);
            if (!(d <= TOLERANCE)) {
                problems.add("tick " + t + ": reward " + actual.get("reward").get(t) + ", expected " + expected.get("reward").get(t));
            }
            if (expected.get("done").get(t).asBoolean() != actual.get("done").get(t).asBoolean()) {
                problems.add("tick " + t + ": done " + actual.get("done").get(t) + ", expected " + expected.get("done").get(t));
            }
            if (!expected.get("stop_reason").get(t).asText().equals(actual.get("stop_reason").get(t).asText())) {
                problems.add("tick " + t + ": stop reason " + actual.get("stop_reason").get(t) + ", expected "
                        + expected.get("stop_reason").get(t));
            }
        }
        return new Comparison(worst[0], worst[1], worst[2], problems);
    }

    private static double difference(double a, double b) {
        if (Double.isNaN(a) && Double.isNaN(b)) {
            return 0;
        }
        double d = Math.abs(a - b);
        return Double.isNaN(d) ? Double.POSITIVE_INFINITY : d;
    }

    static Scenario.Encounter encounter(String name) {
        return switch (name) {
            case "none" -> Scenario.Encounter.NONE;
            case "crossing" -> Scenario.Encounter.CROSSING;
            case "step-in" -> Scenario.Encounter.STEP_IN;
            default -> throw new IllegalArgumentException("unknown encounter '" + name + "'");
        };
    }

    static void write(Path file, JsonNode episode) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            JSON.writeValue(out, episode);
        }
    }

    static JsonNode read(Path file) throws IOException {
        JsonNode node;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            node = JSON.readTree(in);
        }
        if (!FORMAT.equals(node.path("format").asText())) {
            throw new IOException(file + ": not a " + FORMAT + " file");
        }
        return node;
    }
}
