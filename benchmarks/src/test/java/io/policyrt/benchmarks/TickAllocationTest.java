package io.policyrt.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.policyrt.controller.domain.WheelCommand;
import io.policyrt.controller.loop.ControlLoop;
import io.policyrt.controller.loop.LoopConfig;
import io.policyrt.controller.policy.Policy;
import io.policyrt.controller.policy.PolicyBackend;
import io.policyrt.controller.policy.mlp.MlpEvaluators;
import io.policyrt.controller.policy.mlp.MlpPolicy;
import io.policyrt.controller.telemetry.TickRecord;
import io.policyrt.metrics.ControllerMetrics;
import io.policyrt.metrics.LoopHeartbeat;
import io.policyrt.recorder.FlightRecorder;
import io.policyrt.controller.port.CommandSink;
import io.policyrt.controller.port.SensorSlots;
import io.policyrt.controller.port.SensorSource;
import io.policyrt.drivers.inbound.InboundChannel;
import io.policyrt.drivers.inbound.InboundTaps;
import io.policyrt.drivers.transport.TransportLink;
import java.util.List;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.policyrt.recorder.TickRing;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Counts the heap bytes the control tick allocates on its thread, with the JVM's per-thread
 * allocation counter, after warm-up. Not a timing test: it asserts bytes, never nanoseconds.
 *
 * <p>With a plain-Java policy, and with an ONNX policy file on the Java MLP evaluator, the tick
 * path (snapshot, observation, policy, action pipeline, safety, sink, and the rig's own sensor
 * writes) must allocate nothing in steady state. With a file on ONNX Runtime the number is only
 * printed: ONNX Runtime's Java {@code run} allocates a few objects per call, which the JMH
 * {@code -prof gc} runs in the README quantify.
 */
class TickAllocationTest {
    private static final int WARM_UP_TICKS = 50_000;
    private static final int MEASURED_TICKS = 20_000;
    private static final int ONNX_WARM_UP_TICKS = 20_000;
    private static final int ONNX_MEASURED_TICKS = 5_000;

    private static com.sun.management.ThreadMXBean threads;

    @BeforeAll
    static void allocationCounter() {
        // Not a skip: without the counter the zero-allocation claim would go unchecked.
        assertThat(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean)
                .as("this JVM has no com.sun.management.ThreadMXBean; run the tests on an OpenJDK (HotSpot) JDK 17+")
                .isTrue();
        threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertThat(threads.isThreadAllocatedMemorySupported())
                .as("this JVM cannot count allocated bytes per thread; run the tests on an OpenJDK (HotSpot) JDK 17+")
                .isTrue();
        threads.setThreadAllocatedMemoryEnabled(true);
    }

    @Test
    void tick_with_a_java_policy_allocates_nothing_in_steady_state() {
        SteeringLawPolicy policy = new SteeringLawPolicy();
        TickRig rig = new TickRig(policy);

        run(rig, WARM_UP_TICKS);
        double bytesPerTick = bytesPerTick(rig, MEASURED_TICKS);
        System.out.printf("tick allocation, java steering law: %.3f B/tick over %d ticks%n", bytesPerTick, MEASURED_TICKS);

        // Every tick ran the policy and shaped its action: none was replaced by a stop, so the
        // measurement covers the whole path and not the shorter stop branch.
        assertThat(rig.stopTicks()).as("ticks that commanded a stop").isZero();
        assertThat(rig.tick().tickCount()).isEqualTo(1L + WARM_UP_TICKS + MEASURED_TICKS);
        assertThat(rig.takeCommand().leftRadps()).isNotZero();
        // 20,000 ticks allocating one 16-byte object once would already read 0.0008 B/tick; any
        // per-tick allocation reads at least 16 B/tick.
        assertThat(bytesPerTick).as("bytes allocated per tick").isLessThan(1.0);
    }

