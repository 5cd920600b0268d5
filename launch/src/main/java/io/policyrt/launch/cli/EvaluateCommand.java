package io.policyrt.launch.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.policyrt.controller.action.DriveConfig;
import io.policyrt.controller.policy.Policy;
import io.policyrt.controller.policy.PolicyBackend;
import io.policyrt.controller.policy.mlp.MlpEvaluators;
import io.policyrt.controller.policy.mlp.MlpGraph;
import io.policyrt.controller.policy.mlp.MlpPolicy;
import io.policyrt.launch.config.PolicyResolver;
import io.policyrt.sim.robot.RobotParams;
import io.policyrt.sim.robot.SensorNoise;
import io.policyrt.sim.run.Evaluation;
import io.policyrt.sim.run.LockStepRunner;
import io.policyrt.sim.scenario.ReferencePaths;
import io.policyrt.sim.scenario.Scenario;
import io.policyrt.sim.task.Randomization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code policyrt sim evaluate}: seeded lock-step evaluation of a policy, as a Markdown table and optionally JSON. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Evaluate a policy in lock-step episodes over every path and obstacle encounter.")
public final class EvaluateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--policy", defaultValue = "bundled", description = ".onnx file, 'bundled', or 'expert' for the pure-pursuit controller")
    String policy;

    @Option(names = "--seeds", defaultValue = "20", description = "episodes per case (default: ${DEFAULT-VALUE})")
    int seeds;

    @Option(names = "--first-seed", defaultValue = "0", description = "seed of each case's first episode; another range"
            + " than 0.. keeps a held-out set apart from the seeds a policy was chosen on (default: ${DEFAULT-VALUE})")
    int firstSeed;

    @Option(names = "--noise", defaultValue = "none", description = "none or realistic (default: ${DEFAULT-VALUE})")
    String noise;

    @Option(names = "--randomize", description = "draw each episode's robot, noise, latency and obstacle speed from the"
            + " default domain randomization ranges (replaces --noise)")
    boolean randomize;

    @Option(names = "--backend", defaultValue = "auto", description = "what evaluates the policy file, as the config key"
            + " policy.backend: auto, onnxruntime or java (default: ${DEFAULT-VALUE})")
    String backend;

    @Option(names = "--precision", defaultValue = "graph", description = "graph, or float32: run a float64 graph's weights"
            + " rounded to float32 on the Java evaluator (what deploying it as float32 would change; needs --backend java)")
    String precision;

    @Option(names = "--json", paramLabel = "FILE", description = "also write the results, every episode included, as JSON"
            + " (the format of policyrt_sim/evaluate.py)")
    Path json;

    @Override
    public Integer call() throws IOException {
        if (seeds < 1) {
            throw new ParameterException(spec.commandLine(), "--seeds must be at least 1, got " + seeds);
        }
        if (firstSeed < 0 || firstSeed > Integer.MAX_VALUE - seeds) {
            throw new ParameterException(spec.commandLine(), "--first-seed must be 0 or more and leave the last seed below 2^31,"
                    + " got " + firstSeed);
        }
        SensorNoise n;
        try {
            n = SensorNoise.named(noise);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--" + e.getMessage());
        }
        if (PolicyBackend.parse(backend) == null) {
            throw new ParameterException(spec.commandLine(), "--backend must be auto, onnxruntime or java, got '" + backend + "'");
        }
        if (!precision.equals("graph") && !precision.equals("float32")) {
            throw new ParameterException(spec.commandLine(), "--precision must be graph or float32, got '" + precision + "'");
        }
        if (precision.equals("float32") && PolicyBackend.parse(backend) != PolicyBackend.JAVA) {
            throw new ParameterException(spec.commandLine(), "--precision float32 needs --backend java");
        }
        LockStepLogging.quietPerEpisodeStops();
        Policy loaded = PolicyResolver.policy(policy, null, Path.of("."), backend);
        Policy p = precision.equals("float32") && loaded instanceof MlpPolicy ? asFloat32((MlpPolicy) loaded) : loaded;
        try (p) {
            Randomization randomization = randomize ? Randomization.defaults() : null;
            LockStepRunner runner = new LockStepRunner(RobotParams.defaults(), n, DriveConfig.defaults(), 1_000_000L);
            List<Evaluation.CaseResult> results = Evaluation.run(runner, p, List.of(ReferencePaths.Shape.values()),
                    List.of(Scenario.Encounter.values()), firstSeed, seeds, randomization);
            String noiseLabel = randomize ? "randomized" : noise;
            System.out.println("policy: " + policy + ", noise: " + noiseLabel + ", seeds " + firstSeed + ".." + (firstSeed + seeds - 1)
                    + " per case");
            System.out.println("backend: " + p.backend());
            System.out.println(Evaluation.HEADER);
            results.forEach(r -> System.out.println(r.row()));
            if (json != null) {
                Path parent = json.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(json.toFile(),
                        Evaluation.toJson(results, policy, noiseLabel, randomization, firstSeed, seeds));
                System.out.println("wrote " + json);
            }
            return 0;
        }
    }

    /** The same policy with its weights rounded to float32 and evaluated in float32. */
    private static Policy asFloat32(MlpPolicy policy) {
        MlpGraph graph = policy.graph().withPrecision(MlpGraph.Precision.FLOAT32);
        return new MlpPolicy(graph, MlpEvaluators.create(graph), policy.spec(), "weights rounded to float32 (--precision float32)");
    }
}
