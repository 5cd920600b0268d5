package io.policyrt.launch.cli;

import io.policyrt.sim.expert.ExpertDataset;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code policyrt sim ...}: simulator tools. */
@Command(name = "sim", mixinStandardHelpOptions = true, description = "Simulator tools.",
        subcommands = {SimCommand.RecordExpert.class, EvaluateCommand.class, SimServeCommand.class})
public final class SimCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Records the behaviour-cloning dataset from the pure-pursuit expert. */
    @Command(name = "record-expert", mixinStandardHelpOptions = true,
            description = "Record a behaviour-cloning dataset (CSV) from the pure-pursuit expert in lock-step episodes.")
    public static final class RecordExpert implements Callable<Integer> {
        @Option(names = "--out", required = true, description = "CSV file to write")
        Path out;

        @Option(names = "--seeds-per-case", defaultValue = "14", description = "episodes per path shape and encounter (default: ${DEFAULT-VALUE})")
        int seedsPerCase;

        @Option(names = "--seed", defaultValue = "42", description = "master seed (default: ${DEFAULT-VALUE})")
        long seed;

        @Option(names = "--every", defaultValue = "2", description = "keep every n-th control tick (default: ${DEFAULT-VALUE})")
        int every;

        @Option(names = "--driver", description = "DAgger: execute this policy (.onnx) and let the expert only label the states it visits")
        Path driver;

        @Override
        public Integer call() throws Exception {
            LockStepLogging.quietPerEpisodeStops();
            io.policyrt.controller.policy.Policy d = driver == null ? null
                    : io.policyrt.launch.config.PolicyResolver.load(driver.toString(), null, null);
            ExpertDataset.Summary s = ExpertDataset.record(out, seedsPerCase, seed, every, d);
            System.out.printf("wrote %d rows from %d episodes (%d completed without collision, %d collisions) to %s%n",
                    s.rows(), s.episodes(), s.successes(), s.collisions(), out);
            return 0;
        }
    }
}
