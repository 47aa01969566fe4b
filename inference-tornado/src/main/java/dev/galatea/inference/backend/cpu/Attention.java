package dev.galatea.inference.backend.cpu;

import static dev.galatea.inference.backend.cpu.StoredFloats.F;
import static dev.galatea.inference.backend.cpu.StoredFloats.LANES;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Causal self-attention of one query row and one head over a cache's positions {@code 0..position}, in fp32:
 * softmax(q · kᵀ / sqrt(head_dim)) · v.
 */
final class Attention {
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();
    /** Per worker thread: the scores of one row, grown to the longest context seen. */
    private static final ThreadLocal<float[][]> SCORES = ThreadLocal.withInitial(() -> new float[][] {new float[0]});

    private Attention() {}

    static float[] scores(int positions) {
        float[][] holder = SCORES.get();
        if (holder[0].length < positions) {
            holder[0] = new float[positions];
        }
        return holder[0];
    }

    /**
     * Writes head {@code head} of the attention output for the query {@code q[qOffset .. + headDim)} at
     * {@code position} into {@code out[outOffset .. + headDim)}.
     */
    static void attend(CpuKvCache cache, int layer, int head, int position, int headDim,
                       float[] q, int qOffset, float[] out, int outOffset, float[] scores) {
        MemorySegment keys = cache.keys();
        MemorySegment values = cache.values();
        long base = cache.offset(layer, head, 0);
        long stride = (long) headDim * Float.BYTES;
        float scale = (float) (1 / Math.sqrt(headDim));
        int bound = F.loopBound(headDim);
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j <= position; j++) {
            long at = base + j * stride;
            FloatVector acc = FloatVector.zero(F);
            int d = 0;
            for (; d < bound; d += LANES) {
                acc = FloatVector.fromMemorySegment(F, keys, at + (long) d * Float.BYTES, NATIVE)
                        .fma(FloatVector.fromArray(F, q, qOffset + d), acc);
            }
            float dot = acc.reduceLanes(VectorOperators.ADD);
            for (; d < headDim; d++) {
                dot += keys.get(ValueLayout.JAVA_FLOAT, at + (long) d * Float.BYTES) * q[qOffset + d];
            }
            float s = dot * scale;
            scores[j] = s;
            max = Math.max(max, s);
        }
        double sum = 0;
        for (int j = 0; j <= position; j++) {
            float e = (float) Math.exp(scores[j] - max);
            scores[j] = e;
            sum += e;
        }
        float norm = (float) (1 / sum);
        int d = 0;
        for (; d < bound; d += LANES) {
            FloatVector acc = FloatVector.zero(F);
            long at = base + (long) d * Float.BYTES;
            for (int j = 0; j <= position; j++) {
                acc = FloatVector.fromMemorySegment(F, values, at + j * stride, NATIVE)
                        .fma(FloatVector.broadcast(F, scores[j]), acc);
            }
            acc.mul(norm).intoArray(out, outOffset + d);
        }
        for (; d < headDim; d++) {
            float acc = 0;
            for (int j = 0; j <= position; j++) {
                acc += values.get(ValueLayout.JAVA_FLOAT, base + j * stride + (long) d * Float.BYTES) * scores[j];
            }
            out[outOffset + d] = acc * norm;
        }
    }
}
