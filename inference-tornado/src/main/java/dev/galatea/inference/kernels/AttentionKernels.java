package dev.galatea.inference.kernels;

import uk.ac.manchester.tornado.api.KernelContext;
import uk.ac.manchester.tornado.api.annotations.Parallel;
import uk.ac.manchester.tornado.api.math.TornadoMath;

/**
 * GPT-J self-attention over a KV cache that lives on the device. The cache of one layer is
 * {@code [slots][capacity][n_embd]} fp32 (heads side by side, as q_proj lays them out); a step's row r
 * belongs to slot {@link StepLayout#slot} at position {@link StepLayout#position} and attends to positions
 * 0..position of its slot. Scores are {@code [maxRows][n_head][capacity]}.
 */
public final class AttentionKernels {
    private AttentionKernels() {}

    /**
     * The table {@link #rotary} reads: for each position p and pair i, cos(p·θ_i) then sin(p·θ_i) with
     * θ_i = 10000^(−2i/rotaryDim), computed in double and rounded once.
     */
    public static float[] rotaryTable(int positions, int rotaryDim) {
        float[] table = new float[positions * rotaryDim];
        for (int p = 0; p < positions; p++) {
            for (int i = 0; i < rotaryDim / 2; i++) {
                double angle = p * Math.pow(10000.0, -2.0 * i / rotaryDim);
                table[p * rotaryDim + 2 * i] = (float) Math.cos(angle);
                table[p * rotaryDim + 2 * i + 1] = (float) Math.sin(angle);
            }
        }
        return table;
    }

    /**
     * Rotary position embedding on the first {@code rotaryDim} features of every head of q and k, pairing
     * features (2i, 2i+1) as Hugging Face's {@code rotate_every_two}. {@code rope[position·rotaryDim + 2i]} is
     * cos(position·θ_i) and the next entry its sine. {@code rotaryPairs} is n_head · rotaryDim / 2.
     */
    public static void rotary(float[] query, float[] key, float[] rope, int[] step, int headDim, int rotaryDim,
                              int rotaryPairs, int dim, int maxRows) {
        for (@Parallel int r = 0; r < maxRows; r++) {
            for (@Parallel int p = 0; p < rotaryPairs; p++) {
                if (r < StepLayout.rows(step)) {
                    int perHead = rotaryDim / 2;
                    int head = p / perHead;
                    int i = p - head * perHead;
                    int angle = StepLayout.position(step, r) * rotaryDim + 2 * i;
                    float cos = rope[angle];
                    float sin = rope[angle + 1];
                    int at = r * dim + head * headDim + 2 * i;
                    float q0 = query[at];
                    float q1 = query[at + 1];
                    query[at] = q0 * cos - q1 * sin;
                    query[at + 1] = q1 * cos + q0 * sin;
                    float k0 = key[at];
                    float k1 = key[at + 1];
                    key[at] = k0 * cos - k1 * sin;
                    key[at + 1] = k1 * cos + k0 * sin;
                }
            }
        }
    }

    /** Writes each row's key and value into its slot at its position. */
    public static void kvStore(float[] key, float[] value, float[] keyCache, float[] valueCache, int[] step,
                               int capacity, int dim, int maxRows) {
        for (@Parallel int r = 0; r < maxRows; r++) {
            for (@Parallel int c = 0; c < dim; c++) {
                if (r < StepLayout.rows(step)) {
                    int at = (StepLayout.slot(step, r) * capacity + StepLayout.position(step, r)) * dim + c;
                    keyCache[at] = key[r * dim + c];
                    valueCache[at] = value[r * dim + c];
                }
            }
        }
    }

    /**
     * Runs the step's cache copies (the first positions of one slot into another), each work-item taking every
     * {@code globalGroupSizeX}-th element, so an idle step costs one small launch whatever the cache size.
     */
    public static void kvCopy(KernelContext context, float[] keyCache, float[] valueCache, int[] step, int capacity,
                              int dim, int maxRows) {
        copyShare(keyCache, valueCache, step, capacity, dim, maxRows, context.globalIdx, context.globalGroupSizeX);
    }

    /** {@link #kvCopy} as plain Java over {@code workItems} work-items. */
    public static void kvCopyOnHost(float[] keyCache, float[] valueCache, int[] step, int capacity, int dim,
                                    int maxRows, int workItems) {
        for (int id = 0; id < workItems; id++) {
            copyShare(keyCache, valueCache, step, capacity, dim, maxRows, id, workItems);
        }
    }

    private static void copyShare(float[] keyCache, float[] valueCache, int[] step, int capacity, int dim, int maxRows,
                                  int id, int workItems) {
        int copies = StepLayout.copies(step);
        for (int c = 0; c < copies; c++) {
            int from = StepLayout.copySource(step, maxRows, c) * capacity * dim;
            int to = StepLayout.copyTarget(step, maxRows, c) * capacity * dim;
            int count = StepLayout.copyLength(step, maxRows, c) * dim;
            for (int i = id; i < count; i += workItems) {
                keyCache[to + i] = keyCache[from + i];
                valueCache[to + i] = valueCache[from + i];
            }
        }
    }

