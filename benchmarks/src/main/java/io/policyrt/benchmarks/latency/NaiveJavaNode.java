package io.policyrt.benchmarks.latency;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.policyrt.controller.domain.ObstacleTrack;
import io.policyrt.controller.domain.Odometry;
import io.policyrt.controller.domain.PathReference;
import io.policyrt.controller.observation.FeatureRegistry;
import io.policyrt.controller.observation.ObservationBuilder;
import io.policyrt.controller.observation.SensorSnapshot;
import io.policyrt.controller.observation.TrackingGeometry;
import io.policyrt.controller.policy.PolicySpec;
import io.policyrt.controller.port.SensorSlots;
import io.policyrt.controller.time.NanoClock;
import io.policyrt.drivers.mqtt.MqttTopics;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * "Obvious Java": the controller as one would first write it, as the baseline for what PolicyRT's
 * loop design buys. A {@link ScheduledExecutorService} ticks at a fixed rate; the Paho callback
 * parses each JSON message into a Jackson tree and a new domain object; each tick builds a new
 * heap {@code float[]}, a new {@link OnnxTensor}, runs a session created with default options
 * (ONNX Runtime's own thread pool), reads a new {@code float[][]} back, builds the command as a
 * map and publishes its JSON with the blocking client. The observation features are PolicyRT's
 * (the task defines them, not the runtime), so both compute the same network input.
 *
 * <p>Instrumentation (not part of the baseline's cost model): tick time from its start to the
 * publish returning, lateness against the fixed-rate schedule, and input age at the command.
 */
public final class NaiveJavaNode implements NodeUnderTest {
    private final Path policyFile;
    private final PolicySpec spec;
    private final String brokerUri;
    private final MqttTopics topics;
    private final NanoClock clock;
    private final long periodNanos;
    private final ObjectMapper json = new ObjectMapper();
    private final SensorSlots slots = new SensorSlots();
    private final Histogram processing = new Histogram(1, 10_000_000_000L, 3);
    private final Histogram lateness = new Histogram(1, 10_000_000_000L, 3);
    private final Histogram inputAge = new Histogram(1, 10_000_000_000L, 3);

    private OrtEnvironment environment;
    private OrtSession session;
    private MqttClient client;
    private ScheduledExecutorService timer;
    private SensorSnapshot snapshot;
    private TrackingGeometry geometry;
    private ObservationBuilder builder;
    private long startNanos;
    private long ticks;
    private long missed;
    private volatile boolean resetRequested;
    private long sequence;

    public NaiveJavaNode(Path policyFile, PolicySpec spec, String brokerUri, MqttTopics topics, NanoClock clock, double rateHz) {
        this.policyFile = policyFile;
        this.spec = spec;
        this.brokerUri = brokerUri;
        this.topics = topics;
        this.clock = clock;
        this.periodNanos = Math.round(1e9 / rateHz);
    }

    @Override
    public void start() throws Exception {
        environment = OrtEnvironment.getEnvironment();
        session = environment.createSession(policyFile.toString(), new OrtSession.SessionOptions());
        snapshot = new SensorSnapshot(slots);
        geometry = new TrackingGeometry(spec.lookaheadM(), spec.robotRadiusM());
        builder = new ObservationBuilder(spec, FeatureRegistry.tracking());
        client = new MqttClient(brokerUri, "policyrt-bench-naive-java", new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setMaxInflight(1000);
        client.connect(options);
        client.subscribe(topics.path().name(), 1, (topic, message) -> onPath(json.readTree(message.getPayload())));
        client.subscribe(topics.obstacle().name(), 0, (topic, message) -> onObstacle(json.readTree(message.getPayload())));
        client.subscribe(topics.odometry().name(), 0, (topic, message) -> onOdometry(json.readTree(message.getPayload())));
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "naive-java-tick");
            t.setDaemon(true);
            return t;
        });
        startNanos = System.nanoTime() + periodNanos;
        timer.scheduleAtFixedRate(this::tick, periodNanos, periodNanos, TimeUnit.NANOSECONDS);
    }

    private void onPath(JsonNode m) {
        JsonNode xs = m.get("x_m");
        JsonNode ys = m.get("y_m");
        double[] x = new double[xs.size()];
        double[] y = new double[ys.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = xs.get(i).asDouble();
            y[i] = ys.get(i).asDouble();
        }
        PathReference path = new PathReference(Math.max(2, x.length));
        path.set(m.get("stamp_ns").asLong(), x, y, x.length, m.get("target_speed_mps").asDouble());
        slots.path().write(path);
    }

    private void onObstacle(JsonNode m) {
        ObstacleTrack o = new ObstacleTrack().set(m.get("stamp_ns").asLong(), ObstacleTrack.Frame.WORLD, m.get("x_m").asDouble(),
                m.get("y_m").asDouble(), m.get("vx_mps").asDouble(), m.get("vy_mps").asDouble(), m.get("radius_m").asDouble());
        slots.obstacle().write(o);
    }

    private void onOdometry(JsonNode m) {
        Odometry o = new Odometry().set(m.get("stamp_ns").asLong(), m.get("x_m").asDouble(), m.get("y_m").asDouble(),
                m.get("yaw_rad").asDouble(), m.get("v_mps").asDouble(), m.get("w_radps").asDouble());
        slots.odometry().write(o);
    }

    private void tick() {
        long start = System.nanoTime();
        if (resetRequested) {
            processing.reset();
            lateness.reset();
            inputAge.reset();
            missed = 0;
            resetRequested = false;
        }
        long scheduled = startNanos + ticks * periodNanos;
        long late = start - scheduled;
        if (late >= periodNanos) {
            missed++; // started a whole period late: past its deadline (fixed rate then runs catch-up ticks back to back)
        }
        ticks++;
        lateness.recordValue(Math.max(0, Math.min(late, lateness.getHighestTrackableValue())));
        try {
            snapshot.capture();
            geometry.update(snapshot);
            if (!snapshot.hasOdometry() || !snapshot.hasPath()) {
                return;
            }
            float[] observation = new float[spec.observationSize()];
            builder.build(snapshot, geometry, observation);
            double v = 0;
            double w = 0;
            try (OnnxTensor input = OnnxTensor.createTensor(environment, new float[][] {observation});
                 OrtSession.Result result = session.run(Map.of(session.getInputNames().iterator().next(), input))) {
                float[][] action = (float[][]) result.get(0).getValue();
                v = physical(action[0][0], 0);
                w = physical(action[0][1], 1);
            }
            Map<String, Object> command = new HashMap<>();
            long now = clock.nanoTime();
            command.put("seq", sequence++);
            command.put("stamp_ns", now);
            command.put("v_mps", Double.isFinite(v) ? v : 0.0);
            command.put("w_radps", Double.isFinite(w) ? w : 0.0);
            command.put("odom_stamp_ns", snapshot.odometry().stampNanos());
            inputAge.recordValue(Math.max(0, Math.min(now - snapshot.odometry().stampNanos(), inputAge.getHighestTrackableValue())));
            client.publish(topics.velocityCommand().name(), json.writeValueAsBytes(command), 1, false);
            processing.recordValue(Math.min(System.nanoTime() - start, processing.getHighestTrackableValue()));
        } catch (Exception e) {
            // A scheduled task that throws is never run again: log and carry on, as one learns to.
            System.err.println("naive java tick failed: " + e);
        }
    }

    private double physical(float a, int j) {
        double low = spec.actionLow(j);
        double high = spec.actionHigh(j);
        double x = spec.actionNormalized() ? low + (a + 1.0) * 0.5 * (high - low) : a;
        return Math.max(low, Math.min(high, x));
    }

    @Override
    public void resetStats() {
        resetRequested = true;
    }

    @Override
    public NodeStats stop() throws Exception {
        timer.shutdown();
        timer.awaitTermination(5, TimeUnit.SECONDS);
        NodeStats stats = new NodeStats(processing.copy(), lateness.copy(), inputAge.copy(), missed,
                "tick start to blocking QoS 1 publish returned (naive Java)", Map.of());
        close();
        return stats;
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
        try {
            if (client != null && client.isConnected()) {
                client.disconnect(1000);
            }
            if (client != null) {
                client.close();
            }
        } catch (Exception e) {
            // end of a leg: nothing to save
        }
        client = null;
        try {
            if (session != null) {
                session.close();
            }
        } catch (Exception e) {
            // idem
        }
        session = null;
    }
}
