package io.policyrt.launch.cli;

import io.policyrt.recorder.RecordingInfo;
import io.policyrt.recorder.mcap.McapFormatException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import io.policyrt.launch.plot.RecordingPlots;
import io.policyrt.launch.replay.RecordedRun;
import io.policyrt.recorder.TickJson;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code policyrt record ...}: look at recordings made with {@code --record}. */
@Command(name = "record", mixinStandardHelpOptions = true, description = "Look at MCAP recordings made with --record.",
        subcommands = {RecordCommand.Info.class, RecordCommand.Plot.class})
public final class RecordCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** A recording's ticks, path and inputs, or a one-line error naming the file and what is wrong with it. */
    static RecordedRun readRun(Path file) {
        return readRecording(file, RecordedRun::read);
    }

    /** How a recording is read into what a command needs. */
    @FunctionalInterface
    interface RecordingReader<T> {
        T read(Path file) throws IOException;
    }

    /** {@code reader} applied to {@code file}, or a one-line error naming the file and what is wrong with it. */
    static <T> T readRecording(Path file, RecordingReader<T> reader) {
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(file + ": is a folder, not a recording");
        }
        try {
            return reader.read(file);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    /**
     * The one-line error for a recording that cannot be read: names the file and what is wrong
     * (missing, permission, not MCAP, cut short before its Header, corrupted).
     */
    private static IllegalArgumentException unreadable(Path file, IOException e) {
        if (e instanceof McapFormatException) {
            return new IllegalArgumentException(e.getMessage(), e); // names the file and what is wrong
        } else if (e instanceof NoSuchFileException) {
            return new IllegalArgumentException(file + ": no such file", e);
        } else if (e instanceof AccessDeniedException) {
            return new IllegalArgumentException(file + ": permission denied", e);
        }
        return new IllegalArgumentException(file + ": cannot read it: " + e.getMessage(), e);
    }

    /**
     * {@code policyrt record info FILE}: channels, counts, rates, gaps, duration, chunks, metadata.
     * Exit 0 for a complete file; 1 for a file cut short (what it holds is printed, then why it is
     * incomplete); 2, with one line naming the file, for a file that cannot be read (missing, empty,
     * not MCAP, corrupted).
     */
    @Command(name = "info", mixinStandardHelpOptions = true,
            description = "Print a recording's channels with message counts, rates and largest gaps, its duration, chunks and "
                    + "metadata. Exit 0: complete; 1: cut short (printed up to where it ends); 2: unreadable.")
    public static final class Info implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "FILE", description = "the .mcap file")
        Path file;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            RecordingInfo info = readRecording(file, RecordingInfo::read);
            var out = spec.commandLine().getOut();
            out.print(info.format());
            out.flush();
            if (!info.summary().complete()) {
                spec.commandLine().getErr().println("policyrt: " + file + " is incomplete: " + info.summary().incompleteReason());
                return 1;
            }
            return 0;
        }
    }

    /**
     * {@code policyrt record plot FILE [--out DIR]}: the trajectory, latency and commands plots of a
     * recorded run, from the file alone. Exit 0 when written; 2, with one line naming the file, when
     * it cannot be read or holds no ticks.
     */
    @Command(name = "plot", mixinStandardHelpOptions = true,
            description = "Write a recording's plots as PNG: the trajectory over the recorded path with the obstacle's track, the "
                    + "loop latency by percentile, and the commands (v, w) and stop reasons over time.")
    public static final class Plot implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "FILE", description = "the .mcap file recorded with --record")
        Path file;

        @Option(names = "--out", defaultValue = "policyrt-out", description = "folder for the PNG files (default: ${DEFAULT-VALUE})")
        Path out;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            RecordedRun run = readRun(file);
            if (!run.summary().complete()) {
                spec.commandLine().getErr().println("policyrt: " + file + " is incomplete: " + run.summary().incompleteReason()
                        + "; plotting the ticks it holds");
            }
            if (run.ticks().isEmpty()) {
                throw new IllegalArgumentException(file + ": holds no " + TickJson.TOPIC + " ticks (a recording of 'sim serve' holds"
                        + " the commands the robot received); nothing to plot");
            }
            String stem = file.getFileName().toString().replaceFirst("\\.mcap$", "");
            List<Path> written = RecordingPlots.write(run, out, stem);
            var console = spec.commandLine().getOut();
            console.println("== plots of " + file + " (" + run.ticks().size() + " ticks): "
                    + String.join(", ", written.stream().map(Path::toString).toList()));
            console.flush();
            return 0;
        }
    }
}
