package io.policyrt.launch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.policyrt.recorder.FlightRecorder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code policyrt record plot FILE} as a user runs it, on a short recorded demo: the three PNG
 * files from the file alone, and one-line refusals of files it cannot plot.
 */
class RecordPlotIT {
    @TempDir static Path dir;
    static Path recording;

    @BeforeAll
    static void recordADemo() {
        recording = dir.resolve("demo.mcap");
        CommandLineRun demo = CommandLineRun.of("demo", "--path", "sine", "--encounter", "crossing", "--duration", "3", "--out",
                dir.resolve("demo-plots").toString(), "--record", recording.toString());
        assertThat(demo.code()).as(demo.out() + demo.err()).isZero();
    }

    @Test
    void plot_writes_the_trajectory_latency_and_commands_pngs_from_the_recording_alone() throws Exception {
        Path out = dir.resolve("plots");
        CommandLineRun r = CommandLineRun.of("record", "plot", recording.toString(), "--out", out.toString());
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        for (String png : List.of("demo-trajectory.png", "demo-latency.png", "demo-commands.png")) {
            Path p = out.resolve(png);
            assertThat(p).isNotEmptyFile();
            assertThat(ImageIO.read(p.toFile())).as(png + " is a PNG image").isNotNull();
            assertThat(r.out()).contains(p.toString());
        }
        // Commands and stop reasons: three stacked panels.
        assertThat(ImageIO.read(out.resolve("demo-commands.png").toFile()).getHeight()).isEqualTo(3 * 420);
    }

    @Test
    void a_missing_foreign_corrupted_or_tickless_file_is_refused_in_one_line_naming_it() throws Exception {
        Path missing = dir.resolve("nothing.mcap");
        CommandLineRun r = CommandLineRun.of("record", "plot", missing.toString(), "--out", dir.resolve("x").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("policyrt: " + missing + ": no such file");

        Path foreign = dir.resolve("notes.mcap");
        Files.writeString(foreign, "these are not the bytes of an MCAP file\n");
        r = CommandLineRun.of("record", "plot", foreign.toString(), "--out", dir.resolve("x").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo(CommandLineRun.of("record", "info", foreign.toString()).err());

        byte[] bytes = Files.readAllBytes(recording);
        bytes[bytes.length / 3] ^= 0x5A; // inside the data section: a chunk's checksum no longer matches
        Path corrupted = dir.resolve("corrupted.mcap");
        Files.write(corrupted, bytes);
        r = CommandLineRun.of("record", "plot", corrupted.toString(), "--out", dir.resolve("x").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("policyrt: " + corrupted).doesNotContain("\n", "Exception", "\tat ");

        Path robotSide = dir.resolve("robot.mcap");
        FlightRecorder.startWithoutTicks(FlightRecorder.Settings.of(robotSide), Map.of()).close();
        r = CommandLineRun.of("record", "plot", robotSide.toString(), "--out", dir.resolve("x").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("policyrt: " + robotSide + ": holds no /policyrt/tick ticks").doesNotContain("\n");
        assertThat(dir.resolve("x")).doesNotExist();
    }
}
