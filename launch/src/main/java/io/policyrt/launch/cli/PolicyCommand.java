package io.policyrt.launch.cli;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.policyrt.controller.policy.PolicyLoader;
import io.policyrt.controller.policy.PolicySpec;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code policyrt policy ...}: look at policy files. */
@Command(name = "policy", mixinStandardHelpOptions = true, description = "Inspect policy files.",
        subcommands = {PolicyCommand.Inspect.class})
public final class PolicyCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code policyrt policy inspect FILE}. */
    @Command(name = "inspect", mixinStandardHelpOptions = true, description = "Print a policy's spec, graph shapes and provenance.")
    public static final class Inspect implements Callable<Integer> {
        @Parameters(index = "0", description = "the .onnx file")
        Path file;

        @Option(names = "--sidecar", description = "sidecar spec YAML (default: <name>.policy.yaml beside the file, if the file has no metadata)")
        Path sidecar;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PolicySpec policySpec = PolicyLoader.readSpec(file, sidecar);
            var out = spec.commandLine().getOut();
            out.println("file:             " + file);
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
                 OrtSession session = OrtEnvironment.getEnvironment().createSession(file.toString(), options)) {
                for (Map.Entry<String, NodeInfo> e : session.getInputInfo().entrySet()) {
                    out.println("graph input:      " + e.getKey() + " " + e.getValue().getInfo());
                }
                for (Map.Entry<String, NodeInfo> e : session.getOutputInfo().entrySet()) {
                    out.println("graph output:     " + e.getKey() + " " + e.getValue().getInfo());
                }
            }
            out.print(policySpec);
            return 0;
        }
    }
}
