package io.policyrt.benchmarks.latency;

import io.policyrt.benchmarks.PolicyFiles;
import io.policyrt.benchmarks.RepositoryRoot;
import io.policyrt.controller.loop.TriggerMode;
import io.policyrt.controller.policy.Policy;
import io.policyrt.controller.policy.PolicyBackend;
import io.policyrt.controller.time.SystemNanoClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The end-to-end latency harness: PolicyRT and its peer baselines behind each transport, fed the
 * same sensor stream, one leg after the other, in one run. Writes {@code results.md},
 * {@code results.json} and PNG plots to {@code --out}. Run from the shaded jar:
 * {@code java -cp benchmarks/target/benchmarks.jar io.policyrt.benchmarks.latency.LatencyHarness}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "End-to-end latency of PolicyRT against a Python, a naive Java and a rospy peer, per transport.")
public final class LatencyHarness implements Callable<Integer> {
    @Option(names = "--out", description = "results folder (default: benchmarks/results in the repository)")
    Path out;

    @Option(names = "--seconds", defaultValue = "15", description = "measured seconds per leg, over all rounds (default: ${DEFAULT-VALUE})")
    double seconds;

    @Option(names = "--rounds", defaultValue = "3",
            description = "run the legs round-robin this many times, each for seconds / rounds, and add up the rounds, "
                    + "so that a burst of load from elsewhere does not land on one leg only (default: ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--warmup-seconds", defaultValue = "3", description = "warm-up per leg before measuring (default: ${DEFAULT-VALUE})")
    double warmUpSeconds;

    @Option(names = "--sensor-rate-hz", defaultValue = "200", description = "odometry rate; also the on-message tick rate (default: ${DEFAULT-VALUE})")
    double sensorRateHz;

    @Option(names = "--obstacle-rate-hz", defaultValue = "20", description = "obstacle report rate (default: ${DEFAULT-VALUE})")
    double obstacleRateHz;

    @Option(names = "--timer-rates-hz", split = ",", defaultValue = "50,200,1000",
            description = "loop rates of the timer legs (default: ${DEFAULT-VALUE})")
    List<Double> timerRatesHz;

    @Option(names = "--phase-lock", defaultValue = "on",
            description = "PolicyRT timer legs: on, off, or both (each rate runs unlocked, then locked) (default: ${DEFAULT-VALUE})")
    String phaseLock;

    @Option(names = "--transports", split = ",", defaultValue = "in-process,mqtt,ros1",
            description = "in-process, mqtt, ros1 (default: ${DEFAULT-VALUE})")
    List<String> transports;

    @Option(names = "--nodes", split = ",", defaultValue = "floor,policyrt,python,naive-java,rospy",
            description = "floor (the transport alone: an echo of the odometry, MQTT and ROS 1), policyrt, python (MQTT on-message), "
                    + "naive-java (MQTT timer), rospy (ROS 1 on-message and timer) "
                    + "(default: ${DEFAULT-VALUE})")
    List<String> nodes;

    @Option(names = "--policy", defaultValue = PolicyFiles.SHIPPED, description = "ONNX policy, relative to the repository root (default: ${DEFAULT-VALUE})")
    String policy;

    @Option(names = "--backend", defaultValue = "auto",
            description = "what runs the policy in PolicyRT's legs, as policy.backend: auto, onnxruntime or java (default: ${DEFAULT-VALUE})")
    String backend;

    @Option(names = "--noise-floor", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "run the busy-wait noise-floor probe right after each leg, as long as the leg (default: ${DEFAULT-VALUE})")
    boolean noiseFloor;

    @Option(names = "--python", defaultValue = "/usr/bin/python3", description = "interpreter of the Python peer, with Debian's packages (default: ${DEFAULT-VALUE})")
    String python;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final String commandLine;

    LatencyHarness(String commandLine) {
        this.commandLine = commandLine;
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        String command = "bench " + String.join(" ", args);
        System.exit(new CommandLine(new LatencyHarness(command.trim())).execute(args));
    }

