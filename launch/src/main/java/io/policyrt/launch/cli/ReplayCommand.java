package io.policyrt.launch.cli;

import io.policyrt.controller.action.DriveConfig;
import io.policyrt.controller.policy.Policy;
import io.policyrt.controller.policy.PolicySpec;
import io.policyrt.launch.config.ConfigLoader;
import io.policyrt.launch.config.PolicyResolver;
import io.policyrt.launch.config.RuntimeConfig;
import io.policyrt.launch.replay.ReplayReport;
import io.policyrt.launch.replay.TickReplay;
import io.policyrt.launch.wiring.ControllerWiring;
import io.policyrt.recorder.TickJson;
import io.policyrt.recorder.mcap.McapChannel;
import io.policyrt.recorder.mcap.McapMetadata;
import io.policyrt.recorder.mcap.McapReader;
import io.policyrt.recorder.mcap.McapSummary;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code policyrt replay FILE [--policy OTHER] [--out DIR]}: runs a recording's ticks through the
 * recorded policy or another one of the same task and features, in lock-step on the recorded
 * clock, and reports how the observation, action, command and stop decision differ from what was
 * recorded. Exit 0 when it replayed; 2, with one line, when the file cannot be read, holds no
 * ticks, or the policy does not fit the recording.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Replay a recording's ticks through its policy or another one and report per tick how the observation, "
                + "action, command and stop decision differ from the recording (summary printed; CSV and PNG in --out).")
