package dev.galatea.inference.backend;

import dev.galatea.inference.GalateaException;
import dev.galatea.inference.backend.cpu.CpuBackend;
import dev.galatea.inference.backend.tornado.TornadoAvailability;
import dev.galatea.inference.backend.tornado.TornadoBackend;
import dev.galatea.inference.backend.tornado.TornadoOptions;
import dev.galatea.inference.model.GptjModel;
import java.util.function.Consumer;

/** Opens the backend a user asked for: cpu, tornado, or auto. */
public final class Backends {
    private Backends() {}

    /** {@link #open(GptjModel, String, TornadoOptions, Consumer)} with the tornado backend's defaults. */
    public static Backend open(GptjModel model, String choice, Consumer<String> log) {
        return open(model, choice, TornadoOptions.DEFAULT, log);
    }

    /**
     * A tornado backend that cannot start (no SDK, no device, a model too large for the device, a kernel that does
     * not compile) falls back to the CPU with the reason logged, for "tornado" as for "auto": a chat app that
     * refuses to start is worse than a slower one.
     *
     * @param choice  "cpu", "tornado" or "auto"
     * @param tornado what the tornado backend is asked for, when it is the one that runs
     * @param log     receives one line saying which backend was chosen and why
     */
    public static Backend open(GptjModel model, String choice, TornadoOptions tornado, Consumer<String> log) {
        switch (choice) {
            case "cpu":
                return cpu(model, log, "asked for");
            case "tornado":
            case "auto":
                TornadoAvailability availability = TornadoAvailability.probe();
                if (!availability.available()) {
                    return cpu(model, log, "TornadoVM unavailable: " + availability.reason());
                }
                try {
                    TornadoBackend backend = TornadoBackend.open(model, tornado);
                    log.accept("galatea: backend " + backend.name() + " ("
                            + (choice.equals("auto") ? "auto: TornadoVM is present and has a device; " : "")
                            + backend.describe() + ")");
                    return backend;
                } catch (GalateaException e) {
                    return cpu(model, log, e.getMessage());
                }
            default:
                throw new GalateaException("--backend must be cpu, tornado or auto, not \"" + choice + "\"");
        }
    }

    private static Backend cpu(GptjModel model, Consumer<String> log, String why) {
        log.accept("galatea: backend cpu (" + Runtime.getRuntime().availableProcessors() + " cores, Vector API; " + why + ")");
        return new CpuBackend(model);
    }
}
