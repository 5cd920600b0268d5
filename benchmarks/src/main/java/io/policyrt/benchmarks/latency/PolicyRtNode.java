package io.policyrt.benchmarks.latency;

import io.policyrt.controller.action.DriveConfig;
import io.policyrt.controller.domain.Odometry;
import io.policyrt.drivers.inbound.InboundChannel;
import io.policyrt.drivers.outbound.HandOffCommandSink;
import io.policyrt.drivers.transport.ChannelSource;
import io.policyrt.controller.loop.ControlLoop;
import io.policyrt.controller.loop.ControlTick;
import io.policyrt.controller.loop.LoopConfig;
import io.policyrt.controller.observation.FeatureRegistry;
import io.policyrt.controller.policy.Policy;
import io.policyrt.controller.port.CommandSink;
import io.policyrt.controller.port.SensorSlots;
import io.policyrt.controller.port.SensorSource;
import io.policyrt.controller.safety.SafetyLimits;
import io.policyrt.controller.telemetry.LoopMetric;
import io.policyrt.controller.telemetry.LoopTiming;
import io.policyrt.controller.time.NanoClock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * PolicyRT as it runs on a robot: {@code ControlTick.assemble} wiring and a {@link ControlLoop} on its
 * own thread, behind any {@link SensorSource} and {@link CommandSink} (in-process, MQTT, ...). The
 * loop's own {@link LoopTiming} supplies the tick time, wake-up lateness and input age.
 */
public final class PolicyRtNode implements NodeUnderTest {
    private final Policy policy;
    private final LoopConfig loopConfig;
    private final NanoClock clock;
    private final SensorSource source;
    private final CommandSink sink;
    private final AutoCloseable transport;
    private final SensorSlots slots = new SensorSlots();
    private ControlLoop loop;
    private CommandHops hops;
    private long overrunsAtReset;
    private boolean closed;

    /**
     * @param transport closed last, after source and sink (e.g. the MQTT connection both share); may be null
     */
    public PolicyRtNode(Policy policy, LoopConfig loopConfig, NanoClock clock, SensorSource source, CommandSink sink,
                        AutoCloseable transport) {
        this.policy = policy;
        this.loopConfig = loopConfig;
        this.clock = clock;
        this.source = source;
        this.sink = sink;
        this.transport = transport;
    }

    /** Reports each command's hops to {@code hops} from the runtime's taps; call before {@link #start}. */
    void traceHops(CommandHops hops) {
        this.hops = hops;
        CommandSink target = sink instanceof OdometryStampEcho echo ? echo.target() : sink;
        if (target instanceof HandOffCommandSink handOff) {
            handOff.sendTap(hops);
        }
    }

    @Override
    public void start() throws Exception {
        long period = policy.spec().controlPeriodNanos();
        ControlTick controller = ControlTick.assemble(policy, FeatureRegistry.tracking(), DriveConfig.defaults(),
                SafetyLimits.defaultsFor(period), clock, slots, sink);
        source.start(slots);
        if (hops != null) {
            controller.tap(hops);
            if (source instanceof ChannelSource channels) {
                for (InboundChannel<?, ?> c : channels.channels()) {
                    if (c.valueType() == Odometry.class) {
                        c.tap(hops);
                    }
                }
            }
        }
        loop = new ControlLoop(controller, loopConfig, clock, slots);
        loop.start();
    }

    @Override
    public void resetStats() {
        loop.tick().timing().reset();
        overrunsAtReset = loop.overruns();
    }

    @Override
    public NodeStats stop() {
        LoopTiming timing = loop.tick().timing();
        // Read before stopping: the final stop command is not part of the measurement.
        Map<String, Histogram> phases = new LinkedHashMap<>();
        for (LoopMetric m : new LoopMetric[] {LoopMetric.READ, LoopMetric.INFER, LoopMetric.ACT, LoopMetric.WRITE}) {
            phases.put(m.name().toLowerCase(Locale.ROOT), timing.snapshot(m));
        }
        NodeStats stats = new NodeStats(timing.snapshot(LoopMetric.TICK), timing.snapshot(LoopMetric.WAKE_LATENESS),
                timing.snapshot(LoopMetric.INPUT_AGE), loop.overruns() - overrunsAtReset,
                "tick: snapshot to command handed to the transport", phases);
        close();
        return stats;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (loop != null) {
            loop.stop();
        }
        sink.close();
        source.close();
        if (transport != null) {
            try {
                transport.close();
            } catch (Exception e) {
                // closing a broker connection at the end of a leg: nothing left to save
            }
        }
        policy.close();
    }
}