public final class ReplayCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "the .mcap file recorded with --record")
    Path file;

    @Option(names = "--policy", paramLabel = "OTHER", description = "replay through this policy .onnx file instead of the "
            + "recorded one (same task and feature names; its own normalization is allowed)")
    String policy;

    @Option(names = "--sidecar", paramLabel = "YAML", description = "with --policy: the policy's spec sidecar, when not next to it")
    String sidecar;

    @Option(names = "--out", defaultValue = "policyrt-out", description = "folder for the CSV and the plot (default: ${DEFAULT-VALUE})")
    Path out;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(file + ": is a folder, not a recording");
        }
        PrintWriter console = spec.commandLine().getOut();
        try (McapReader reader = openReader()) {
            McapSummary summary = summary(reader);
            McapChannel ticks = summary.channel(TickJson.TOPIC);
            if (ticks == null || summary.messageCount(TickJson.TOPIC) == 0) {
                throw new IllegalArgumentException(file + ": holds no " + TickJson.TOPIC + " ticks (a recording of 'sim serve'"
                        + " holds the commands the robot received, not the controller's ticks); nothing to replay");
            }
            McapMetadata recordedPolicy = summary.metadata("policy");
            if (recordedPolicy == null || recordedPolicy.entries().get("features") == null) {
                throw new IllegalArgumentException(file + ": has no policy metadata (task, features); cannot tell what it ran");
            }
            Map<String, String> rec = recordedPolicy.entries();
            List<String> recordedFeatures = names(rec.get("features"));
            List<String> recordedActions = names(rec.getOrDefault("actions", ""));
            RuntimeConfig config = recordedConfiguration(summary, console);
            String policyFile = policy != null ? policy : rec.getOrDefault("file", config.policy.file);
            String policySidecar = policy != null ? sidecar : config.policy.sidecar;
            try (Policy p = PolicyResolver.policy(policyFile, policySidecar, null, config.policy.backend)) {
                checkFits(p.spec(), policyFile, rec.get("task"), recordedFeatures, recordedActions, rec.getOrDefault("file", "?"));
                DriveConfig drive = ControllerWiring.driveConfig(config.drive);
                TickReplay replay = new TickReplay(p, recordedFeatures, drive);
                int[] index = {0};
                reader.scan((channel, m) -> {
                    if (channel.id() == ticks.id()) {
                        try {
                            replay.replay(m.data());
                        } catch (IOException | IllegalArgumentException e) {
                            throw new IOException(file + ": tick message " + index[0] + " is not a policyrt.Tick: " + e.getMessage(), e);
                        }
                        index[0]++;
                    }
                });
                return report(console, replay, policyFile, rec);
            }
        } catch (IOException e) {
            throw RecordCommand.unreadable(file, e);
        }
    }

    private McapReader openReader() {
        try {
            return McapReader.open(file);
        } catch (IOException e) {
            throw RecordCommand.unreadable(file, e);
        }
    }

    private McapSummary summary(McapReader reader) {
        try {
            McapSummary s = reader.summary();
            if (!s.complete()) {
                spec.commandLine().getErr().println("policyrt: " + file + " is incomplete: " + s.incompleteReason()
                        + "; replaying the ticks it holds");
            }
            return s;
        } catch (IOException e) {
            throw RecordCommand.unreadable(file, e);
        }
    }

    /** The recording's configuration (its drive limits shape the replayed actions); the defaults when it has none. */
    private RuntimeConfig recordedConfiguration(McapSummary summary, PrintWriter console) {
        McapMetadata m = summary.metadata("configuration");
        String yaml = m == null ? null : m.entries().get("yaml");
        if (yaml == null) {
            console.println("note: the recording holds no configuration; replaying with the default drive limits");
            return new RuntimeConfig();
        }
        try {
            return ConfigLoader.parse(yaml, file + " (recorded configuration)");
        } catch (RuntimeException e) {
            console.println("note: the recorded configuration does not load (" + e.getMessage() + "); replaying with the default drive limits");
            return new RuntimeConfig();
        }
    }

    /** Refuses a policy of another task, or with other feature or action names, naming both policies. */
    static void checkFits(PolicySpec other, String otherFile, String recordedTask, List<String> recordedFeatures,
                          List<String> recordedActions, String recordedFile) {
        String what = null;
        if (!other.task().equals(recordedTask)) {
            what = "task '" + other.task() + "', the recording's policy " + recordedFile + " task '" + recordedTask + "'";
        } else if (!other.featureNames().equals(recordedFeatures)) {
            what = "features " + other.featureNames() + ", the recording's policy " + recordedFile + " features " + recordedFeatures;
        } else if (!recordedActions.isEmpty() && !other.actionNames().equals(recordedActions)) {
            what = "actions " + other.actionNames() + ", the recording's policy " + recordedFile + " actions " + recordedActions;
        }
        if (what != null) {
            throw new IllegalArgumentException("cannot replay through " + otherFile + ": it has " + what);
        }
    }

    private int report(PrintWriter console, TickReplay replay, String policyFile,
                       Map<String, String> rec) throws IOException {
        PolicySpec s = replay.spec();
        ReplayReport report = new ReplayReport(replay.ticks(), s.featureNames(), s.actionNames());
        console.printf("replay %s: %d ticks through %s (task %s); recorded with %s%n", file, replay.ticks().size(), policyFile,
                s.task(), rec.getOrDefault("file", "?"));
        console.println("each tick: the recorded raw features normalized by this policy, the policy, the action pipeline and the"
                + " output gate on the recorded clock; input-gate stops (stale or missing inputs, e-stop, path end, shutdown) as recorded");
        console.print(report.format());
        Files.createDirectories(out);
        String stem = file.getFileName().toString().replaceFirst("\\.mcap$", "");
        Path csv = out.resolve(stem + "-replay.csv");
        Path png = out.resolve(stem + "-replay.png");
        report.writeCsv(csv);
        report.writePlot(png, "replay of " + file.getFileName() + " through " + Path.of(policyFile).getFileName());
        console.println("== wrote " + csv + " and " + png);
        console.flush();
        return 0;
    }

    private static List<String> names(String csv) {
        return csv.isBlank() ? List.of() : Arrays.stream(csv.split(",")).map(String::strip).toList();
    }
}
