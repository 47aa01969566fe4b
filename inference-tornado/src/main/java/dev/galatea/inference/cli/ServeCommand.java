package dev.galatea.inference.cli;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Documents {@code galatea serve}. The engine knows nothing of the web app, so the launcher runs the ui module's
 * application with these same options; this command only explains that when it is reached directly.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Start the Galatea playground in the browser.",
            "With no --model (and no GALATEA_MODEL), a tiny demo model with random weights and the real tokenizer "
                    + "is written to the data directory on first start."})
final class ServeCommand implements Runnable {

    @Option(names = "--model", description = "Hugging Face GPT-J model directory (default: $GALATEA_MODEL, else the demo model).")
    Path model;

    @Option(names = "--port", defaultValue = "8080", description = "HTTP port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "Address to bind (default: ${DEFAULT-VALUE}); 0.0.0.0 exposes the app to the network.")
    String host;

    @Option(names = "--data", defaultValue = "./data", description = "Data directory for the H2 database (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--backend", defaultValue = "auto", description = "cpu, tornado or auto (default: ${DEFAULT-VALUE}).")
    String backend;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().getErr().println("galatea: the web app is started by the launcher: run ./galatea serve from the repository root.");
    }
}
