package dev.galatea.inference.cli;

import dev.galatea.inference.backend.Backend;
import dev.galatea.inference.backend.Backends;
import dev.galatea.inference.model.GptjModel;
import java.nio.file.Path;
import java.util.function.Consumer;
import picocli.CommandLine.Option;

/** The options every model command shares: which model directory, on which backend. */
final class ModelOptions {
    @Option(names = "--model", required = true, description = "Hugging Face GPT-J model directory.")
    Path model;

    @Option(names = "--backend", defaultValue = "auto",
            description = "cpu, tornado or auto: TornadoVM when a runtime with a device is present, else the CPU (default: ${DEFAULT-VALUE}).")
    String backend;

    /** Loads the weights and opens the chosen backend, telling {@code log} which; the caller closes both. */
    LoadedModel load(Consumer<String> log) {
        GptjModel gptj = GptjModel.load(model);
        try {
            return new LoadedModel(gptj, Backends.open(gptj, backend, log));
        } catch (RuntimeException e) {
            gptj.close();
            throw e;
        }
    }

    record LoadedModel(GptjModel model, Backend backend) implements AutoCloseable {
        @Override
        public void close() {
            backend.close();
            model.close();
        }
    }
}
