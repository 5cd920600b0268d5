package io.policyrt.launch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.policyrt.launch.testing.RepositoryRoot;
import io.policyrt.recorder.mcap.McapWriter;
import io.policyrt.recorder.mcap.McapWriterOptions;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code policyrt replay FILE} as a user runs it, on one short recorded demo of the bundled
 * float64 DSAC-T policy: through the same policy (it must reproduce the recording), through the
 * behaviour-cloned policy (it must say where they differ), through policies that do not fit, and
 * on files it cannot read.
 */
class ReplayCommandTest {
    @TempDir static Path dir;
    static Path recording;

    @BeforeAll
    static void recordADemo() {
        recording = dir.resolve("demo.mcap");
        // A crossing obstacle, so that the obstacle features move and the policy steers around it.
        CommandLineRun demo = CommandLineRun.of("demo", "--path", "sine", "--encounter", "crossing", "--duration", "4", "--out",
                dir.resolve("plots").toString(), "--record", recording.toString());
        assertThat(demo.code()).as(demo.out() + demo.err()).isZero();
    }

    private static double summary(String out, String quantity, int column) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(quantity) + "\\s+(\\d+)\\s+(\\S+)\\s+(\\S+)\\s+(\\S+)$").matcher(out);
        assertThat(m.find()).as(quantity + " in\n" + out).isTrue();
        return Double.parseDouble(m.group(column));
    }

    @Test
    void replay_through_the_recorded_policy_reproduces_every_action_and_command_and_every_stop_decision() throws Exception {
        Path out = dir.resolve("same");
        CommandLineRun r = CommandLineRun.of("replay", recording.toString(), "--out", out.toString());
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        // The replay's bar: the same float64 graph on the same observation gives the same action to 1e-6.
        assertThat(summary(r.out(), "action.v_mps", 1)).as(r.out()).isGreaterThan(10);
        assertThat(summary(r.out(), "action.v_mps", 2)).as(r.out()).isLessThanOrEqualTo(1e-6);
        assertThat(summary(r.out(), "action.w_radps", 2)).as(r.out()).isLessThanOrEqualTo(1e-6);
        // The recording holds its path: each observation is rebuilt from the recorded odometry, obstacle and path by the
        // controller's own builder, and comes out as recorded (raw features to the last bit, the same float observation).
        assertThat(r.out()).contains("the observation rebuilt from the recorded inputs");
        assertThat(summary(r.out(), "raw features, rebuilt (max)", 1)).isGreaterThan(10);
        assertThat(summary(r.out(), "raw features, rebuilt (max)", 2)).isLessThanOrEqualTo(1e-9);
        assertThat(summary(r.out(), "observation (max over features)", 2)).isZero();
        // Same action, same limiter steps at the recorded stamps: the same command.
        for (String c : List.of("v_mps", "w_radps", "left_radps", "right_radps")) {
            assertThat(summary(r.out(), "command." + c, 2)).as(c).isLessThanOrEqualTo(1e-6);
        }
        assertThat(r.out()).contains("stop decision differs on 0 of ");
        assertThat(out.resolve("demo-replay.csv")).isNotEmptyFile();
        assertThat(out.resolve("demo-replay.png")).isNotEmptyFile();
    }

    @Test
    void replay_through_the_behaviour_cloned_policy_reports_where_it_would_have_commanded_otherwise() throws Exception {
        Path out = dir.resolve("bc");
        Path bc = RepositoryRoot.path().resolve("policy-export/models/tracking-bc.onnx");
        CommandLineRun r = CommandLineRun.of("replay", recording.toString(), "--policy", bc.toString(), "--out", out.toString());
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("through " + bc);
        // Another network on the same observations: its actions differ somewhere, and so do the commands.
        assertThat(summary(r.out(), "action.v_mps", 2) + summary(r.out(), "action.w_radps", 2)).as(r.out()).isGreaterThan(1e-3);
        assertThat(summary(r.out(), "command.v_mps", 2) + summary(r.out(), "command.w_radps", 2)).as(r.out()).isGreaterThan(1e-3);
        Path csv = out.resolve("demo-replay.csv");
        List<String> rows = Files.readAllLines(csv);
        assertThat(rows.get(0)).startsWith("tick,time_s,recorded_stop_reason,replayed_stop_reason,stop_decision_differs")
                .contains("action.v_mps.recorded,action.v_mps.replayed,action.v_mps.diff");
        assertThat(rows.size()).isGreaterThan(11); // a header and a row per tick
        assertThat(out.resolve("demo-replay.png")).isNotEmptyFile();
    }

    @Test
    void a_policy_of_another_task_is_refused_naming_both_policies() throws Exception {
        // The GOPS-layout fixture with its sidecar's task changed: a policy for another task.
        Path models = RepositoryRoot.path().resolve("controller/src/test/resources/models");
        Path other = dir.resolve("parking.onnx");
        Files.copy(models.resolve("gops.onnx"), other);
        Files.writeString(dir.resolve("parking.policy.yaml"), Files.readString(models.resolve("gops.policy.yaml"))
                .replace("policyrt.task: \"tracking-obstacle-v1\"", "policyrt.task: \"parking-v1\""));
        CommandLineRun r = CommandLineRun.of("replay", recording.toString(), "--policy", other.toString(), "--out", dir.resolve("x").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("policyrt: cannot replay through " + other + ": it has task 'parking-v1', the recording's "
                + "policy bundled task 'tracking-obstacle-v1'");
    }

    @Test
    void the_simulated_replay_refuses_a_policy_with_other_feature_names_as_the_tick_replay_does() {
        Path gops = RepositoryRoot.path().resolve("controller/src/test/resources/models/gops.onnx");
        CommandLineRun r = CommandLineRun.of("replay", recording.toString(), "--sim", "--policy", gops.toString(), "--out",
                dir.resolve("s").toString());
        CommandLineRun ticks = CommandLineRun.of("replay", recording.toString(), "--policy", gops.toString(), "--out",
                dir.resolve("s").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo(ticks.err()).contains("the recording's policy bundled features [");
        assertThat(dir.resolve("s")).doesNotExist();
    }

    @Test
    void the_simulated_replay_of_the_demo_writes_the_gap_table_and_its_three_plots() throws Exception {
        Path out = dir.resolve("sim");
        CommandLineRun r = CommandLineRun.of("replay", recording.toString(), "--sim", "--out", out.toString());
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        String table = Files.readString(out.resolve("demo-sim.md"));
        for (String row : io.policyrt.launch.replay.SimGapReport.ROWS) {
            assertThat(table).as(table).contains("| " + row + " |");
        }
        assertThat(r.out()).contains("| lateral RMSE [m] |");
        for (String png : List.of("demo-sim-trajectories.png", "demo-sim-tracking.png", "demo-sim-commands.png")) {
            assertThat(out.resolve(png)).isNotEmptyFile();
        }
    }

    @Test
    void a_policy_with_other_feature_names_is_refused_naming_both_feature_lists() {
        // The GOPS-layout fixture: the same task, six features instead of the recording's thirteen.
        Path gops = RepositoryRoot.path().resolve("controller/src/test/resources/models/gops.onnx");
        CommandLineRun r = CommandLineRun.of("replay", recording.toString(), "--policy", gops.toString(), "--out", dir.resolve("y").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("policyrt: cannot replay through " + gops + ": it has features [lateral_error_m, ")
                .contains("the recording's policy bundled features [").doesNotContain("\n");
    }

    @Test
    void a_corrupted_file_is_refused_in_one_line_naming_it() throws Exception {
        byte[] bytes = Files.readAllBytes(recording);
        bytes[bytes.length / 3] ^= 0x5A; // inside the data section: a chunk's checksum no longer matches
        Path corrupted = dir.resolve("corrupted.mcap");
        Files.write(corrupted, bytes);
        CommandLineRun r = CommandLineRun.of("replay", corrupted.toString(), "--out", dir.resolve("z").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("policyrt: " + corrupted).doesNotContain("\n", "Exception", "\tat ");
    }

    @Test
    void a_foreign_file_and_a_missing_file_are_refused_as_record_info_refuses_them() throws Exception {
        Path foreign = dir.resolve("notes.mcap");
        Files.writeString(foreign, "these are not the bytes of an MCAP file\n");
        CommandLineRun r = CommandLineRun.of("replay", foreign.toString());
        CommandLineRun info = CommandLineRun.of("record", "info", foreign.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo(info.err()).startsWith("policyrt: " + foreign).doesNotContain("Exception");
        CommandLineRun missing = CommandLineRun.of("replay", dir.resolve("nothing.mcap").toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err().strip()).isEqualTo("policyrt: " + dir.resolve("nothing.mcap") + ": no such file");
    }

    @Test
    void a_recording_without_ticks_says_so_in_one_line() throws Exception {
        // What 'sim serve --record' writes: the commands the robot received, no controller ticks.
        Path robotSide = dir.resolve("robot.mcap");
        try (McapWriter w = McapWriter.create(robotSide, McapWriterOptions.defaults())) {
            int channel = w.registerChannel("policyrt/robot1/cmd_vel", "json", 0, Map.of());
            byte[] m = "{\"v_mps\":0.2}".getBytes(StandardCharsets.UTF_8);
            w.writeMessage(channel, 0, 1_000_000_000L, 1_000_000_000L, m, 0, m.length);
        }
        CommandLineRun r = CommandLineRun.of("replay", robotSide.toString(), "--out", dir.resolve("w").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("policyrt: " + robotSide + ": holds no /policyrt/tick ticks").doesNotContain("\n");
    }
}