    /** The legs in run order: per transport, the transport floor, PolicyRT on-message and timers, then its peers. */
    List<LegSpec> legs() {
        List<LegSpec> legs = new ArrayList<>();
        List<LegSpec.Node> wanted = new ArrayList<>();
        for (String n : nodes) {
            wanted.add(LegSpec.Node.parse(n.trim()));
        }
        for (String id : transports) {
            LegSpec.Transport t = LegSpec.Transport.parse(id.trim());
            if (t != LegSpec.Transport.IN_PROCESS && wanted.contains(LegSpec.Node.FLOOR)) {
                legs.add(new LegSpec(t, LegSpec.Node.FLOOR, TriggerMode.ON_MESSAGE, sensorRateHz));
            }
            if (wanted.contains(LegSpec.Node.POLICYRT)) {
                legs.add(new LegSpec(t, LegSpec.Node.POLICYRT, TriggerMode.ON_MESSAGE, sensorRateHz));
                for (double r : timerRatesHz) {
                    if (!"on".equals(phaseLock)) {
                        legs.add(new LegSpec(t, LegSpec.Node.POLICYRT, TriggerMode.TIMER, r, false));
                    }
                    if (!"off".equals(phaseLock)) {
                        legs.add(new LegSpec(t, LegSpec.Node.POLICYRT, TriggerMode.TIMER, r, true));
                    }
                }
            }
            if (t == LegSpec.Transport.MQTT) {
                if (wanted.contains(LegSpec.Node.PYTHON)) {
                    legs.add(new LegSpec(t, LegSpec.Node.PYTHON, TriggerMode.ON_MESSAGE, sensorRateHz));
                }
                if (wanted.contains(LegSpec.Node.NAIVE_JAVA)) {
                    for (double r : timerRatesHz) {
                        legs.add(new LegSpec(t, LegSpec.Node.NAIVE_JAVA, TriggerMode.TIMER, r));
                    }
                }
            }
            if (t == LegSpec.Transport.ROS1 && wanted.contains(LegSpec.Node.ROSPY)) {
                legs.add(new LegSpec(t, LegSpec.Node.ROSPY, TriggerMode.ON_MESSAGE, sensorRateHz));
                for (double r : timerRatesHz) {
                    legs.add(new LegSpec(t, LegSpec.Node.ROSPY, TriggerMode.TIMER, r));
                }
            }
        }
        return legs;
    }

