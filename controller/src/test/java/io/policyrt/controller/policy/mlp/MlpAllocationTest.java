package io.policyrt.controller.policy.mlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Counts the heap bytes one evaluation allocates on the calling thread (the JVM's per-thread
 * counter, after warm-up), for both precisions and both evaluators. Asserts bytes, never time.
 */
class MlpAllocationTest {
    private static final int WARM_UP = 20_000;
    private static final int MEASURED = 20_000;
    private static com.sun.management.ThreadMXBean threads;

    @BeforeAll
    static void allocationCounter() {
        assertThat(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean)
                .as("this JVM has no com.sun.management.ThreadMXBean; run the tests on an OpenJDK (HotSpot) JDK 17+")
                .isTrue();
        threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertThat(threads.isThreadAllocatedMemorySupported()).isTrue();
        threads.setThreadAllocatedMemoryEnabled(true);
    }

    @ParameterizedTest(name = "{0} ({1})")
    @CsvSource({
        "policy-export/models/tracking-bc.onnx, SCALAR",
        "policy-export/models/tracking-bc.onnx, VECTOR",
        "policy-export/models/tracking-obstacle-v1-dsact.onnx, SCALAR",
        "policy-export/models/tracking-obstacle-v1-dsact.onnx, VECTOR",
    })
    void an_evaluation_allocates_nothing(String name, MlpEvaluators.Implementation implementation) {
        Path file = MlpBackendParityTest.repo().resolve(name);
        MlpGraph graph = MlpGraph.recognize(OnnxModelFile.read(file), name);
        MlpEvaluator evaluator = MlpEvaluators.create(graph, implementation);
        float[] observation = new float[graph.inputSize()];
        float[] action = new float[graph.outputSize()];
        for (int i = 0; i < WARM_UP; i++) {
            observation[i % observation.length] = (i & 63) * 0.01f;
            evaluator.evaluate(observation, action);
        }
        long overhead = allocated() - allocated();
        long before = allocated();
        double sum = 0;
        for (int i = 0; i < MEASURED; i++) {
            observation[i % observation.length] = (i & 63) * 0.01f;
            evaluator.evaluate(observation, action);
            sum += action[0];
        }
        long bytes = allocated() - before + overhead;
        double perCall = (double) bytes / MEASURED;
        System.out.printf("%s (%s): %.4f B per evaluation%n", name, evaluator.implementation(), perCall);
        assertThat(sum).isFinite();
        // one 16-byte object over the whole run reads 0.0008 B/call; any per-call allocation >= 16 B/call
        assertThat(perCall).as("bytes allocated per evaluation").isLessThan(1.0);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"policy-export/models/tracking-bc.onnx", "policy-export/models/tracking-obstacle-v1-dsact.onnx"})
    void a_warm_up_allocates_nothing_and_leaves_the_actions_as_they_were(String name) {
        Path file = MlpBackendParityTest.repo().resolve(name);
        MlpGraph graph = MlpGraph.recognize(OnnxModelFile.read(file), name);
        MlpPolicy policy = new MlpPolicy(graph, MlpEvaluators.create(graph), spec(file), "");
        float[] observation = new float[graph.inputSize()];
        java.util.Arrays.fill(observation, 0.3f);
        float[] before = new float[graph.outputSize()];
        float[] after = new float[graph.outputSize()];
        policy.act(observation, before);
        for (int i = 0; i < WARM_UP; i++) {
            policy.warmUp();
        }
        long overhead = allocated() - allocated();
        long start = allocated();
        for (int i = 0; i < MEASURED; i++) {
            policy.warmUp();
        }
        double perCall = (double) (allocated() - start + overhead) / MEASURED;
        policy.act(observation, after);
        assertThat(after).isEqualTo(before);
        assertThat(perCall).as("bytes allocated per warm-up").isLessThan(1.0);
    }

    private static io.policyrt.controller.policy.PolicySpec spec(Path file) {
        try (io.policyrt.controller.policy.OnnxPolicy onnx = io.policyrt.controller.policy.PolicyLoader.load(file,
                io.policyrt.controller.observation.FeatureRegistry.tracking().names())) {
            return onnx.spec();
        }
    }

    private static long allocated() {
        return threads.getThreadAllocatedBytes(Thread.currentThread().getId());
    }
}
