package dev.galatea.inference.backend.tornado;

import dev.galatea.inference.GalateaException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What a caller asks of the tornado backend; the rest of {@link TornadoSettings} follows from the model and the
 * device.
 *
 * @param sequences    KV caches the device holds at once: sequences generated together, plus the candidates of a
 *                     contrastive search step
 * @param matMulForm   the matrix kernel, when the caller overrides the one chosen for the device type
 * @param printKernels the directory that receives the generated OpenCL C / PTX, when asked for
 */
public record TornadoOptions(int sequences, Optional<TornadoSettings.MatMulForm> matMulForm, Optional<Path> printKernels) {

    /** What the web app runs with: four sequences at once, the matrix kernel for the device, no listing. */
    public static final TornadoOptions DEFAULT = new TornadoOptions(4, Optional.empty(), Optional.empty());

    public TornadoOptions {
        if (sequences < 1) {
            throw new GalateaException("the tornado backend needs room for at least one sequence, not " + sequences);
        }
        Objects.requireNonNull(matMulForm, "matMulForm");
        Objects.requireNonNull(printKernels, "printKernels");
    }
}
