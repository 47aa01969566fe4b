package dev.galatea.inference.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AttentionKernelsTest {
    private static final int N_HEAD = 3;
    private static final int HEAD_DIM = 8;
    private static final int DIM = N_HEAD * HEAD_DIM;
    private static final int CAPACITY = 10;
    private static final int SLOTS = 2;
    private static final int MAX_ROWS = 4;

    private final Random random = new Random(3);

    /** Hugging Face: x·cos + rotate_every_two(x)·sin, sin and cos duplicate_interleave'd, on the first rotary_dim. */
    @Test
    void rotaryRotatesInterleavedPairsLikeRotateEveryTwo() {
        int rotaryDim = 4;
        float[] query = KernelData.floats(random, MAX_ROWS * DIM, 1.0);
        float[] key = KernelData.floats(random, MAX_ROWS * DIM, 1.0);
        float[] q0 = query.clone();
        float[] k0 = key.clone();
        int[] positions = {0, 5, 9};
        int[] step = KernelData.step(MAX_ROWS, new int[3], positions, new int[3]);
        AttentionKernels.rotary(query, key, AttentionKernels.rotaryTable(CAPACITY, rotaryDim), step, HEAD_DIM, rotaryDim,
                N_HEAD * rotaryDim / 2, DIM, MAX_ROWS);
        for (int r = 0; r < MAX_ROWS; r++) {
            for (int h = 0; h < N_HEAD; h++) {
                for (int j = 0; j < HEAD_DIM; j++) {
                    int at = r * DIM + h * HEAD_DIM + j;
                    double expectedQ = q0[at];
                    double expectedK = k0[at];
                    if (r < positions.length && j < rotaryDim) {
                        int pair = j / 2;
                        double angle = positions[r] / Math.pow(10000.0, 2.0 * pair / rotaryDim);
                        int partner = j % 2 == 0 ? at + 1 : at - 1;
                        double sign = j % 2 == 0 ? -1 : 1;
                        expectedQ = q0[at] * Math.cos(angle) + sign * q0[partner] * Math.sin(angle);
                        expectedK = k0[at] * Math.cos(angle) + sign * k0[partner] * Math.sin(angle);
                    }
                    assertEquals(expectedQ, query[at], 1e-6, "query row " + r + " head " + h + " feature " + j);
                    assertEquals(expectedK, key[at], 1e-6, "key row " + r + " head " + h + " feature " + j);
                }
            }
        }
    }

    @Test
    void kvStoreWritesEachRowAtItsSlotAndPositionOnly() {
        float[] key = KernelData.floats(random, MAX_ROWS * DIM, 1.0);
        float[] value = KernelData.floats(random, MAX_ROWS * DIM, 1.0);
        float[] keyCache = new float[SLOTS * CAPACITY * DIM];
        float[] valueCache = new float[SLOTS * CAPACITY * DIM];
        int[] step = KernelData.step(MAX_ROWS, new int[2], new int[] {7, 2}, new int[] {1, 0});
        AttentionKernels.kvStore(key, value, keyCache, valueCache, step, CAPACITY, DIM, MAX_ROWS);
        int written = 0;
        for (int i = 0; i < keyCache.length; i++) {
            int slot = i / (CAPACITY * DIM);
            int position = i / DIM % CAPACITY;
            int row = slot == 1 && position == 7 ? 0 : slot == 0 && position == 2 ? 1 : -1;
            float expectedKey = row < 0 ? 0f : key[row * DIM + i % DIM];
            float expectedValue = row < 0 ? 0f : value[row * DIM + i % DIM];
            assertEquals(expectedKey, keyCache[i], "key cache element " + i);
            assertEquals(expectedValue, valueCache[i], "value cache element " + i);
            written += row < 0 ? 0 : 1;
        }
        assertEquals(2 * DIM, written);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 4096})
    void kvCopyCopiesTheFirstPositionsOfEachSourceSlotWhateverTheWorkItems(int workItems) {
        int slots = 4;
        float[] keyCache = KernelData.floats(random, slots * CAPACITY * DIM, 1.0);
        float[] valueCache = KernelData.floats(random, slots * CAPACITY * DIM, 1.0);
        float[] keys = keyCache.clone();
        float[] values = valueCache.clone();
        int[] step = KernelData.rows(MAX_ROWS, 0);
        StepLayout.addCopy(step, MAX_ROWS, 0, 2, 6);
        StepLayout.addCopy(step, MAX_ROWS, 0, 3, 3);
        AttentionKernels.kvCopyOnHost(keyCache, valueCache, step, CAPACITY, DIM, MAX_ROWS, workItems);
        for (int i = 0; i < keyCache.length; i++) {
            int slot = i / (CAPACITY * DIM);
            int position = i / DIM % CAPACITY;
            boolean copied = slot == 2 && position < 6 || slot == 3 && position < 3;
            int from = copied ? i % (CAPACITY * DIM) : i;
            assertEquals(keys[from], keyCache[i], "key cache element " + i);
            assertEquals(values[from], valueCache[i], "value cache element " + i);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4, 64})
    void attentionIsTheSoftmaxOfScaledDotProductsOverTheSlotsPastPositions(int localSize) {
        float[] query = KernelData.floats(random, MAX_ROWS * DIM, 1.0);
        float[] keyCache = KernelData.floats(random, SLOTS * CAPACITY * DIM, 1.0);
        float[] valueCache = KernelData.floats(random, SLOTS * CAPACITY * DIM, 1.0);
        int[] positions = {0, 9, 4};
        int[] slots = {1, 0, 1};
        int[] step = KernelData.step(MAX_ROWS, new int[3], positions, slots);
        float scale = (float) (1 / Math.sqrt(HEAD_DIM));
        float[] scores = KernelData.filled(MAX_ROWS * N_HEAD * CAPACITY, Float.NaN);
        float[] output = KernelData.filled(MAX_ROWS * DIM, Float.NaN);

        AttentionKernels.attentionScores(query, keyCache, scores, step, N_HEAD, HEAD_DIM, CAPACITY, scale, MAX_ROWS);
        AttentionKernels.attentionSoftmaxOnHost(scores, step, N_HEAD, CAPACITY, localSize);
        AttentionKernels.attentionValues(scores, valueCache, output, step, N_HEAD, HEAD_DIM, CAPACITY, MAX_ROWS);

        for (int r = 0; r < positions.length; r++) {
            for (int h = 0; h < N_HEAD; h++) {
                int length = positions[r] + 1;
                double[] weights = new double[length];
                double max = Double.NEGATIVE_INFINITY;
                for (int t = 0; t < length; t++) {
                    double dot = 0;
                    for (int j = 0; j < HEAD_DIM; j++) {
                        dot += (double) query[r * DIM + h * HEAD_DIM + j] * keyCache[cacheIndex(slots[r], t, h, j)];
                    }
                    weights[t] = dot / Math.sqrt(HEAD_DIM);
                    max = Math.max(max, weights[t]);
                }
                double sum = 0;
                for (int t = 0; t < length; t++) {
                    weights[t] = Math.exp(weights[t] - max);
                    sum += weights[t];
                }
                for (int t = 0; t < length; t++) {
                    assertEquals(weights[t] / sum, scores[(r * N_HEAD + h) * CAPACITY + t], 1e-6, "p[" + r + "][" + h + "][" + t + "]");
                }
                for (int j = 0; j < HEAD_DIM; j++) {
                    double expected = 0;
                    for (int t = 0; t < length; t++) {
                        expected += weights[t] / sum * valueCache[cacheIndex(slots[r], t, h, j)];
                    }
                    assertEquals(expected, output[r * DIM + h * HEAD_DIM + j], 1e-5, "row " + r + " head " + h + " feature " + j);
                }
            }
        }
        for (int c = 0; c < DIM; c++) {
            assertEquals(Float.NaN, output[3 * DIM + c], "rows past the step's row count stay untouched");
        }
    }

    private static int cacheIndex(int slot, int position, int head, int feature) {
        return (slot * CAPACITY + position) * DIM + head * HEAD_DIM + feature;
    }
}
