package io.policyrt.sim.run;

import io.policyrt.controller.domain.WheelCommand;
import io.policyrt.controller.port.SensorSlots;
import io.policyrt.controller.slot.LatestValue;
import io.policyrt.controller.time.NanoClock;
import io.policyrt.drivers.inbound.InboundChannel;
import io.policyrt.drivers.inbound.InboundTaps;
import io.policyrt.drivers.transport.TransportException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A simulated robot served to a controller over a transport (MQTT, ROS 1, ROS 2). A subclass
 * connects its transport, writes the wheel commands it receives into {@link #commands} and
 * publishes each sensor sample; this class runs the one real-time episode they serve.
 *
 * <p>Every transport receives the commands through {@link InboundChannel}s, which {@link
 * #commandChannels()} lists for status lines and reports; {@link #close()} stops the simulator
 * and then the transport.
 *
 * <p>The episode clock starts with {@link #beginEpisode()}, usually at the first command from a
 * controller, so that an obstacle encounter is timed to the robot's actual start. When commands
 * stop, the simulated motor driver stops the wheels after its own command timeout.
 */
public abstract class SimServer implements AutoCloseable {
    /**
     * How long the transport's teardown may take. It calls into the transport's library (a DDS
     * participant's removal is a native call); should that not return, close() logs where it is
     * stuck after this bound and returns, so that the episode is still reported and the process
     * exits.
     */
    public static final long TRANSPORT_CLOSE_BOUND_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final Logger LOG = LoggerFactory.getLogger(SimServer.class);
    protected final SimWorld world;
    protected final NanoClock clock;
    /** The wheel set-points the simulated motors follow; the transport fills it. */
    protected final LatestValue<WheelCommand> commands;
    /** Where {@link #start} gets each command channel's tap, before it subscribes the channel. */
    protected volatile InboundTaps commandTaps = InboundTaps.NONE;
    private volatile RealTimeSimulator simulator;
    private boolean closed;

    /** @param commandsName names the command slot in diagnostics */
    protected SimServer(SimWorld world, NanoClock clock, String commandsName) {
        this.world = world;
        this.clock = clock;
        this.commands = new LatestValue<>(commandsName, WheelCommand::new);
    }

    /** Connects the transport, advertises the sensors, publishes the path and subscribes to the commands. */
    public abstract void start() throws TransportException;

    /** Before {@link #start}: each command channel gets its tap from {@code taps} before its topic is subscribed. */
    public final void tapCommands(InboundTaps taps) {
        this.commandTaps = taps;
    }

    /** The command topics as the transport receives them, with their counts and latency. */
    public abstract List<InboundChannel<?, ?>> commandChannels();

    /** Where the simulated robot is reachable, for the start-up line (broker, node and master, DDS domain). */
    public abstract String endpoint();

    /** Whether the transport is connected (MQTT) or otherwise able to serve. Any thread. */
    public abstract boolean isUp();

    /** The transport's own counters on one line (connects, losses, failed publishes). */
    public abstract String summary();

    /** Closes the transport (connection, node, participant), after the simulator has stopped. */
    protected abstract void closeTransport();

    /** Whether a controller has sent at least one valid command. */
    public final boolean commanded() {
        for (InboundChannel<?, ?> c : commandChannels()) {
            if (c.accepted() > 0) {
                return true;
            }
        }
        return false;
    }

    /** Sim thread, after each sensor sample: sends the robot's odometry and obstacle track. */
    protected abstract void publishSensors(Simulation sim);

    /** Starts the simulated world on the wall clock now; sensors flow from here on. */
    public final synchronized void beginEpisode() {
        if (simulator != null) {
            throw new IllegalStateException("episode already running");
        }
        SensorSlots local = new SensorSlots(Math.max(2, world.scenario().path().xM().length));
        RealTimeSimulator rt = new RealTimeSimulator(world.simulation(clock.nanoTime()), clock, local, commands,
                world.sensorPeriodNanos(), (s, tick) -> publishSensors(s));
        simulator = rt;
        rt.start();
    }

    /** Path completed, collision or time limit. */
    public final boolean episodeOver() {
        RealTimeSimulator rt = simulator;
        return rt != null && rt.episodeOver();
    }

    /** The running simulator, or null before {@link #beginEpisode()}. */
    public final RealTimeSimulator simulator() { return simulator; }

    /** The episode's metrics so far, or null before {@link #beginEpisode()}. */
    public final EpisodeMetrics metrics() {
        RealTimeSimulator rt = simulator;
        return rt == null ? null : rt.simulation().metrics();
    }

    /** Stops the simulator, then the transport (within {@link #TRANSPORT_CLOSE_BOUND_NANOS}). Idempotent. */
    @Override
    public final synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        RealTimeSimulator rt = simulator;
        if (rt != null) {
            rt.close();
        }
        closeTransportWithin(TRANSPORT_CLOSE_BOUND_NANOS);
    }

    /** Runs {@link #closeTransport()} on a daemon thread and waits for it at most {@code boundNanos}. */
    final void closeTransportWithin(long boundNanos) {
        Thread teardown = new Thread(this::closeTransport, "policyrt-transport-close");
        teardown.setDaemon(true);
        teardown.start();
        try {
            teardown.join(TimeUnit.NANOSECONDS.toMillis(boundNanos));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (teardown.isAlive()) {
            LOG.warn("transport teardown ({}) did not finish within {} ms; left to the process exit. It waits at:\n  at {}",
                    getClass().getSimpleName(), TimeUnit.NANOSECONDS.toMillis(boundNanos),
                    String.join("\n  at ", Arrays.stream(teardown.getStackTrace()).map(String::valueOf).toList()));
        }
    }
}
