package dev.galatea.inference.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NormKernelsTest {
    private static final int DIM = 96;
    private static final int MAX_ROWS = 3;
    private static final float EPSILON = 1e-5f;

    @ParameterizedTest
    @ValueSource(ints = {1, 16, 128})
    void layerNormMatchesTorchLayerNormInDoublePrecision(int localSize) {
        Random random = new Random(11);
        float[] input = KernelData.floats(random, MAX_ROWS * DIM, 3.0);
        for (int c = 0; c < DIM; c++) {
            input[c] += 40f;
        }
        float[] weight = KernelData.floats(random, DIM, 1.0);
        float[] bias = KernelData.floats(random, DIM, 0.5);
        float[] output = KernelData.filled(MAX_ROWS * DIM, Float.NaN);
        NormKernels.layerNormOnHost(input, output, weight, bias, KernelData.rows(MAX_ROWS, 2), DIM, EPSILON, localSize);
        for (int r = 0; r < 2; r++) {
            double mean = 0;
            for (int c = 0; c < DIM; c++) {
                mean += input[r * DIM + c];
            }
            mean /= DIM;
            double variance = 0;
            for (int c = 0; c < DIM; c++) {
                variance += Math.pow(input[r * DIM + c] - mean, 2);
            }
            variance /= DIM;
            for (int c = 0; c < DIM; c++) {
                double expected = (input[r * DIM + c] - mean) / Math.sqrt(variance + EPSILON) * weight[c] + bias[c];
                assertEquals(expected, output[r * DIM + c], 2e-5, "row " + r + ", feature " + c);
            }
        }
        for (int c = 0; c < DIM; c++) {
            assertTrue(Float.isNaN(output[2 * DIM + c]), "rows past the step's row count stay untouched");
        }
    }
}
