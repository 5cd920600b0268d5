package io.policyrt.launch.cli;

import picocli.CommandLine.Command;

/** The {@code policyrt} top-level command. */
@Command(name = "policyrt", mixinStandardHelpOptions = true, version = "PolicyRT 0.1.0",
        description = "Deploys reinforcement-learning policies (ONNX) on wheeled robots.",
        subcommands = {DemoCommand.class, RunCommand.class, PolicyCommand.class, SimCommand.class, RecordCommand.class, ReplayCommand.class})
public final class PolicyRtCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
