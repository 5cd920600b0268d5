package io.policyrt.metrics;

import static io.policyrt.controller.testing.ControlTickFixture.ms;

import io.policyrt.controller.loop.ControlLoop;
import io.policyrt.controller.loop.LoopConfig;
import io.policyrt.controller.port.CommandSink;
import io.policyrt.controller.port.SensorSlots;
import io.policyrt.controller.port.SensorSource;
import io.policyrt.controller.safety.SafetyLimits;
import io.policyrt.controller.testing.ControlTickFixture;
import io.policyrt.controller.time.SystemNanoClock;
import io.policyrt.drivers.inbound.InboundChannel;
import io.policyrt.drivers.inbound.InboundTaps;
import io.policyrt.drivers.transport.TransportLink;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.util.List;

/**
 * A controller loop ticking on its own thread every 5 ms (fixture policy, fresh inputs for a
 * minute), its metrics registered and, once {@link #serve} is called, an endpoint on a free
 * loopback port.
 */
final class RunningController implements AutoCloseable {
    /** Inputs stay fresh for a minute: only the loop's own health matters in these tests. */
    private static final SafetyLimits RELAXED = new SafetyLimits(ms(60_000), ms(60_000), 0, false, ms(1_000), 0.15);

    final ControlTickFixture fixture = ControlTickFixture.builder().clock(SystemNanoClock.INSTANCE).limits(RELAXED).build();
    final ControlLoop loop = new ControlLoop(fixture.tick, LoopConfig.timer(ms(5)), SystemNanoClock.INSTANCE, fixture.slots);
    final LoopHeartbeat heartbeat = new LoopHeartbeat();
    final PrometheusRegistry registry = new PrometheusRegistry();
    volatile boolean linkUp = true;
    MetricsEndpoint endpoint;

    RunningController() {
        fixture.policy.returning(0.5f, 0f);
        fixture.publishRobotOnStraightPath();
        fixture.tick.addTap(heartbeat);
        ControllerMetrics.register(registry, loop, fixture.slots.estop(), new StubLink(), heartbeat, null);
        loop.start();
    }

    RunningController serve() throws IOException {
        endpoint = MetricsEndpoint.start(new MetricsSettings(MetricsSettings.LOOPBACK, 0), registry,
                new ControllerHealth(loop, heartbeat, "fixture policy"));
        return this;
    }

    @Override
    public void close() {
        if (endpoint != null) {
            endpoint.close();
        }
        loop.stop();
    }

    /** A link with no channels whose up state the test sets. */
    private final class StubLink implements TransportLink {
        @Override public String kind() { return "stub"; }
        @Override public String endpoint() { return "nowhere"; }
        @Override public SensorSource sensors() {
            return new SensorSource() {
                @Override public void start(SensorSlots slots) { }
                @Override public void close() { }
            };
        }
        @Override public CommandSink commands() { return fixture.sink; }
        @Override public List<InboundChannel<?, ?>> channels() { return List.of(); }
        @Override public void tapInbound(InboundTaps taps) { }
        @Override public boolean isUp() { return linkUp; }
        @Override public String summary() { return "stub"; }
        @Override public void close() { }
    }
}
