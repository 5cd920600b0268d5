package io.policyrt.benchmarks.latency;

import io.policyrt.benchmarks.TrackingTrajectory;
import io.policyrt.controller.domain.ObstacleTrack;
import io.policyrt.controller.domain.Odometry;
import io.policyrt.controller.domain.PathReference;
import io.policyrt.controller.time.NanoClock;
import java.util.concurrent.locks.LockSupport;

/**
 * Plays the robot's sensors into a {@link DriverPort}: the path once, then odometry at the sensor
 * rate along a {@link TrackingTrajectory} and an obstacle report every {@code obstacleEvery}-th
 * odometry message, each stamped with the driver's clock just before it is sent. The stream keeps
 * absolute deadlines; it parks between messages (a sensor does not spin).
 */
public final class SensorDriver {
    private final DriverPort port;
    private final NanoClock clock;
    private final PathReference path;
    private final TrackingTrajectory trajectory;
    private final long periodNanos;
    private final int obstacleEvery;
    private final Odometry odometry = new Odometry();
    private final ObstacleTrack obstacle = new ObstacleTrack();
    private final Thread thread;
    /** Per-hop timing, or null: each odometry stamp is its command's first moment. */
    private final CommandHops hops;
    private volatile boolean running = true;
    private volatile long sent;

    public SensorDriver(DriverPort port, NanoClock clock, PathReference path, double sensorRateHz, double obstacleRateHz) {
        this(port, clock, path, sensorRateHz, obstacleRateHz, null);
    }

    /** @param hops where each odometry stamp opens its command's {@link CommandHops} entry; may be null */
    SensorDriver(DriverPort port, NanoClock clock, PathReference path, double sensorRateHz, double obstacleRateHz, CommandHops hops) {
        this.hops = hops;
        if (!(sensorRateHz > 0) || !(obstacleRateHz > 0)) {
            throw new IllegalArgumentException("sensor rates must be > 0 Hz");
        }
        this.port = port;
        this.clock = clock;
        this.path = path;
        this.periodNanos = Math.round(1e9 / sensorRateHz);
        this.trajectory = new TrackingTrajectory(path, periodNanos);
        this.obstacleEvery = Math.max(1, (int) Math.round(sensorRateHz / obstacleRateHz));
        this.thread = new Thread(this::run, "bench-sensor-driver");
        thread.setDaemon(true);
    }

    /** Sends the path and starts the stream, with an obstacle report and odometry at once. */
    public void start() {
        port.publishPath(path);
        thread.start();
    }

    private void run() {
        long next = System.nanoTime();
        int i = 0;
        long k = 0;
        while (running) {
            long now = System.nanoTime();
            if (now < next) {
                LockSupport.parkNanos(next - now);
                continue;
            }
            TrackingTrajectory t = trajectory;
            if (k % obstacleEvery == 0) {
                port.publishObstacle(obstacle.set(clock.nanoTime(), ObstacleTrack.Frame.WORLD, t.obstacleXM(i), t.obstacleYM(i),
                        TrackingTrajectory.OBSTACLE_VX_MPS, TrackingTrajectory.OBSTACLE_VY_MPS, TrackingTrajectory.OBSTACLE_RADIUS_M));
            }
            odometry.set(clock.nanoTime(), t.xM(i), t.yM(i), t.yawRad(i), t.vMps(i), t.wRadps(i));
            if (hops != null) {
                hops.stamped(odometry.stampNanos());
            }
            port.publishOdometry(odometry);
            sent = sent + 1;
            i = i + 1 == t.length() ? 0 : i + 1;
            k++;
            next += periodNanos;
            if (System.nanoTime() - next > periodNanos) {
                next = System.nanoTime(); // fell behind by more than a period: resume the rate from now
            }
        }
    }

    /** Odometry messages sent so far. */
    public long sent() { return sent; }

    public void stop() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
