package io.policyrt.launch.cli;

import io.policyrt.controller.action.DriveConfig;
import io.policyrt.controller.policy.Policy;
import io.policyrt.controller.policy.PolicySpec;
import io.policyrt.launch.config.ConfigLoader;
import io.policyrt.launch.config.PolicyResolver;
import io.policyrt.launch.config.RuntimeConfig;
import io.policyrt.launch.replay.ObservationRebuild;
import io.policyrt.launch.replay.RecordedRun;
import io.policyrt.launch.replay.ReplayReport;
import io.policyrt.launch.replay.SimGapReport;
import io.policyrt.launch.replay.SimReplay;
import io.policyrt.launch.replay.TickReplay;
import io.policyrt.launch.wiring.ControllerWiring;
import io.policyrt.recorder.PathJson;
import io.policyrt.recorder.TickJson;
import io.policyrt.recorder.mcap.McapMetadata;
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
 * {@code policyrt replay FILE [--sim] [--policy OTHER] [--out DIR]}: runs a recording's ticks through the
 * recorded policy or another one of the same task and features, in lock-step on the recorded
 * clock, and reports how the observation, action, command and stop decision differ from what was
 * recorded; with {@code --sim}, drives the simulator with it from the recording's start and reports
 * the sim-to-real gap ({@link SimGapReport}). Exit 0 when it replayed; 2, with one line, when the file cannot be read, holds no
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

    @Option(names = "--sim", description = "instead of replaying the ticks, drive the simulator from the recording's start pose, "
            + "path and obstacle track with the policy and report the sim-to-real gap (table and plots in --out)")
    boolean sim;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter console = spec.commandLine().getOut();
        RecordedRun run = RecordCommand.readRun(file);
        McapSummary summary = run.summary();
        if (!summary.complete()) {
            spec.commandLine().getErr().println("policyrt: " + file + " is incomplete: " + summary.incompleteReason()
                    + "; replaying the ticks it holds");
        }
        if (run.ticks().isEmpty()) {
            throw new IllegalArgumentException(file + ": holds no " + TickJson.TOPIC + " ticks (a recording of 'sim serve'"
                    + " holds the commands the robot received, not the controller's ticks); nothing to replay");
        }
        Map<String, String> rec = run.policyMetadata();
        if (rec.get("features") == null) {
            throw new IllegalArgumentException(file + ": has no policy metadata (task, features); cannot tell what it ran");
        }
        List<String> recordedFeatures = names(rec.get("features"));
        List<String> recordedActions = names(rec.getOrDefault("actions", ""));
        RuntimeConfig config = recordedConfiguration(summary, console);
        String policyFile = policy != null ? policy : rec.getOrDefault("file", config.policy.file);
        String policySidecar = policy != null ? sidecar : config.policy.sidecar;
        try (Policy p = PolicyResolver.policy(policyFile, policySidecar, null, config.policy.backend)) {
            checkFits(p.spec(), policyFile, rec.get("task"), recordedFeatures, recordedActions, rec.getOrDefault("file", "?"));
            DriveConfig drive = ControllerWiring.driveConfig(config.drive);
            if (sim) {
                return simReport(console, run, p, drive, policyFile, rec);
            }
            ObservationRebuild rebuild = run.hasPathsOfEveryTick() ? new ObservationRebuild(p.spec(), run.paths()) : null;
            TickReplay replay = new TickReplay(p, recordedFeatures, drive, rebuild);
            for (int i = 0; i < run.ticks().size(); i++) {
                try {
                    replay.replay(run.ticks().get(i));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(file + ": tick message " + i + ": " + e.getMessage(), e);
                }
            }
            return report(console, replay, policyFile, rec);
        }
    }

    /** {@code --sim}: the recorded run driven again in the simulator, and the gap between the two. */
    private int simReport(PrintWriter console, RecordedRun run, Policy p, DriveConfig drive, String policyFile,
                          Map<String, String> rec) throws IOException {
        SimReplay.Result result = SimReplay.run(run, p, drive);
        SimGapReport report = new SimGapReport(result);
        String stem = file.getFileName().toString().replaceFirst("\\.mcap$", "");
        String header = String.format(java.util.Locale.ROOT, "Recording %s (policy %s), simulated with %s (task %s) in lock-step at "
                        + "%.1f ms from the recording's first pose on its path, the recorded obstacle replayed as a scripted "
                        + "obstacle; simulated robot: the default robot without noise or command latency.%s",
                file.getFileName(), rec.getOrDefault("file", "?"), policyFile, p.spec().task(), result.periodNanos() / 1e6,
                result.pathChanges() > 0 ? " The recording changed its path " + result.pathChanges()
                        + " times; the simulation follows the first." : "");
        console.println("sim-to-real " + file + ": " + header);
        console.print(report.table());
        List<Path> written = report.write(out, stem, header);
        console.println("== wrote " + String.join(", ", written.stream().map(Path::toString).toList()));
        console.flush();
        return 0;
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
        console.println(replay.rebuildsObservation()
                ? "each tick: the observation rebuilt from the recorded inputs (odometry, obstacle, path) by the controller's"
                        + " observation builder and compared with the recorded one, the policy, the action pipeline and the output gate"
                        + " on the recorded clock; input-gate stops (stale or missing inputs, e-stop, path end, shutdown) as recorded"
                : "each tick: the recorded raw features (the recording holds no " + PathJson.TOPIC + " channel to rebuild them from)"
                        + " normalized by this policy, the policy, the action pipeline and the output gate on the recorded clock;"
                        + " input-gate stops (stale or missing inputs, e-stop, path end, shutdown) as recorded");
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