    @Test
    void tick_with_the_flight_recorder_attached_allocates_nothing_on_the_control_thread(@TempDir Path dir) throws Exception {
        SteeringLawPolicy policy = new SteeringLawPolicy();
        TickRig rig = new TickRig(policy);
        try (FlightRecorder recorder = FlightRecorder.start(FlightRecorder.Settings.of(dir.resolve("alloc.mcap")),
                policy.spec().featureNames(), policy.spec().actionNames(), Map.of())) {
            rig.tick().tap(recorder.tickTap());
            run(rig, WARM_UP_TICKS);
            long recordedBefore = recorder.ticksRecorded();
            long droppedBefore = recorder.ticksDropped();
            double bytesPerTick = bytesPerTick(rig, MEASURED_TICKS);
            long recorded = recorder.ticksRecorded() - recordedBefore;
            long dropped = recorder.ticksDropped() - droppedBefore;
            System.out.printf("tick allocation with the flight recorder: %.3f B/tick over %d ticks (ring of %d: %d dropped "
                    + "during the measurement, the lock-step rig ticks faster than any writer)%n", bytesPerTick, MEASURED_TICKS,
                    FlightRecorder.Settings.DEFAULT_QUEUE_TICKS, dropped);

            assertThat(rig.stopTicks()).as("ticks that commanded a stop").isZero();
            assertThat(rig.tick().tapFailures()).isZero();
            // Both the copy into a free slot and the drop on a full ring ran; neither may allocate.
            assertThat(recorder.ticksOffered()).isEqualTo((long) WARM_UP_TICKS + MEASURED_TICKS); // attached after the rig's first tick
            assertThat(recorded + dropped).as("ticks the writer took or the ring dropped").isGreaterThan(0);
            assertThat(bytesPerTick).as("bytes allocated per tick on the control thread").isLessThan(1.0);
        }
    }

    @Test
    void tick_with_the_recorder_and_the_metrics_heartbeat_sharing_the_tap_allocates_nothing_while_scraped(@TempDir Path dir)
            throws Exception {
        SteeringLawPolicy policy = new SteeringLawPolicy();
        TickRig rig = new TickRig(policy);
        LoopHeartbeat heartbeat = new LoopHeartbeat();
        PrometheusRegistry registry = new PrometheusRegistry();
        ControlLoop loop = new ControlLoop(rig.tick(), LoopConfig.timer(rig.periodNanos()), rig.clock(), rig.slots()); // never started
        ControllerMetrics.register(registry, loop, rig.slots().estop(), inProcessLink(rig), heartbeat,
                null);
        AtomicBoolean measuring = new AtomicBoolean(true);
        AtomicLong scrapes = new AtomicLong();
        try (FlightRecorder recorder = FlightRecorder.start(FlightRecorder.Settings.of(dir.resolve("alloc.mcap")),
                policy.spec().featureNames(), policy.spec().actionNames(), Map.of())) {
            rig.tick().addTap(recorder.tickTap());
            rig.tick().addTap(heartbeat);
            // A scraper on another thread reads the loop's histograms and counters the whole time (its garbage is its own).
            Thread scraper = new Thread(() -> {
                while (measuring.get()) {
                    registry.scrape();
                    scrapes.incrementAndGet();
                }
            }, "scraper");
            scraper.start();
            run(rig, WARM_UP_TICKS);
            double bytesPerTick = bytesPerTick(rig, MEASURED_TICKS);
            measuring.set(false);
            scraper.join();
            System.out.printf("tick allocation with the flight recorder and the metrics heartbeat, scraped %d times meanwhile: "
                    + "%.3f B/tick over %d ticks%n", scrapes.get(), bytesPerTick, MEASURED_TICKS);

            assertThat(rig.stopTicks()).as("ticks that commanded a stop").isZero();
            assertThat(rig.tick().tapFailures()).isZero();
            // Both taps saw every tick: the recorder was offered each, the heartbeat holds the last.
            assertThat(recorder.ticksOffered()).isEqualTo((long) WARM_UP_TICKS + MEASURED_TICKS);
            assertThat(heartbeat.lastTickIndex()).isEqualTo(rig.tick().tickCount() - 1);
            assertThat(scrapes.get()).as("scrapes during the run").isPositive();
            assertThat(bytesPerTick).as("bytes allocated per tick on the control thread").isLessThan(1.0);
        } finally {
            measuring.set(false);
        }
    }

    @Test
    void tick_copying_every_record_into_the_recorder_ring_allocates_nothing() {
        SteeringLawPolicy policy = new SteeringLawPolicy();
        TickRig rig = new TickRig(policy);
        TickRing ring = new TickRing(new TickRecord(policy.spec().featureNames(), policy.spec().actionNames()), 4);
        // The ring emptied after every tick (peek and release allocate nothing): every tick takes the copy path.
        rig.tick().tap(record -> {
            ring.onTick(record);
            ring.peek();
            ring.release();
        });
        run(rig, WARM_UP_TICKS);
        double bytesPerTick = bytesPerTick(rig, MEASURED_TICKS);
        System.out.printf("tick allocation, every tick copied into the recorder ring: %.3f B/tick over %d ticks%n", bytesPerTick,
                MEASURED_TICKS);
        assertThat(ring.dropped()).isZero();
        assertThat(ring.offered()).isEqualTo((long) WARM_UP_TICKS + MEASURED_TICKS);
        assertThat(bytesPerTick).as("bytes allocated per tick").isLessThan(1.0);
    }

