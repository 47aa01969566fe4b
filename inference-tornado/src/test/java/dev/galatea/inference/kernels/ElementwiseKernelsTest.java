package dev.galatea.inference.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ElementwiseKernelsTest {
    private static final int MAX_ROWS = 3;
    private final Random random = new Random(5);

    @Test
    void embedGathersTheTokensRowsOfWte() {
        int vocab = 11;
        int dim = 8;
        short[] wte = KernelData.halfs(random, vocab * dim, 1.0);
        float[] hidden = KernelData.filled(MAX_ROWS * dim, Float.NaN);
        int[] step = KernelData.step(MAX_ROWS, new int[] {10, 3}, new int[] {0, 1}, new int[] {0, 0});
        ElementwiseKernels.embed(wte, hidden, step, Fp16.exponentScales(), dim, MAX_ROWS);
        for (int c = 0; c < dim; c++) {
            assertEquals(Float.float16ToFloat(wte[10 * dim + c]), hidden[c]);
            assertEquals(Float.float16ToFloat(wte[3 * dim + c]), hidden[dim + c]);
            assertTrue(Float.isNaN(hidden[2 * dim + c]));
        }
    }

    @Test
    void geluNewAddsTheBiasThenAppliesTheTanhApproximation() {
        int width = 50;
        float[] x = KernelData.floats(random, MAX_ROWS * width, 3.0);
        float[] original = x.clone();
        float[] bias = KernelData.floats(random, width, 1.0);
        ElementwiseKernels.geluNewWithBias(x, bias, KernelData.rows(MAX_ROWS, 2), width, MAX_ROWS);
        for (int i = 0; i < 2 * width; i++) {
            double v = original[i] + bias[i % width];
            double expected = 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v)));
            assertEquals(expected, x[i], 2e-6 * Math.max(1, Math.abs(v)), "element " + i);
        }
        for (int i = 2 * width; i < 3 * width; i++) {
            assertEquals(original[i], x[i], "rows past the step's row count stay untouched");
        }
    }

    @Test
    void residualAddsAttentionMlpAndItsBiasToTheHiddenState() {
        int dim = 16;
        float[] hidden = KernelData.floats(random, MAX_ROWS * dim, 1.0);
        float[] before = hidden.clone();
        float[] attention = KernelData.floats(random, MAX_ROWS * dim, 1.0);
        float[] mlp = KernelData.floats(random, MAX_ROWS * dim, 1.0);
        float[] bias = KernelData.floats(random, dim, 1.0);
        ElementwiseKernels.residual(hidden, attention, mlp, bias, KernelData.rows(MAX_ROWS, 1), dim, MAX_ROWS);
        for (int i = 0; i < dim; i++) {
            assertEquals((double) before[i] + attention[i] + mlp[i] + bias[i], hidden[i], 1e-6);
            assertEquals(before[dim + i], hidden[dim + i], "row 1 is not in the step");
        }
    }

    @Test
    void addBiasAddsTheSameBiasToEveryRowOfTheStep() {
        int width = 9;
        float[] x = KernelData.floats(random, MAX_ROWS * width, 1.0);
        float[] before = x.clone();
        float[] bias = KernelData.floats(random, width, 1.0);
        ElementwiseKernels.addBias(x, bias, KernelData.rows(MAX_ROWS, 2), width, MAX_ROWS);
        for (int i = 0; i < 2 * width; i++) {
            assertEquals(before[i] + bias[i % width], x[i]);
        }
        for (int i = 2 * width; i < 3 * width; i++) {
            assertEquals(before[i], x[i]);
        }
    }

    @Test
    void lastRowCopiesTheStepsLastRowAndNoOther() {
        int width = 7;
        float[] rows = KernelData.floats(random, MAX_ROWS * width, 1.0);
        float[] last = KernelData.filled(width, Float.NaN);
        ElementwiseKernels.lastRow(rows, last, KernelData.rows(MAX_ROWS, 2), width);
        assertArrayEquals(Arrays.copyOfRange(rows, width, 2 * width), last, "row 1 of 2, not row 2 of maxRows 3");
        float[] untouched = KernelData.filled(width, Float.NaN);
        ElementwiseKernels.lastRow(rows, untouched, KernelData.rows(MAX_ROWS, 0), width);
        assertArrayEquals(KernelData.filled(width, Float.NaN), untouched, "a step of cache copies only has no row");
    }
}
