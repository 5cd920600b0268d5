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
    public Run run = new Run();
    public Sim sim = new Sim();
    public Mqtt mqtt = new Mqtt();
    public Ros1Config ros1 = new Ros1Config();
    public Ros2Config ros2 = new Ros2Config();
    public Record record = new Record();
    public Metrics metrics = new Metrics();

    /** Which policy file to run. */
    public static final class Policy {
        /** Path to the .onnx file (relative to the config file's folder), or "bundled". */
        public String file = "bundled";
        /** Sidecar spec for files without PolicyRT metadata; default: next to the file. */
        public String sidecar;
        /**
         * What evaluates the graph: auto (the Java MLP evaluator when the graph is a supported MLP
         * and agrees with ONNX Runtime at load, else ONNX Runtime), onnxruntime or java.
         */
        public String backend = "auto";
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
        /** Timer mode: place each deadline just after the trigger sensor's arrivals. */
        @JsonProperty("phase_lock")
        public boolean phaseLock = true;
        /** Timer mode, phase lock: how long after the expected arrival the deadline falls, before twice the jitter [us]. */
        @JsonProperty("phase_lock_margin_us")
        public double phaseLockMarginUs = 200;
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
        /** How far ahead of the controller's clock a stamp may lie [ms]; at most every input timeout. */
        @JsonProperty("future_tolerance_ms")
        public double futureToleranceMs = 50;
        @JsonProperty("goal_tolerance_m")
        public double goalToleranceM = 0.15;
        /** How the e-stop releases and whether its source must stay alive. */
        public EStop estop = new EStop();
        /** Physical bounds beyond which an inbound value is refused as implausible. */
        @JsonProperty("input_bounds")
        public InputBounds inputBounds = new InputBounds();
    }

    /** The e-stop's release rules (safety.estop). */
    public static final class EStop {
        /** same_source: the engaging source's false, after hold_ms; release_topic: only a false on the release topic. */
        public String release = "same_source";
        /** Shortest time an engage holds before a release counts [ms]. */
        @JsonProperty("hold_ms")
        public double holdMs = 1000;
        /** Stop while no e-stop message arrived for this long [ms]; 0: no heartbeat required. */
        @JsonProperty("heartbeat_ms")
        public double heartbeatMs = 0;
    }

    /** Plausibility bounds of inbound values (safety.input_bounds); each applies to the absolute value. */
    public static final class InputBounds {
        /** Odometry and obstacle x, y [m]. */
        @JsonProperty("max_position_m")
        public double maxPositionM = 10_000;
        /** Odometry v, obstacle vx, vy [m/s]. */
        @JsonProperty("max_speed_mps")
        public double maxSpeedMps = 20;
        /** Odometry w [rad/s]. */
        @JsonProperty("max_yaw_rate_radps")
        public double maxYawRateRadps = 20;
        /** Obstacle radius [m]. */
        @JsonProperty("max_obstacle_radius_m")
        public double maxObstacleRadiusM = 10;
    }

    /** Recording the run to an MCAP file (the flight recorder); off unless {@code file} is set. */
    public static final class Record {
        /** The .mcap file (relative to the config file's folder); unset: no recording. {@code --record} sets it. */
        public String file;
        /** Chunk compression: zstd, lz4 or none. */
        public String compression = "zstd";
        /** Start a new file once the current one has this many megabytes (10^6 bytes); 0: never. */
        @JsonProperty("rotate_mb")
        public double rotateMb = 0;
        /** Start a new file once the current one spans this many seconds; 0: never. */
        @JsonProperty("rotate_s")
        public double rotateS = 0;
        /** Ticks the queue between the control thread and the writer holds; a full queue drops ticks and counts them. */
        @JsonProperty("queue_ticks")
        public int queueTicks = 4096;
        /** Messages each inbound topic's queue holds; a full queue drops messages and counts them. */
        @JsonProperty("queue_messages")
        public int queueMessages = 1024;
    }

    /** The live metrics endpoint (Prometheus, liveness, readiness); off unless enabled. */
    public static final class Metrics {
        /** Serve the endpoint. {@code --metrics} turns it on. */
        public boolean enabled = false;
        /** Address to bind; anything but loopback is reachable from other computers (logged as a warning). */
        public String bind = "127.0.0.1";
        /** TCP port; 0: any free port (printed at start). */
        public int port = 9400;
    }

    /** Where sensors come from and commands go. */
    public static final class Transport {
        /**
         * sim: the embedded simulator in this process; mqtt: sensors and commands over MQTT (section mqtt);
         * ros1: over a ROS 1 master (section ros1); ros2: over ROS 2 (section ros2).
         */
        public String kind = "sim";
    }

    /** How long the controller runs, on every transport. */
    public static final class Run {
        /** Stop after this long [s]; 0: until interrupted (or, on the embedded simulator, until its episode is over). */
        @JsonProperty("duration_s")
        public double durationS = 0;
        /** Stop once the robot has reached the end of the path. */
        @JsonProperty("stop_at_path_end")
        public boolean stopAtPathEnd = true;
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

    /** The MQTT transport (transport kind mqtt, and {@code policyrt sim serve}). See config/mqtt.yaml. */
    public static final class Mqtt {
        /** tcp://host:port or ssl://host:port. */
        @JsonProperty("broker_uri")
        public String brokerUri = "tcp://127.0.0.1:1883";
        /** The robot's topic level: topics are {@code <topic_prefix>/<robot_id>/...}. */
        @JsonProperty("robot_id")
        public String robotId = "robot1";
        @JsonProperty("topic_prefix")
        public String topicPrefix = "policyrt";
        /** Default: policyrt-<robot_id>-controller (run) or policyrt-<robot_id>-robot (sim serve). */
        @JsonProperty("client_id")
        public String clientId;
        /** Payload format of every topic unless overridden under topics: json or binary. */
        public String format = "binary";
        public Topics topics = new Topics();
        @JsonProperty("keep_alive_s")
        public int keepAliveS = 5;
        @JsonProperty("connect_timeout_s")
        public int connectTimeoutS = 10;
        /** Longest wait between two reconnect attempts [ms]. */
        @JsonProperty("max_reconnect_delay_ms")
        public int maxReconnectDelayMs = 1000;
        /** QoS 1 messages in flight before a publish is refused. */
        @JsonProperty("max_inflight")
        public int maxInflight = 100;
        /** How often the retained status is refreshed [ms]; 0: only on connect. */
        @JsonProperty("status_period_ms")
        public long statusPeriodMs = 1000;
        public String username;
        public String password;
        /** Name of an environment variable holding the password (instead of password). */
        @JsonProperty("password_env")
        public String passwordEnv;
        public Tls tls = new Tls();
        @JsonProperty("embedded_broker")
        public EmbeddedBroker embeddedBroker = new EmbeddedBroker();
        /** Robot side: wheel commands older than this on arrival are dropped [ms]. */
        @JsonProperty("command_max_age_ms")
        public double commandMaxAgeMs = 250;
    }

    /** Per-topic overrides; unset fields keep the defaults of the standard layout. */
    public static final class Topics {
        public TopicOverride odom = new TopicOverride();
        public TopicOverride obstacle = new TopicOverride();
        public TopicOverride path = new TopicOverride();
        public TopicOverride estop = new TopicOverride();
        /** The e-stop's release topic, subscribed only with safety.estop.release: release_topic. */
        @JsonProperty("estop_release")
        public TopicOverride estopRelease = new TopicOverride();
        @JsonProperty("cmd_wheels")
        public TopicOverride cmdWheels = new TopicOverride();
        @JsonProperty("cmd_vel")
        public TopicOverride cmdVel = new TopicOverride();
    }

    /** One topic's overrides. */
    public static final class TopicOverride {
        /** Full topic name instead of <prefix>/<robot_id>/<default>. */
        public String name;
        /** json or binary. */
        public String format;
        /** 0, 1 or 2. */
        public Integer qos;
        @JsonProperty("max_payload_bytes")
        public Integer maxPayloadBytes;
    }

    /** TLS: verify the broker against ca_file (PEM); optional client certificate as a PKCS12 key store. */
    public static final class Tls {
        @JsonProperty("ca_file")
        public String caFile;
        @JsonProperty("client_keystore")
        public String clientKeystore;
        @JsonProperty("client_keystore_password")
        public String clientKeystorePassword;
        @JsonProperty("client_keystore_password_env")
        public String clientKeystorePasswordEnv;
    }

    /** The Moquette broker inside this process (loopback only, no persistence, telemetry off). */
    public static final class EmbeddedBroker {
        public boolean enabled = false;
        public int port = 1883;
    }
}
