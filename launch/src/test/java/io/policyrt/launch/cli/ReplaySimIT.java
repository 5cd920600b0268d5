package io.policyrt.launch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.policyrt.launch.replay.SimGapReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sim-to-real report on its test bed: both sides of a served run recorded ({@code sim serve
 * --record} the robot's, {@code run --record} the controller's over the serving process's embedded
 * broker), then {@code policyrt replay CONTROLLER --sim}. The served robot has no noise and no
 * command latency, as the replay's simulated robot: what is left between them is the transport's
 * delays and the wall clock's timing, so the simulated replay must track the real run closely.
 */
class ReplaySimIT {
    /**
     * Largest distance allowed between the served and the replayed robot over the run [m]. Measured
     * on this machine: 0.030 m at most (0.017 m on average) over 10 s of a sine path at 0.5 m/s; the
     * bound leaves room for a busier machine's later ticks, and is still well under the 0.25 m
     * lateral error the policy itself shows on this path.
     */
    private static final double MAX_DEVIATION_M = 0.06;

    @Test
    void the_simulated_replay_of_a_noiseless_served_run_tracks_it_within_a_few_centimetres(@TempDir Path dir) throws Exception {
        Path robotFile = dir.resolve("robot.mcap");
        Path controllerFile = dir.resolve("controller.mcap");
        Path serveConfig = dir.resolve("serve.yaml");
        Files.writeString(serveConfig, "sim: {path: sine, encounter: crossing, seed: 1, noise: none, duration_s: 8}\n");
        ServedMqttRun.Result served = ServedMqttRun.run(dir, List.of("--config", serveConfig.toString(), "--record", robotFile.toString()),
                "policy: {file: bundled}\nrun: {duration_s: 8}\n", "--record", controllerFile.toString());
        assertThat(served.controller().code()).as(served.controller().out() + served.controller().err()).isZero();
        assertThat(served.serveCode()).isZero();
        assertThat(robotFile).isNotEmptyFile();

        Path out = dir.resolve("report");
        CommandLineRun replay = CommandLineRun.of("replay", controllerFile.toString(), "--sim", "--out", out.toString());
        assertThat(replay.code()).as(replay.out() + replay.err()).isZero();
        System.out.println(replay.out());
        String table = Files.readString(out.resolve("controller-sim.md"));
        for (String row : SimGapReport.ROWS) {
            assertThat(table).as(table).contains("| " + row + " |");
        }
        for (String png : List.of("controller-sim-trajectories.png", "controller-sim-tracking.png", "controller-sim-commands.png")) {
            assertThat(out.resolve(png)).isNotEmptyFile();
        }
        Matcher max = Pattern.compile("\\| max deviation real-sim \\[m\\] \\| \\| \\| (\\S+) \\|").matcher(table);
        assertThat(max.find()).as(table).isTrue();
        assertThat(Double.parseDouble(max.group(1))).as(table).isLessThan(MAX_DEVIATION_M);
        // Both ran the same policy on the same path: their tracking errors agree to a few centimetres too.
        Matcher lateral = Pattern.compile("\\| lateral RMSE \\[m\\] \\| (\\S+) \\| (\\S+) \\|").matcher(table);
        assertThat(lateral.find()).isTrue();
        assertThat(Math.abs(Double.parseDouble(lateral.group(1)) - Double.parseDouble(lateral.group(2)))).as(table).isLessThan(0.02);
        assertThat(table).contains("| collision | no | no |");
    }
}
