package dev.galatea.inference.sampling;

/**
 * Buffers sized to the vocabulary, shared by the steps of one {@link LogitsChain} (which runs its steps one
 * after another) so that no step allocates per token.
 */
final class Scratch {

    /** (value, token id) pairs packed by {@link #sortKey} for a primitive sort. */
    final long[] keys;
    /** Per-token or per-rank doubles: unnormalised probabilities. */
    final double[] values;
    /** Tokens already visited in the current pass; every user clears what it set. */
    final boolean[] seen;

    Scratch(int vocabSize) {
        keys = new long[vocabSize];
        values = new double[vocabSize];
        seen = new boolean[vocabSize];
    }

    /**
     * A long whose signed order is the order of {@code value} and then of {@code id}, so that
     * {@code Arrays.sort(long[])} sorts tokens by value without boxing or a comparator.
     */
    static long sortKey(float value, int id) {
        int bits = Float.floatToIntBits(value + 0.0f); // + 0.0f turns -0.0 into 0.0
        int ordered = bits ^ ((bits >> 31) & 0x7fffffff);
        return ((long) ordered << 32) | id;
    }

    static int id(long key) {
        return (int) key;
    }

    static float value(long key) {
        int ordered = (int) (key >>> 32);
        return Float.intBitsToFloat(ordered ^ ((ordered >> 31) & 0x7fffffff));
    }

    static float max(float[] scores) {
        float max = Float.NEGATIVE_INFINITY;
        for (float score : scores) {
            max = Math.max(max, score);
        }
        return max;
    }
}
