package dev.galatea.inference.cli;

import dev.galatea.inference.GalateaException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code galatea} command: chat-model tools for GPT-J checkpoints. */
@Command(
        name = "galatea",
        mixinStandardHelpOptions = true,
        version = "galatea 0.1.0",
        description = "Run, inspect and benchmark GPT-J models such as Pygmalion-6B.",
        subcommands = {
            GenerateCommand.class,
            LogitsCommand.class,
            SynthCommand.class,
            BenchCommand.class,
            ServeCommand.class,
            CommandLine.HelpCommand.class
        })
public final class GalateaCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, also used by tests to run commands in-process. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new GalateaCli());
        // One line instead of picocli's message plus the whole usage text, which buries the message.
        cli.setParameterExceptionHandler((error, args) -> {
            CommandLine failed = error.getCommandLine();
            failed.getErr().println("galatea: " + error.getMessage()
                    + " (see " + failed.getCommandSpec().qualifiedName() + " --help)");
            return failed.getCommandSpec().exitCodeOnInvalidInput();
        });
        cli.setExecutionExceptionHandler((error, commandLine, parseResult) -> {
            if (error instanceof GalateaException) {
                commandLine.getErr().println("galatea: " + error.getMessage());
                return 2;
            }
            commandLine.getErr().println("galatea: internal error: " + error
                    + (System.getenv("GALATEA_DEBUG") == null ? " (set GALATEA_DEBUG=1 for the stack trace)" : ""));
            if (System.getenv("GALATEA_DEBUG") != null) {
                error.printStackTrace(commandLine.getErr());
            }
            return 1;
        });
        return cli;
    }
}