    /** {@code scores[r][h][t] = scale · q[r][h] · k[slot][t][h]} for t ≤ the row's position. */
    public static void attentionScores(float[] query, float[] keyCache, float[] scores, int[] step, int nHead,
                                       int headDim, int capacity, float scale, int maxRows) {
        for (@Parallel int r = 0; r < maxRows; r++) {
            for (@Parallel int h = 0; h < nHead; h++) {
                for (@Parallel int t = 0; t < capacity; t++) {
                    if (r < StepLayout.rows(step) && t <= StepLayout.position(step, r)) {
                        int dim = nHead * headDim;
                        int q = r * dim + h * headDim;
                        int k = (StepLayout.slot(step, r) * capacity + t) * dim + h * headDim;
                        float dot = 0f;
                        for (int j = 0; j < headDim; j++) {
                            dot += query[q + j] * keyCache[k + j];
                        }
                        scores[(r * nHead + h) * capacity + t] = dot * scale;
                    }
                }
            }
        }
    }

    /**
     * Softmax of each (row, head)'s scores over positions 0..position, in place: one work-group of
     * {@code localSize} work-items (a power of two) per (row, head), the maximum and the sum each a tree in
     * local memory. Launch with a 1-D grid of {@code maxRows × nHead × localSize} in groups of {@code localSize}.
     */
    public static void attentionSoftmax(KernelContext context, float[] scores, int[] step, int nHead, int capacity,
                                        int localSize) {
        int group = context.groupIdx;
        int l = context.localIdx;
        float[] partial = context.allocateFloatLocalArray(localSize);
        int r = group / nHead;
        if (r < StepLayout.rows(step)) {
            int base = group * capacity;
            int length = StepLayout.position(step, r) + 1;
            partial[l] = partialMax(scores, base, length, l, localSize);
            context.localBarrier();
            for (int stride = localSize / 2; stride > 0; stride >>= 1) {
                if (l < stride) {
                    partial[l] = TornadoMath.max(partial[l], partial[l + stride]);
                }
                context.localBarrier();
            }
            float max = partial[0];
            context.localBarrier();
            partial[l] = exponentiate(scores, base, length, max, l, localSize);
            context.localBarrier();
            for (int stride = localSize / 2; stride > 0; stride >>= 1) {
                if (l < stride) {
                    partial[l] += partial[l + stride];
                }
                context.localBarrier();
            }
            scale(scores, base, length, 1f / partial[0], l, localSize);
        }
    }

    /** {@link #attentionSoftmax} as plain Java: the same partial results and trees, work-item by work-item. */
    public static void attentionSoftmaxOnHost(float[] scores, int[] step, int nHead, int capacity, int localSize) {
        float[] partial = new float[localSize];
        int groups = StepLayout.rows(step) * nHead;
        for (int group = 0; group < groups; group++) {
            int base = group * capacity;
            int length = StepLayout.position(step, group / nHead) + 1;
            for (int l = 0; l < localSize; l++) {
                partial[l] = partialMax(scores, base, length, l, localSize);
            }
            float max = Reductions.treeMax(partial, localSize);
            for (int l = 0; l < localSize; l++) {
                partial[l] = exponentiate(scores, base, length, max, l, localSize);
            }
            float inverseSum = 1f / Reductions.treeSum(partial, localSize);
            for (int l = 0; l < localSize; l++) {
                scale(scores, base, length, inverseSum, l, localSize);
            }
        }
    }

    private static float partialMax(float[] scores, int base, int length, int first, int stride) {
        float max = -Float.MAX_VALUE;
        for (int t = first; t < length; t += stride) {
            max = TornadoMath.max(max, scores[base + t]);
        }
        return max;
    }

    /** Replaces each score by exp(score − max) and returns the sum of those it replaced. */
    private static float exponentiate(float[] scores, int base, int length, float max, int first, int stride) {
        float sum = 0f;
        for (int t = first; t < length; t += stride) {
            float e = TornadoMath.exp(scores[base + t] - max);
            scores[base + t] = e;
            sum += e;
        }
        return sum;
    }

    private static void scale(float[] scores, int base, int length, float factor, int first, int stride) {
        for (int t = first; t < length; t += stride) {
            scores[base + t] *= factor;
        }
    }

    /** {@code out[r][h·headDim + j] = Σ_t p[r][h][t] · v[slot][t][h·headDim + j]} over t ≤ the row's position. */
    public static void attentionValues(float[] scores, float[] valueCache, float[] output, int[] step, int nHead,
                                       int headDim, int capacity, int maxRows) {
        for (@Parallel int r = 0; r < maxRows; r++) {
            for (@Parallel int c = 0; c < nHead * headDim; c++) {
                if (r < StepLayout.rows(step)) {
                    int dim = nHead * headDim;
                    int p = (r * nHead + c / headDim) * capacity;
                    int v = StepLayout.slot(step, r) * capacity * dim + c;
                    int length = StepLayout.position(step, r) + 1;
                    float sum = 0f;
                    for (int t = 0; t < length; t++) {
                        sum += scores[p + t] * valueCache[v + t * dim];
                    }
                    output[r * dim + c] = sum;
                }
            }
        }
    }
}
