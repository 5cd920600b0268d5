package io.policyrt.launch.metrics;

import io.policyrt.controller.loop.ControlLoop;
import io.policyrt.controller.policy.Policy;
import io.policyrt.controller.port.SensorSlots;
import io.policyrt.drivers.transport.TransportLink;
import io.policyrt.launch.config.RuntimeConfig;
import io.policyrt.launch.record.RunRecording;
import io.policyrt.metrics.ControllerHealth;
import io.policyrt.metrics.ControllerMetrics;
import io.policyrt.metrics.Health;
import io.policyrt.metrics.InboundMetrics;
import io.policyrt.metrics.LoopHeartbeat;
import io.policyrt.metrics.MetricsEndpoint;
import io.policyrt.metrics.MetricsSettings;
import io.policyrt.sim.run.SimServer;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A run's live metrics endpoint as the {@code metrics} section (or {@code --metrics}) describes
 * it: the controller's metrics and health, or, for {@code sim serve}, the simulated robot's
 * inbound command topics and link.
 */
public final class RunMetrics implements AutoCloseable {
    private final MetricsEndpoint endpoint;

    private RunMetrics(MetricsEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    /** Applies {@code --metrics [HOST:]PORT}: turns the endpoint on there, over the configuration's section. */
    public static void applyOption(String hostPort, RuntimeConfig config) {
        MetricsSettings s = MetricsSettings.parse(hostPort);
        config.metrics.enabled = true;
        config.metrics.bind = s.bind();
        config.metrics.port = s.port();
    }

    /** The settings of an enabled {@code metrics} section, or null when it is off. */
    public static MetricsSettings settings(RuntimeConfig config) {
        RuntimeConfig.Metrics m = config.metrics;
        return m == null || !m.enabled ? null : new MetricsSettings(m.bind, m.port);
    }

    /**
     * Serves a controller's metrics when configured; null otherwise. {@code heartbeat} must already
     * be attached to the loop's tick.
     *
     * @param recording the run's recording (its drop counters are served), or null
     * @throws UncheckedIOException naming the address when it cannot be bound
     */
    public static RunMetrics startForController(RuntimeConfig config, Policy policy, ControlLoop loop, SensorSlots slots,
                                                TransportLink link, LoopHeartbeat heartbeat, RunRecording recording) {
        MetricsSettings settings = settings(config);
        if (settings == null) {
            return null;
        }
        PrometheusRegistry registry = new PrometheusRegistry();
        ControllerMetrics.RecorderDrops drops = recording == null ? null
                : new ControllerMetrics.RecorderDrops(recording.recorder()::ticksDropped, recording.recorder()::inboundDropped);
        ControllerMetrics.register(registry, loop, slots.estop(), link, heartbeat, drops);
        String name = policy.spec().task() + " (" + config.policy.file + ")";
        return start(settings, registry, new ControllerHealth(loop, heartbeat, name));
    }

    /** Serves the simulated robot's side of {@code sim serve} when configured; null otherwise. */
    public static RunMetrics startForRobot(RuntimeConfig config, SimServer server) {
        MetricsSettings settings = settings(config);
        if (settings == null) {
            return null;
        }
        PrometheusRegistry registry = new PrometheusRegistry();
        InboundMetrics.register(registry, server::commandChannels);
        GaugeWithCallback.builder().name("policyrt_command_link_up").help("1 while the simulated robot's transport is up")
                .callback(cb -> cb.call(server.isUp() ? 1 : 0)).register(registry);
        Health health = new Health() {
            @Override
            public Check liveness() {
                return new Check(true, "{\"alive\":true}");
            }

            @Override
            public Check readiness() {
                boolean up = server.isUp();
                return new Check(up, "{\"ready\":" + up + ",\"link_up\":" + up + ",\"commanded\":" + server.commanded() + "}");
            }
        };
        return start(settings, registry, health);
    }

    private static RunMetrics start(MetricsSettings settings, PrometheusRegistry registry, Health health) {
        try {
            return new RunMetrics(MetricsEndpoint.start(settings, registry, health));
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /** {@code http://HOST:PORT} of the endpoint. */
    public String url() {
        return endpoint.url();
    }

    public int port() {
        return endpoint.port();
    }

    @Override
    public void close() {
        endpoint.close();
    }
}
