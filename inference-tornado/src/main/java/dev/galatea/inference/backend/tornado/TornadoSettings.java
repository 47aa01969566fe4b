package dev.galatea.inference.backend.tornado;

import dev.galatea.inference.GalateaException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The fixed shape of the device step. The device holds {@code slots} KV caches of {@code contextLength}
 * positions each, and one execution computes at most {@code maxRows} positions (prompt tokens of one sequence, or
 * one token of each of several sequences); longer prompts run in chunks of {@code maxRows}.
 *
 * @param workGroupSize work-items per work-group of the reduction kernels (a power of two)
 * @param matMulForm    which matrix kernel the projections use
 * @param printKernels  the directory that receives the OpenCL C / PTX TornadoVM generates for the step, if any
 */
public record TornadoSettings(int maxRows, int slots, int contextLength, int workGroupSize, MatMulForm matMulForm,
                              Optional<Path> printKernels) {

    /** Rows per step of the default settings: a prompt chunk, or that many sequences decoded together. */
    static final int DEFAULT_MAX_ROWS = 32;
    static final int DEFAULT_WORK_GROUP_SIZE = 128;

    public enum MatMulForm {
        /** {@code MatMulKernels.matMul}: one work-item per output, loop-parallel. */
        PARALLEL,
        /** {@code MatMulKernels.matMulReduce}: one work-group per output, reduced in local memory. */
        WORK_GROUP;

        /**
         * The form for a device of this TornadoVM type. A CPU OpenCL driver (PoCL) runs a work-group of 128
         * work-items per output as 128 loop iterations with barriers between them: there the loop-parallel form
         * decoded 4.3 times faster on the tiny synthetic model and 1.7 times on a 154 M-parameter one. A GPU gets
         * the work-group reduction, whose work-items read each weight row with coalesced loads (not yet measured).
         */
        public static MatMulForm forDeviceType(String type) {
            return type.equals("CPU") ? PARALLEL : WORK_GROUP;
        }
    }

    public TornadoSettings {
        requirePositive("maxRows", maxRows);
        requirePositive("slots", slots);
        requirePositive("contextLength", contextLength);
        if (workGroupSize <= 0 || Integer.bitCount(workGroupSize) != 1) {
            throw new GalateaException("tornado workGroupSize " + workGroupSize + " must be a power of two");
        }
        Objects.requireNonNull(matMulForm, "matMulForm");
        Objects.requireNonNull(printKernels, "printKernels");
    }

    /** The model's full context, 32 rows per step, work-groups of 128, and what {@code options} asks for. */
    static TornadoSettings of(int contextLength, TornadoOptions options, TornadoDeviceInfo device) {
        return new TornadoSettings(DEFAULT_MAX_ROWS, options.sequences(), contextLength, DEFAULT_WORK_GROUP_SIZE,
                options.matMulForm().orElse(MatMulForm.forDeviceType(device.type())), options.printKernels());
    }

    private static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw new GalateaException("tornado " + name + " must be positive, not " + value);
        }
    }
}