    @ParameterizedTest
    @ValueSource(strings = {PolicyFiles.SHIPPED, PolicyFiles.DSACT})
    void tick_with_an_onnx_policy_file_on_the_java_evaluator_allocates_nothing_in_steady_state(String file) {
        try (Policy policy = PolicyFiles.open(file, PolicyBackend.JAVA)) {
            // The evaluator that runs in production: the Vector API one (surefire adds the module, as ./policyrt does).
            assertThat(policy).isInstanceOf(MlpPolicy.class);
            assertThat(MlpEvaluators.vectorApiAvailable()).as("the tests run with --add-modules jdk.incubator.vector").isTrue();
            assertThat(policy.backend()).contains("vector");
            TickRig rig = new TickRig(policy);

            run(rig, WARM_UP_TICKS);
            double bytesPerTick = bytesPerTick(rig, MEASURED_TICKS);
            System.out.printf("tick allocation, %s on %s: %.3f B/tick over %d ticks%n", file, policy.backend(), bytesPerTick,
                    MEASURED_TICKS);

            // Every tick ran the policy (none was replaced by a stop), so the whole path was measured.
            assertThat(rig.stopTicks()).as("ticks that commanded a stop").isZero();
            assertThat(rig.takeCommand().leftRadps()).isNotZero();
            // As for the plain-Java policy: any per-tick allocation reads at least 16 B/tick.
            assertThat(bytesPerTick).as("bytes allocated per tick").isLessThan(1.0);
        }
    }

    @Test
    void tick_with_an_onnx_policy_reports_its_allocation() {
        String file = Files.isRegularFile(RepositoryRoot.resolve(PolicyFiles.SHIPPED))
                ? PolicyFiles.SHIPPED : "benchmarks/models/mlp-2x64.onnx";
        try (Policy policy = PolicyFiles.open(file)) {
            TickRig rig = new TickRig(policy);
            run(rig, ONNX_WARM_UP_TICKS);
            double tick = bytesPerTick(rig, ONNX_MEASURED_TICKS);

            float[] observation = new float[policy.spec().observationSize()];
            float[] action = new float[policy.spec().actionSize()];
            for (int i = 0; i < ONNX_WARM_UP_TICKS; i++) {
                policy.act(observation, action);
            }
            long overhead = counterOverhead();
            long before = allocatedBytes();
            for (int i = 0; i < ONNX_MEASURED_TICKS; i++) {
                observation[i & 7] = i * 1e-4f;
                policy.act(observation, action);
            }
            long after = allocatedBytes();
            double act = (double) (after - before - overhead) / ONNX_MEASURED_TICKS;

            System.out.printf("tick allocation, %s: %.1f B/tick; OnnxPolicy.act alone: %.1f B/call%n", file, tick, act);
            assertThat(rig.stopTicks()).as("ticks that commanded a stop").isZero();
        }
    }

    /** The rig's in-process sink as a link without inbound channels, for the metrics to read. */
    private static TransportLink inProcessLink(TickRig rig) {
        return new TransportLink() {
            @Override public String kind() { return "in-process"; }
            @Override public String endpoint() { return "the rig"; }
            @Override public SensorSource sensors() {
                return new SensorSource() {
                    @Override public void start(SensorSlots slots) { }
                    @Override public void close() { }
                };
            }
            @Override public CommandSink commands() { return rig.sink(); }
            @Override public List<InboundChannel<?, ?>> channels() { return List.of(); }
            @Override public void tapInbound(InboundTaps taps) { }
            @Override public boolean isUp() { return true; }
            @Override public String summary() { return ""; }
            @Override public void close() { }
        };
    }

    private static void run(TickRig rig, int ticks) {
        for (int i = 0; i < ticks; i++) {
            rig.step();
            rig.takeCommand();
        }
    }

    /** Average bytes the current thread allocates per tick over {@code ticks} ticks. */
    private static double bytesPerTick(TickRig rig, int ticks) {
        long overhead = counterOverhead();
        double sum = 0;
        long before = allocatedBytes();
        for (int i = 0; i < ticks; i++) {
            rig.step();
            WheelCommand command = rig.takeCommand();
            sum += command.leftRadps();
        }
        long after = allocatedBytes();
        assertThat(sum).isFinite();
        return (double) (after - before - overhead) / ticks;
    }

    /** Heap bytes the current thread has allocated since it started. */
    private static long allocatedBytes() {
        return threads.getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    /** What reading the counter itself allocates, taken off every measurement. */
    private static long counterOverhead() {
        long first = allocatedBytes();
        long second = allocatedBytes();
        return second - first;
    }
}
