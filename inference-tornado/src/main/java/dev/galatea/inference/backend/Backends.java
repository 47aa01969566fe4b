package dev.galatea.inference.backend;

import dev.galatea.inference.GalateaException;
import dev.galatea.inference.backend.cpu.CpuBackend;
import dev.galatea.inference.model.GptjModel;
import java.util.function.Consumer;

/** Opens the backend a user asked for: cpu, tornado, or auto. */
public final class Backends {
    private Backends() {}

    /**
     * @param choice "cpu", "tornado" or "auto"
     * @param log    receives one line saying which backend was chosen and why
     */
    public static Backend open(GptjModel model, String choice, Consumer<String> log) {
        return switch (choice) {
            case "cpu", "auto" -> {
                log.accept("galatea: backend cpu (" + Runtime.getRuntime().availableProcessors() + " cores, Vector API)");
                yield new CpuBackend(model);
            }
            default -> throw new GalateaException("--backend must be cpu, tornado or auto, not \"" + choice + "\"");
        };
    }
}
