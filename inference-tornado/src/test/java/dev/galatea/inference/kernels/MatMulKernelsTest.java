package dev.galatea.inference.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MatMulKernelsTest {
    private static final int OUT = 37;
    private static final int IN = 100;
    private static final int MAX_ROWS = 4;
    private static final int ROWS = 3;

    private final Random random = new Random(7);
    private final float[] scales = Fp16.exponentScales();
    private final short[] weight = KernelData.halfs(random, OUT * IN, 0.05);
    private final float[] input = KernelData.floats(random, MAX_ROWS * IN, 1.0);
    private final int[] step = KernelData.rows(MAX_ROWS, ROWS);

    @Test
    void loopParallelMatMulMatchesADoublePrecisionProduct() {
        float[] output = KernelData.filled(MAX_ROWS * OUT, Float.NaN);
        MatMulKernels.matMul(weight, input, output, step, scales, OUT, IN, MAX_ROWS);
        assertMatchesReference(output);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 32, 128, 256})
    void workGroupMatMulMatchesADoublePrecisionProduct(int localSize) {
        float[] output = KernelData.filled(MAX_ROWS * OUT, Float.NaN);
        MatMulKernels.matMulReduceOnHost(weight, input, output, step, scales, OUT, IN, localSize);
        assertMatchesReference(output);
    }

    /** With one work-item per group the tree is empty, so both forms add the same terms in the same order. */
    @Test
    void workGroupOfOneAddsInTheLoopParallelOrder() {
        float[] parallel = new float[MAX_ROWS * OUT];
        float[] reduced = new float[MAX_ROWS * OUT];
        MatMulKernels.matMul(weight, input, parallel, step, scales, OUT, IN, MAX_ROWS);
        MatMulKernels.matMulReduceOnHost(weight, input, reduced, step, scales, OUT, IN, 1);
        assertArrayEquals(parallel, reduced);
    }

    private void assertMatchesReference(float[] output) {
        for (int r = 0; r < ROWS; r++) {
            for (int o = 0; o < OUT; o++) {
                double sum = 0;
                double magnitude = 0;
                for (int k = 0; k < IN; k++) {
                    double term = (double) Float.float16ToFloat(weight[o * IN + k]) * input[r * IN + k];
                    sum += term;
                    magnitude += Math.abs(term);
                }
                assertEquals(sum, output[r * OUT + o], 1e-6 * magnitude + 1e-9, "row " + r + ", output " + o);
            }
        }
        for (int o = 0; o < OUT; o++) {
            assertTrue(Float.isNaN(output[ROWS * OUT + o]), "rows past the step's row count stay untouched");
        }
    }
}