    /** The legs, or a usage error naming the bad option value. */
    List<LegSpec> checkedLegs() {
        CommandLine cl = spec.commandLine();
        if (!(seconds > 0) || !(warmUpSeconds >= 0) || !Double.isFinite(seconds) || !Double.isFinite(warmUpSeconds)) {
            throw new CommandLine.ParameterException(cl, "--seconds must be > 0 and --warmup-seconds >= 0, finite");
        }
        if (rounds < 1 || rounds > 100) {
            throw new CommandLine.ParameterException(cl, "--rounds must be in [1, 100], got " + rounds);
        }
        if (!(sensorRateHz > 0 && sensorRateHz <= 10_000) || !(obstacleRateHz > 0 && obstacleRateHz <= sensorRateHz)) {
            throw new CommandLine.ParameterException(cl, "--sensor-rate-hz must be in (0, 10000] and --obstacle-rate-hz in (0, sensor rate]");
        }
        if (PolicyBackend.parse(backend) == null) {
            throw new CommandLine.ParameterException(cl, "--backend must be auto, onnxruntime or java, got '" + backend + "'");
        }
        if (!List.of("on", "off", "both").contains(phaseLock)) {
            throw new CommandLine.ParameterException(cl, "--phase-lock must be on, off or both, got '" + phaseLock + "'");
        }
        for (double r : timerRatesHz) {
            if (!(r > 0 && r <= 10_000)) {
                throw new CommandLine.ParameterException(cl, "--timer-rates-hz: each rate must be in (0, 10000] Hz, got " + r);
            }
        }
        try {
            List<LegSpec> legs = legs();
            if (legs.isEmpty()) {
                throw new CommandLine.ParameterException(cl,
                        "no leg to run: the python and naive-java peers run over mqtt only, rospy over ros1, the floor over both");
            }
            return legs;
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, e.getMessage());
        }
    }

    @Override
    public Integer call() throws Exception {
        List<LegSpec> legs = checkedLegs();
        Path policyFile = RepositoryRoot.resolve(policy);
        if (!Files.isRegularFile(policyFile)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "no policy file " + policyFile);
        }
        Path outDir = out != null ? out : RepositoryRoot.resolve("benchmarks/results");
        Files.createDirectories(outDir);
        Path work = Files.createDirectories(outDir.resolve("work"));
        HarnessSettings settings = new HarnessSettings(seconds / rounds, warmUpSeconds, sensorRateHz, obstacleRateHz, noiseFloor, policyFile,
                PolicyBackend.parse(backend), python, RepositoryRoot.resolve("policy-export/python"));
        if (legs.stream().anyMatch(l -> l.node() == LegSpec.Node.PYTHON)) {
            PythonPeerNode.checkInterpreter(python);
        }
        if (legs.stream().anyMatch(l -> l.transport() == LegSpec.Transport.MQTT)) {
            MosquittoProcess.binary();
        }
        if (legs.stream().anyMatch(l -> l.node() == LegSpec.Node.ROSPY)) {
            RospyPeerNode.checkInterpreter(python);
        }
        if (legs.stream().anyMatch(l -> l.transport() == LegSpec.Transport.ROS1)) {
            RosMasterProcess.binary();
        }
        String backendLine;
        try (Policy p = LegRunner.loadPolicy(settings, settings.backend())) {
            backendLine = "PolicyRT's legs run the policy on " + p.backend() + ".";
        }
        System.out.println("bench: " + backendLine);
        String loadBefore = loadAverage();
        LegRunner runner = new LegRunner(settings, SystemNanoClock.INSTANCE);
        List<LegResult> results = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            for (int k = 0; k < legs.size(); k++) {
                LegSpec leg = legs.get(k);
                System.out.printf(Locale.ROOT, "bench: round %d/%d %-50s %.1f s + %.1f s warm-up ...%n", round, rounds, leg.name(),
                        settings.seconds(), warmUpSeconds);
                LegResult r = runner.run(leg, Files.createDirectories(work.resolve(leg.id()).resolve("round-" + round)));
                System.out.printf(Locale.ROOT, "bench: round %d/%d %-50s end-to-end p50 %.1f us, p99 %.1f us, %d commands%n", round, rounds,
                        leg.name(), r.endToEnd().getValueAtPercentile(50) / 1000.0, r.endToEnd().getValueAtPercentile(99) / 1000.0,
                        r.commands());
                if (round == 1) {
                    results.add(r);
                } else {
                    results.set(k, results.get(k).plus(r));
                }
            }
        }
        String machine = backendLine + " " + machine() + " Load average (1, 5, 15 min) at the start: " + loadBefore + "; at the end: " + loadAverage() + ".";
        HarnessReport report = new HarnessReport(results, commandLine, machine);
        report.write(outDir);
        System.out.println(report.markdown());
        System.out.println("bench: results in " + outDir.toAbsolutePath());
        return 0;
    }

    /** The first three fields of /proc/loadavg, or "unknown" where there is none. */
    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + ", " + f[1] + ", " + f[2];
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String machine() {
        return String.format(Locale.ROOT, "Machine: %d CPUs visible to the JVM, %s %s (%s), Java %s (%s). Other processes share the machine; "
                        + "only ratios within one run compare.", Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
                System.getProperty("os.version"), System.getProperty("os.arch"), System.getProperty("java.version"),
                System.getProperty("java.vm.name"));
    }
}
