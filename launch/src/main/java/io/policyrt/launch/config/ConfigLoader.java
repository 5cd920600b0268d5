package io.policyrt.launch.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Reads a {@link RuntimeConfig} from YAML and validates it. Unknown keys, wrong types and values
 * outside their range are refused with the file, the dotted key and the allowed values.
 */
public final class ConfigLoader {
    public static final List<String> TRIGGERS = List.of("timer", "on-message");
    public static final List<String> TRANSPORTS = List.of("sim");
    public static final List<String> PATHS = List.of("straight", "sine", "figure-eight");
    public static final List<String> ENCOUNTERS = List.of("none", "crossing", "step-in");
    public static final List<String> NOISE = List.of("none", "realistic");
    public static final List<String> SENSORS = List.of("odometry", "obstacle", "path", "estop");

    private ConfigLoader() {
    }

    public static RuntimeConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read the configuration: " + e.getMessage(), e);
        }
        return parse(text, file.toString());
    }

    public static RuntimeConfig parse(String yaml, String where) {
        ObjectMapper mapper = new ObjectMapper(new YAMLFactory())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        RuntimeConfig config;
        try {
            config = yaml.isBlank() ? new RuntimeConfig() : mapper.readValue(yaml, RuntimeConfig.class);
        } catch (UnrecognizedPropertyException e) {
            String allowed = e.getKnownPropertyIds().stream().map(Object::toString)
                    .collect(Collectors.toCollection(TreeSet::new)).toString();
            throw new ConfigException(where + ": unknown key '" + path(e) + "' (allowed here: " + allowed + ")", e);
        } catch (InvalidFormatException e) {
            throw new ConfigException(where + ": key '" + path(e) + "' has value '" + e.getValue() + "', expected "
                    + e.getTargetType().getSimpleName().toLowerCase(Locale.ROOT), e);
        } catch (MismatchedInputException e) {
            throw new ConfigException(where + ": key '" + path(e) + "' has the wrong kind of value: "
                    + e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            throw new ConfigException(where + ": not valid YAML: " + e.getOriginalMessage(), e);
        }
        if (config == null) {
            config = new RuntimeConfig();
        }
        validate(config, where);
        return config;
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    public static void validate(RuntimeConfig c, String where) {
        oneOf(where, "loop.trigger", c.loop.trigger, TRIGGERS);
        oneOf(where, "loop.trigger_sensor", c.loop.triggerSensor, SENSORS);
        oneOf(where, "transport.kind", c.transport.kind, TRANSPORTS);
        oneOf(where, "sim.path", c.sim.path, PATHS);
        oneOf(where, "sim.encounter", c.sim.encounter, ENCOUNTERS);
        oneOf(where, "sim.noise", c.sim.noise, NOISE);
        if (c.policy.file == null || c.policy.file.isBlank()) {
            throw new ConfigException(where + ": key 'policy.file' must name an .onnx file or 'bundled'");
        }
        if (c.loop.periodMs != null) {
            range(where, "loop.period_ms", c.loop.periodMs, 0.1, 10_000);
        }
        range(where, "loop.spin_margin_us", c.loop.spinMarginUs, 0, 100_000);
        range(where, "loop.trigger_timeout_ms", c.loop.triggerTimeoutMs, 1, 60_000);
        positive(where, "drive.wheel_radius_m", c.drive.wheelRadiusM);
        positive(where, "drive.wheel_separation_m", c.drive.wheelSeparationM);
        positive(where, "drive.left_radius_multiplier", c.drive.leftRadiusMultiplier);
        positive(where, "drive.right_radius_multiplier", c.drive.rightRadiusMultiplier);
        positive(where, "drive.max_wheel_radps", c.drive.maxWheelRadps);
        axis(where, "drive.linear", c.drive.linear);
        axis(where, "drive.angular", c.drive.angular);
        if (c.safety.odometryTimeoutMs != null) {
            range(where, "safety.odometry_timeout_ms", c.safety.odometryTimeoutMs, 1, 60_000);
        }
        if (c.safety.obstacleTimeoutMs != null) {
            range(where, "safety.obstacle_timeout_ms", c.safety.obstacleTimeoutMs, 0, 60_000);
        }
        range(where, "safety.path_timeout_ms", c.safety.pathTimeoutMs, 0, 3_600_000);
        range(where, "safety.future_tolerance_ms", c.safety.futureToleranceMs, 0, 60_000);
        range(where, "safety.goal_tolerance_m", c.safety.goalToleranceM, 0, 10);
        range(where, "sim.duration_s", c.sim.durationS, 0.1, 86_400);
        range(where, "sim.physics_step_ms", c.sim.physicsStepMs, 0.01, 100);
        range(where, "sim.sensor_rate_hz", c.sim.sensorRateHz, 0.1, 10_000);
    }

    private static void axis(String where, String key, RuntimeConfig.Axis a) {
        if (a == null) {
            throw new ConfigException(where + ": key '" + key + "' must be a mapping with accel, decel and jerk");
        }
        positive(where, key + ".accel", a.accel);
        positive(where, key + ".decel", a.decel);
        positive(where, key + ".jerk", a.jerk);
    }

    private static void oneOf(String where, String key, String value, List<String> allowed) {
        if (value == null || !allowed.contains(value)) {
            throw new ConfigException(where + ": key '" + key + "' has value '" + value + "' (allowed: " + String.join(", ", allowed) + ")");
        }
    }

    private static void positive(String where, String key, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new ConfigException(where + ": key '" + key + "' must be a finite number > 0, got " + value);
        }
    }

    private static void range(String where, String key, double value, double lo, double hi) {
        if (!(value >= lo && value <= hi)) {
            throw new ConfigException(where + ": key '" + key + "' must be in [" + lo + ", " + hi + "], got " + value);
        }
    }
}
