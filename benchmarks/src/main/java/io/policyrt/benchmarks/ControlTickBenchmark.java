package io.policyrt.benchmarks;

import io.policyrt.controller.domain.WheelCommand;
import io.policyrt.controller.policy.Policy;
import io.policyrt.controller.policy.PolicyBackend;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One whole control tick as the runtime runs it: snapshot of the sensor slots, observation,
 * policy inference, action pipeline, safety checks and the in-process command sink, plus what a
 * transport and a consumer add around it (fresh odometry and obstacle values written into the
 * slots, the command read back from the sink). See {@link TickRig}.
 *
 * <p>{@code -p policyFile=java:steering-law} runs the same tick with a plain-Java policy, which
 * separates the runtime's own cost from ONNX Runtime's; {@code -p backend=java} runs the ONNX
 * file on the Java MLP evaluator, on the Vector API as {@code ./policyrt} runs it (the forks get
 * {@code --add-modules jdk.incubator.vector}).
 */
@Fork(jvmArgsAppend = "--add-modules=jdk.incubator.vector")
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ControlTickBenchmark {
    /** An ONNX policy file (absolute, or relative to the repository root), or {@code java:steering-law}. */
    @Param({PolicyFiles.SHIPPED, PolicyFiles.DSACT})
    public String policyFile;

    /** {@code policy.backend}: {@code onnxruntime} or {@code java} (or {@code auto}). */
    @Param({"onnxruntime", "java"})
    public String backend;

    private Policy policy;
    private TickRig rig;

    @Setup(Level.Trial)
    public void setUp() {
        PolicyBackend b = PolicyBackend.parse(backend);
        if (b == null) {
            throw new IllegalArgumentException("backend must be auto, onnxruntime or java, got '" + backend + "'");
        }
        policy = PolicyFiles.open(policyFile, b);
        rig = new TickRig(policy);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        long stops = rig.stopTicks();
        policy.close();
        if (stops != 0) {
            throw new IllegalStateException(stops + " ticks commanded a stop instead of running the policy; the"
                    + " measurement does not show the whole tick (" + rig.tick().governor().currentReason() + ")");
        }
    }

    @Benchmark
    public void tick(Blackhole bh) {
        rig.step();
        WheelCommand command = rig.takeCommand();
        bh.consume(command.leftRadps());
        bh.consume(command.rightRadps());
    }
}
