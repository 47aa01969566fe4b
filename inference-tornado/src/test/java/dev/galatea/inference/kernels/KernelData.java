package dev.galatea.inference.kernels;

import java.util.Random;

/** Random tensors for the kernel tests, with fp16 weights rounded the way a checkpoint stores them. */
final class KernelData {
    private KernelData() {}

    static short[] halfs(Random random, int length, double scale) {
        short[] bits = new short[length];
        for (int i = 0; i < length; i++) {
            bits[i] = Float.floatToFloat16((float) (random.nextGaussian() * scale));
        }
        return bits;
    }

    static float[] floats(Random random, int length, double scale) {
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = (float) (random.nextGaussian() * scale);
        }
        return values;
    }

    static float[] filled(int length, float value) {
        float[] values = new float[length];
        java.util.Arrays.fill(values, value);
        return values;
    }

    /** A step description of {@code positions.length} rows, row r at positions[r] in slots[r]. */
    static int[] step(int maxRows, int[] tokens, int[] positions, int[] slots) {
        int[] step = new int[StepLayout.length(maxRows)];
        StepLayout.clear(step);
        for (int r = 0; r < positions.length; r++) {
            StepLayout.addRow(step, tokens[r], positions[r], slots[r]);
        }
        return step;
    }

    static int[] rows(int maxRows, int rows) {
        return step(maxRows, new int[rows], new int[rows], new int[rows]);
    }
}
