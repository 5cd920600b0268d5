package io.policyrt.launch.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * One {@code policyrt} command run in this JVM, as a user types it: its exit code, and what it
 * wrote to standard output (picocli's writer and {@code System.out}) and to standard error.
 */
record CommandLineRun(int code, String out, String err) {
    static CommandLineRun of(String... args) {
        PrintStream oldOut = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
        System.setOut(outStream);
        try {
            picocli.CommandLine cl = Main.commandLine();
            cl.setOut(new PrintWriter(new OutputStreamWriter(outStream, StandardCharsets.UTF_8), true));
            cl.setErr(new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true));
            int code = cl.execute(args);
            cl.getOut().flush();
            cl.getErr().flush();
            outStream.flush();
            return new CommandLineRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
        }
    }
}
