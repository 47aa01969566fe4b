package dev.galatea.inference.cli;

import dev.galatea.inference.GalateaException;
import dev.galatea.inference.backend.Backend;
import dev.galatea.inference.backend.Backends;
import dev.galatea.inference.backend.tornado.TornadoBackend;
import dev.galatea.inference.backend.tornado.TornadoOptions;
import dev.galatea.inference.backend.tornado.TornadoSettings.MatMulForm;
import dev.galatea.inference.model.GptjModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;
import picocli.CommandLine.Option;

/** The options every model command shares: which model directory, on which backend. */
final class ModelOptions {
    @Option(names = "--model", required = true, description = "Hugging Face GPT-J model directory.")
    Path model;

    @Option(names = "--backend", defaultValue = "auto",
            description = "cpu, tornado or auto: TornadoVM when a runtime with a device is present, else the CPU (default: ${DEFAULT-VALUE}).")
    String backend;

    @Option(names = "--print-kernels", paramLabel = "DIR",
            description = "Tornado backend: write the OpenCL C (or PTX) TornadoVM generates for every kernel of the model"
                    + " to DIR/gptj-kernels.cl (.ptx), in launch order.")
    Path printKernels;

    @Option(names = "--tornado-matmul", paramLabel = "FORM", defaultValue = "auto",
            description = "Tornado backend's matrix kernel: parallel (a work-item per output), work-group (a work-group"
                    + " reduction per output) or auto: parallel on a CPU OpenCL device such as PoCL, work-group on a GPU"
                    + " (default: ${DEFAULT-VALUE}).")
    String tornadoMatMul;

    /**
     * Loads the weights and opens the chosen backend, telling {@code log} which; the caller closes both.
     *
     * @param sequences KV caches the run holds at once, which the tornado backend reserves on the device
     */
    LoadedModel load(Consumer<String> log, int sequences) {
        TornadoOptions tornado = new TornadoOptions(sequences, matMulForm(), kernelDirectory());
        GptjModel gptj = GptjModel.load(model);
        try {
            Backend opened = Backends.open(gptj, backend, tornado, log);
            if (printKernels != null) {
                if (!(opened instanceof TornadoBackend device)) {
                    opened.close();
                    throw new GalateaException("--print-kernels " + printKernels + ": nothing to print, the model runs on"
                            + " the cpu backend");
                }
                log.accept("galatea: TornadoVM's kernels for this model: " + device.kernelListing().orElseThrow());
            }
            return new LoadedModel(gptj, opened);
        } catch (RuntimeException e) {
            gptj.close();
            throw e;
        }
    }

    private Optional<MatMulForm> matMulForm() {
        Optional<MatMulForm> form = switch (tornadoMatMul) {
            case "auto" -> Optional.empty();
            case "parallel" -> Optional.of(MatMulForm.PARALLEL);
            case "work-group" -> Optional.of(MatMulForm.WORK_GROUP);
            default -> throw new GalateaException("--tornado-matmul must be auto, parallel or work-group, not \""
                    + tornadoMatMul + "\"");
        };
        if (form.isPresent() && backend.equals("cpu")) {
            throw new GalateaException("--tornado-matmul chooses a TornadoVM kernel; --backend cpu runs none");
        }
        return form;
    }

    /** The --print-kernels directory, created now, so a path that cannot take it fails before the model loads. */
    private Optional<Path> kernelDirectory() {
        if (printKernels == null) {
            return Optional.empty();
        }
        if (backend.equals("cpu")) {
            throw new GalateaException("--print-kernels lists the kernels TornadoVM generates; --backend cpu runs none"
                    + " (use --backend tornado)");
        }
        try {
            return Optional.of(Files.createDirectories(printKernels));
        } catch (IOException e) {
            throw new GalateaException("--print-kernels " + printKernels + ": cannot create the directory (" + e + ")", e);
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
