package io.policyrt.launch.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The YAML configuration of a PolicyRT process. Every key has a default; see the README
 * ("Configuration") and {@code config/embedded-sim.yaml}.
 */
public final class RuntimeConfig {
    public Policy policy = new Policy();
    public Loop loop = new Loop();
    public Drive drive = new Drive();
    public Safety safety = new Safety();
    public Transport transport = new Transport();
    public Sim sim = new Sim();

    /** Which policy file to run. */
    public static final class Policy {
        /** Path to the .onnx file (relative to the config file's folder), or "bundled". */
        public String file = "bundled";
        /** Sidecar spec for files without PolicyRT metadata; default: next to the file. */
        public String sidecar;
    }

    /** How the control loop runs. */
    public static final class Loop {
        /** timer or on-message. */
        public String trigger = "timer";
        /** Control period [ms]; default: the policy's. */
        @JsonProperty("period_ms")
        public Double periodMs;
        @JsonProperty("spin_margin_us")
        public double spinMarginUs = 200;
        /** Sensor whose messages trigger ticks in on-message mode. */
        @JsonProperty("trigger_sensor")
        public String triggerSensor = "odometry";
        /** On-message: stop the robot when no trigger came for this long [ms]. */
        @JsonProperty("trigger_timeout_ms")
        public double triggerTimeoutMs = 100;
    }

    /** Wheel geometry and motion limits. */
    public static final class Drive {
        @JsonProperty("wheel_radius_m")
        public double wheelRadiusM = 0.08;
        @JsonProperty("wheel_separation_m")
        public double wheelSeparationM = 0.40;
        @JsonProperty("left_radius_multiplier")
        public double leftRadiusMultiplier = 1.0;
        @JsonProperty("right_radius_multiplier")
        public double rightRadiusMultiplier = 1.0;
        @JsonProperty("max_wheel_radps")
        public double maxWheelRadps = 15.0;
        public Axis linear = new Axis(1.0, 2.0, 50.0);
        public Axis angular = new Axis(4.0, 6.0, 100.0);
    }

    /** Limits of one axis [unit/s^2, unit/s^3]. */
    public static final class Axis {
        @JsonProperty("accel")
        public double accel;
        @JsonProperty("decel")
        public double decel;
        @JsonProperty("jerk")
        public double jerk;

        public Axis() {
        }

        Axis(double accel, double decel, double jerk) {
            this.accel = accel;
            this.decel = decel;
            this.jerk = jerk;
        }
    }

    /** Safety governor timeouts. */
    public static final class Safety {
        @JsonProperty("odometry_timeout_ms")
        public Double odometryTimeoutMs;
        @JsonProperty("obstacle_timeout_ms")
        public Double obstacleTimeoutMs;
        @JsonProperty("path_timeout_ms")
        public double pathTimeoutMs = 0;
        @JsonProperty("obstacle_required")
        public boolean obstacleRequired = true;
        @JsonProperty("future_tolerance_ms")
        public double futureToleranceMs = 500;
        @JsonProperty("goal_tolerance_m")
        public double goalToleranceM = 0.15;
    }

    /** Where sensors come from and commands go. */
    public static final class Transport {
        /** sim: the embedded simulator in this process. */
        public String kind = "sim";
    }

    /** The embedded simulator (transport kind sim). */
    public static final class Sim {
        /** straight, sine or figure-eight. */
        public String path = "figure-eight";
        /** none, crossing or step-in. */
        public String encounter = "crossing";
        public long seed = 1;
        /** Stop after this long even if the path is not finished [s]. */
        @JsonProperty("duration_s")
        public double durationS = 90;
        /** none or realistic odometry noise and command latency. */
        public String noise = "none";
        @JsonProperty("physics_step_ms")
        public double physicsStepMs = 1.0;
        /** Rate at which the simulated robot publishes odometry [Hz]. */
        @JsonProperty("sensor_rate_hz")
        public double sensorRateHz = 50;
    }
}
