package dev.galatea.inference.backend.tornado;

import dev.galatea.inference.GalateaException;

/**
 * The fixed shape of the device step. The device holds {@code slots} KV caches of {@code contextLength}
 * positions each, and one execution computes at most {@code maxRows} positions (prompt tokens of one sequence, or
 * one token of each of several sequences); longer prompts run in chunks of {@code maxRows}.
 *
 * @param workGroupSize work-items per work-group of the reduction kernels (a power of two)
 * @param matMulForm    which matrix kernel the projections use
 * @param printKernels  print the OpenCL C / PTX TornadoVM generates
 */
public record TornadoSettings(int maxRows, int slots, int contextLength, int workGroupSize, MatMulForm matMulForm,
                              boolean printKernels) {

    public enum MatMulForm {
        /** {@code MatMulKernels.matMul}: one work-item per output, loop-parallel. */
        PARALLEL,
        /** {@code MatMulKernels.matMulReduce}: one work-group per output, reduced in local memory. */
        WORK_GROUP
    }

    public TornadoSettings {
        requirePositive("maxRows", maxRows);
        requirePositive("slots", slots);
        requirePositive("contextLength", contextLength);
        if (workGroupSize <= 0 || Integer.bitCount(workGroupSize) != 1) {
            throw new GalateaException("tornado workGroupSize " + workGroupSize + " must be a power of two");
        }
    }

    /** Four sequences of the model's full context, 32 rows per step, work-groups of 128, reduction matmuls. */
    public static TornadoSettings defaults(int contextLength) {
        return new TornadoSettings(32, 4, contextLength, 128, MatMulForm.WORK_GROUP, false);
    }

    private static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw new GalateaException("tornado " + name + " must be positive, not " + value);
        }
    }
}
