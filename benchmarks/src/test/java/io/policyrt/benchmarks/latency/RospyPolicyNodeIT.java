package io.policyrt.benchmarks.latency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.policyrt.benchmarks.PolicyFiles;
import io.policyrt.benchmarks.RepositoryRoot;
import io.policyrt.benchmarks.TrackingTrajectory;
import io.policyrt.controller.domain.ObstacleTrack;
import io.policyrt.controller.domain.Odometry;
import io.policyrt.controller.domain.PathReference;
import io.policyrt.controller.loop.TriggerMode;
import io.policyrt.controller.observation.FeatureRegistry;
import io.policyrt.controller.policy.Policy;
import io.policyrt.controller.policy.PolicyLoader;
import io.policyrt.controller.time.SystemNanoClock;
import io.policyrt.ros1.msg.geometry_msgs.TwistStamped;
import io.policyrt.ros1.msg.std_msgs.Bool;
import io.policyrt.ros1.node.Ros1Node;
import io.policyrt.ros1.node.Ros1NodeSettings;
import io.policyrt.ros1.tcpros.TopicPublisher;
import io.policyrt.sim.scenario.ReferencePaths;
import io.policyrt.sim.scenario.Scenario;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rospy peer ({@code peers.rospy_policy_node}) against a real rosmaster started on a free
 * loopback port, fed by PolicyRT's own ROS 1 node: it receives odometry, path and obstacle track
 * (so the run-time ObstacleTrack class has PolicyRT's md5 sum, or TCPROS would refuse it) and
 * answers each odometry with a finite TwistStamped that carries the odometry's stamp. Bad input
 * (a NaN pose, odometry older than the newest, an e-stop, odometry that stops coming in timer
 * mode) gets a zero command or is dropped. The test sends one odometry message at a time and
 * waits for its answer, because a queue_size=1 subscriber may drop a message that arrives while
 * the previous one is still being processed.
 */
class RospyPolicyNodeIT {
    private static final long STEP_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final long ANSWER_TIMEOUT_S = 30;

    @TempDir
    Path dir;

    private RosMasterProcess master;
    private RospyPeerNode peer;
    private Ros1DriverPort driver;
    private Ros1Node probe;
    private TopicPublisher<Bool> estop;
    private final LinkedBlockingQueue<Command> commands = new LinkedBlockingQueue<>();
    private TrackingTrajectory trajectory;
    private long stamp;
    private int step;

    /** One command as the peer sent it. */
    private record Command(long stampNanos, double vMps, double wRadps) {
        boolean isStop() { return vMps == 0 && wRadps == 0; }
    }

    @BeforeEach
    void startMaster() throws Exception {
        master = RosMasterProcess.start(dir.resolve("ros")); // fails naming ros-core when it is missing
        RospyPeerNode.checkInterpreter(python()); // fails naming the Debian packages
    }

    @AfterEach
    void stopAll() throws Exception {
        if (peer != null) {
            peer.close();
        }
        if (driver != null) {
            driver.close();
        }
        if (probe != null) {
            probe.close();
        }
        master.close();
    }

    @Test
    void answers_each_odometry_with_a_finite_command_that_echoes_its_stamp() throws Exception {
        start(TriggerMode.ON_MESSAGE, 0);
        List<Command> answers = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            long sent = sendOdometry(false);
            Command c = awaitAnswerTo(sent);
            assertThat(Double.isFinite(c.vMps()) && Double.isFinite(c.wRadps())).as("finite command %s", c).isTrue();
            // the shipped policy's action bounds: v in [0, 0.8] m/s, |w| <= 1.5 rad/s
            assertThat(c.vMps()).as("%s", c).isBetween(0.0, 0.8);
            assertThat(Math.abs(c.wRadps())).as("%s", c).isLessThanOrEqualTo(1.5);
            answers.add(c);
        }
        // On the path at 0.5 m/s with a valid stream the policy drives: no answer is a stop.
        assertThat(answers).noneMatch(Command::isStop);
        assertThat(peer.log()).contains("onnx runtime check: max |diff|");

        // SIGTERM stops it cleanly (it writes its timings only on that path), one processing time per command.
        NodeStats stats = peer.stop();
        assertThat(stats.processing().getTotalCount()).isGreaterThanOrEqualTo(answers.size());
        assertThat(stats.wakeLateness()).isNull();
    }

    @Test
    void a_nan_pose_gets_a_stop_and_older_odometry_is_dropped() throws Exception {
        start(TriggerMode.ON_MESSAGE, 0);
        assertThat(awaitAnswerTo(sendOdometry(false)).isStop()).isFalse();

        Command nan = awaitAnswerTo(sendOdometry(true));
        assertThat(nan.isStop()).as("a NaN pose makes a non-finite feature: stop").isTrue();
        assertThat(awaitAnswerTo(sendOdometry(false)).isStop()).as("the next valid pose drives again").isFalse();

        // An odometry message stamped before the newest one is dropped: it gets no answer, while
        // the next newer one (same connection, so it arrives after it) does.
        long newest = stamp;
        long older = newest - 5 * STEP_NANOS;
        driver.publishOdometry(odometry(older, step, false));
        long next = sendOdometry(false);
        Command answer = awaitAnswerTo(next);
        assertThat(answer.stampNanos()).isEqualTo(next);
        assertThat(commands).noneMatch(c -> c.stampNanos() == older);
    }

    @Test
    void an_engaged_estop_commands_zero_until_it_is_released() throws Exception {
        start(TriggerMode.ON_MESSAGE, 0);
        assertThat(awaitAnswerTo(sendOdometry(false)).isStop()).isFalse();
        awaitEstopSubscriber();

        estop.publish(bool(true));
        // The e-stop arrives on its own connection: answers turn to zero once it is in ...
        awaitAnswer(true);
        // ... and stay zero while it is engaged, for a perfectly valid stream.
        for (int i = 0; i < 10; i++) {
            assertThat(awaitAnswerTo(sendOdometry(false)).isStop()).as("e-stop engaged").isTrue();
        }
        estop.publish(bool(false));
        awaitAnswer(false);
    }

    @Test
    void timer_mode_echoes_the_newest_odometry_and_stops_when_it_goes_stale() throws Exception {
        start(TriggerMode.TIMER, 50);
        long last = 0;
        for (int i = 0; i < 5; i++) {
            last = sendOdometry(false);
            Command c = awaitAnswerTo(last);
            assertThat(Double.isFinite(c.vMps()) && Double.isFinite(c.wRadps())).as("finite command %s", c).isTrue();
        }
        // Each tick answers with the newest odometry; while it is fresh the policy drives.
        awaitCommand(last, false);
        // No more odometry: the timer goes on answering with the last stamp, and within the
        // odometry timeout (0.1 s, a few ticks at 50 Hz) it commands zero.
        awaitCommand(last, true);
        Command after = commands.poll(ANSWER_TIMEOUT_S, TimeUnit.SECONDS);
        assertThat(after).as("the timer keeps ticking").isNotNull();
        assertThat(after.stampNanos()).isEqualTo(last);
        assertThat(after.isStop()).as("and keeps commanding zero: %s", after).isTrue();

        // SIGTERM stops the timer loop cleanly; it reports a processing time and a wake-up lateness per tick.
        NodeStats stats = peer.stop();
        assertThat(stats.processing().getTotalCount()).isPositive();
        assertThat(stats.wakeLateness().getTotalCount()).isPositive();
        assertThat(stats.missedDeadlines()).isGreaterThanOrEqualTo(0);
    }

    // ------------------------------------------------------------------ set-up and helpers

    private void start(TriggerMode mode, double rateHz) throws Exception {
        Path policyFile = RepositoryRoot.resolve(PolicyFiles.SHIPPED);
        Path reference = dir.resolve("onnx-reference.json");
        try (Policy policy = PolicyLoader.load(policyFile, FeatureRegistry.tracking().names())) {
            OnnxReference.write(policy, reference);
        }
        peer = new RospyPeerNode(python(), RepositoryRoot.resolve("policy-export/python"), policyFile, reference,
                master.environment(), mode, mode == TriggerMode.TIMER ? rateHz : 1, dir);
        peer.start();

        probe = Ros1Node.start(Ros1NodeSettings.resolve("rospy_peer_test_probe", master.uri(), "127.0.0.1", Map.of()));
        probe.subscribe(Ros1DriverPort.CMD_VEL_TOPIC, TwistStamped.TYPE,
                m -> commands.add(new Command(m.header.stamp.toNanos(), m.twist.linear.x, m.twist.angular.z)));
        estop = probe.advertise(Ros1DriverPort.ESTOP_TOPIC, Bool.TYPE, false);

        driver = new Ros1DriverPort(master.uri(), new CommandProbe(SystemNanoClock.INSTANCE));
        ReferencePaths.Polyline line = ReferencePaths.of(ReferencePaths.Shape.FIGURE_EIGHT);
        PathReference path = new PathReference(line.count()).set(SystemNanoClock.INSTANCE.nanoTime(), line.xM(), line.yM(),
                line.count(), Scenario.TARGET_SPEED_MPS);
        trajectory = new TrackingTrajectory(path, STEP_NANOS);
        stamp = SystemNanoClock.INSTANCE.nanoTime();
        step = 50; // a little way along the path, obstacle ahead
        driver.publishPath(path);
        publishObstacle();

        // Connections form in the background once the master tells the peer about the driver:
        // send odometry until the first answer comes back.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            long sent = sendOdometry(false);
            Command c = commands.poll(100, TimeUnit.MILLISECONDS);
            if (c != null && c.stampNanos() > 0 && !c.isStop()) {
                assertThat(c.stampNanos()).as("echoes a stamp that was sent").isLessThanOrEqualTo(sent);
                break;
            }
            if (System.nanoTime() > deadline) {
                fail("no driving command from the rospy peer within 60 s; its log:%n%s", peer.log());
            }
            if (step % 10 == 0) {
                publishObstacle();
            }
        }
        commands.clear();
    }

    private static String python() {
        return System.getProperty("policyrt.python", "/usr/bin/python3");
    }

    private long sendOdometry(boolean nanPose) {
        stamp += STEP_NANOS;
        step = (step + 1) % trajectory.length();
        driver.publishOdometry(odometry(stamp, step, nanPose));
        return stamp;
    }

    private Odometry odometry(long stampNanos, int i, boolean nanPose) {
        return new Odometry().set(stampNanos, nanPose ? Double.NaN : trajectory.xM(i), trajectory.yM(i), trajectory.yawRad(i),
                trajectory.vMps(i), trajectory.wRadps(i));
    }

    private void publishObstacle() {
        driver.publishObstacle(new ObstacleTrack().set(stamp, ObstacleTrack.Frame.WORLD, trajectory.obstacleXM(step),
                trajectory.obstacleYM(step), TrackingTrajectory.OBSTACLE_VX_MPS, TrackingTrajectory.OBSTACLE_VY_MPS,
                TrackingTrajectory.OBSTACLE_RADIUS_M));
    }

    /** The peer's answer to the odometry stamped {@code sent}; earlier answers are skipped. */
    private Command awaitAnswerTo(long sent) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ANSWER_TIMEOUT_S);
        while (System.nanoTime() < deadline) {
            Command c = commands.poll(1, TimeUnit.SECONDS);
            if (c != null && c.stampNanos() == sent) {
                return c;
            }
            assertThat(c == null || c.stampNanos() < sent).as("answer %s to an odometry not sent yet (%d)", c, sent).isTrue();
        }
        return fail("no answer to the odometry stamped %d within %d s; rospy peer log:%n%s", sent, ANSWER_TIMEOUT_S, peer.log());
    }

    /** Waits for a command that echoes {@code stampNanos} and is (or is not) a stop. */
    private void awaitCommand(long stampNanos, boolean stop) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ANSWER_TIMEOUT_S);
        while (System.nanoTime() < deadline) {
            Command c = commands.poll(1, TimeUnit.SECONDS);
            if (c != null && c.stampNanos() == stampNanos && c.isStop() == stop) {
                return;
            }
        }
        fail("no %s command echoing %d within %d s; rospy peer log:%n%s", stop ? "stop" : "driving", stampNanos, ANSWER_TIMEOUT_S,
                peer.log());
    }

    /** Sends odometry one message at a time until an answer is (or is not) a stop. */
    private void awaitAnswer(boolean stop) throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            if (awaitAnswerTo(sendOdometry(false)).isStop() == stop) {
                return;
            }
        }
        fail("no %s answer after 500 odometry messages; rospy peer log:%n%s", stop ? "stop" : "driving", peer.log());
    }

    private void awaitEstopSubscriber() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ANSWER_TIMEOUT_S);
        while (estop.subscriberCount() == 0) {
            if (System.nanoTime() > deadline) {
                fail("the rospy peer did not subscribe to %s; log:%n%s", Ros1DriverPort.ESTOP_TOPIC, peer.log());
            }
            Thread.sleep(20);
        }
    }

    private static Bool bool(boolean value) {
        Bool b = new Bool();
        b.data = value;
        return b;
    }
}
