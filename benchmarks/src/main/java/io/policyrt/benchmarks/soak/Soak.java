package io.policyrt.benchmarks.soak;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code benchmarks/soak.sh}: the controller at 100 Hz against the simulator over a transport, disturbed, for minutes. */
@Command(name = "soak", mixinStandardHelpOptions = true,
        description = "Runs the controller at 100 Hz against the simulated robot over MQTT or ROS 1 with a flood of malformed"
                + " sensor messages and a peer restart every few minutes; samples heap after GC, threads and file descriptors;"
                + " exits 1 when an invariant breaks.")
public final class Soak implements Callable<Integer> {
    @Option(names = "--transport", required = true, description = "mqtt or ros1")
    String transport;
    @Option(names = "--minutes", defaultValue = "30", description = "run time [min] (default ${DEFAULT-VALUE})")
    double minutes;
    @Option(names = "--disturb-every-s", defaultValue = "180", description = "seconds between disturbances (default ${DEFAULT-VALUE})")
    double disturbEveryS;
    @Option(names = "--flood-s", defaultValue = "5", description = "seconds each flood lasts (default ${DEFAULT-VALUE})")
    double floodS;
    @Option(names = "--sample-every-s", defaultValue = "60", description = "seconds between resource samples (default ${DEFAULT-VALUE})")
    double sampleEveryS;
    @Option(names = "--recovery-bound-s", defaultValue = "10",
            description = "a moving command must reach the robot this soon after a disturbance (default ${DEFAULT-VALUE})")
    double recoveryBoundS;
    @Option(names = "--thread-margin", defaultValue = "4", description = "default ${DEFAULT-VALUE}")
    int threadMargin;
    @Option(names = "--fd-margin", defaultValue = "8", description = "default ${DEFAULT-VALUE}")
    int fdMargin;
    @Option(names = "--heap-margin-mib", defaultValue = "32", description = "default ${DEFAULT-VALUE}")
    long heapMarginMib;
    @Option(names = "--work", defaultValue = "benchmarks/results/soak", description = "broker and master logs (default ${DEFAULT-VALUE})")
    Path work;

    @Override
    public Integer call() throws Exception {
        SoakSettings s = new SoakSettings(transport, minutes * 60, disturbEveryS, floodS, sampleEveryS, recoveryBoundS, threadMargin,
                fdMargin, heapMarginMib << 20, work.resolve(transport));
        return SoakRun.run(s, System.out).passed() ? 0 : 1;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Soak()).execute(args));
    }
}
