package io.policyrt.launch.cli;

import io.policyrt.controller.policy.Policy;
import io.policyrt.launch.config.PolicyResolver;
import io.policyrt.sim.expert.PurePursuitPolicy;
import io.policyrt.sim.robot.RobotParams;
import io.policyrt.sim.robot.SensorNoise;
import io.policyrt.controller.action.DriveConfig;
import io.policyrt.sim.run.Evaluation;
import io.policyrt.sim.run.LockStepRunner;
import io.policyrt.sim.scenario.ReferencePaths;
import io.policyrt.sim.scenario.Scenario;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code policyrt sim evaluate}: seeded lock-step evaluation of a policy, as a Markdown table. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Evaluate a policy in lock-step episodes over every path and obstacle encounter.")
public final class EvaluateCommand implements Callable<Integer> {
    @Option(names = "--policy", defaultValue = "bundled", description = ".onnx file, 'bundled', or 'expert' for the pure-pursuit controller")
    String policy;

    @Option(names = "--seeds", defaultValue = "20", description = "episodes per case (default: ${DEFAULT-VALUE})")
    int seeds;

    @Option(names = "--noise", defaultValue = "none", description = "none or realistic (default: ${DEFAULT-VALUE})")
    String noise;

    @Override
    public Integer call() {
        Policy p = "expert".equals(policy) ? new PurePursuitPolicy() : PolicyResolver.load(policy, null, Path.of("."));
        try (p) {
            SensorNoise n = "realistic".equals(noise) ? SensorNoise.realistic() : SensorNoise.none();
            LockStepRunner runner = new LockStepRunner(RobotParams.defaults(), n, DriveConfig.defaults(), 1_000_000L);
            List<Evaluation.CaseResult> results = Evaluation.run(runner, p, List.of(ReferencePaths.Shape.values()),
                    List.of(Scenario.Encounter.values()), seeds);
            System.out.println("policy: " + policy + ", noise: " + noise + ", seeds 0.." + (seeds - 1) + " per case");
            System.out.println(Evaluation.HEADER);
            results.forEach(r -> System.out.println(r.row()));
            return 0;
        }
    }
}
