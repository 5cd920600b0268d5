package io.policyrt.sim.run;

import io.policyrt.controller.domain.WheelCommand;
import io.policyrt.controller.port.SensorSlots;
import io.policyrt.controller.slot.LatestValue;
import io.policyrt.controller.time.NanoClock;

/**
 * A simulated robot served to a controller over a transport (MQTT, ROS 1, ROS 2). A subclass
 * connects its transport, writes the wheel commands it receives into {@link #commands} and
 * publishes each sensor sample; this class runs the one real-time episode they serve.
 *
 * <p>The episode clock starts with {@link #beginEpisode()}, usually at the first command from a
 * controller, so that an obstacle encounter is timed to the robot's actual start. When commands
 * stop, the simulated motor driver stops the wheels after its own command timeout.
 */
public abstract class SimServer implements AutoCloseable {
    protected final SimWorld world;
    protected final NanoClock clock;
    /** The wheel set-points the simulated motors follow; the transport fills it. */
    protected final LatestValue<WheelCommand> commands;
    private volatile RealTimeSimulator simulator;

    /** @param commandsName names the command slot in diagnostics */
    protected SimServer(SimWorld world, NanoClock clock, String commandsName) {
        this.world = world;
        this.clock = clock;
        this.commands = new LatestValue<>(commandsName, WheelCommand::new);
    }

    /** Whether a controller has sent at least one valid command. */
    public abstract boolean commanded();

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

    /** Stops the simulator; the transport's connection belongs to the caller. */
    @Override
    public void close() {
        RealTimeSimulator rt = simulator;
        if (rt != null) {
            rt.close();
        }
    }
}
