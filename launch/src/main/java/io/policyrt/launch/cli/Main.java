package io.policyrt.launch.cli;

import picocli.CommandLine;

/** Entry point of the {@code policyrt} command line. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new PolicyRtCommand());
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println("policyrt: " + ex.getMessage());
            if (Boolean.getBoolean("policyrt.debug")) {
                ex.printStackTrace(commandLine.getErr());
            }
            return 2;
        });
        return cl;
    }
}
