package io.policyrt.launch.cli;

import io.policyrt.recorder.RecordingInfo;
import io.policyrt.recorder.mcap.McapFormatException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code policyrt record ...}: look at recordings made with {@code --record}. */
@Command(name = "record", mixinStandardHelpOptions = true, description = "Look at MCAP recordings made with --record.",
        subcommands = {RecordCommand.Info.class})
public final class RecordCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * The one-line error for a recording that cannot be read: names the file and what is wrong
     * (missing, permission, not MCAP, cut short before its Header, corrupted).
     */
    static IllegalArgumentException unreadable(Path file, IOException e) {
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
            if (Files.isDirectory(file)) {
                throw new IllegalArgumentException(file + ": is a folder, not a recording");
            }
            RecordingInfo info;
            try {
                info = RecordingInfo.read(file);
            } catch (IOException e) {
                throw unreadable(file, e);
            }
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
}
