package dev.galatea.inference.backend.cpu;

/**
 * GPT-J's partial rotary position embedding: the first {@code rotary_dim} values of each head of q and k turn
 * in interleaved pairs (x[2i], x[2i+1]) by the angle {@code position · inv_freq[i]}, with
 * {@code inv_freq[i] = 1 / 10000^(2i / rotary_dim)}. The rest of each head passes through.
 * Like HF's {@code create_sinusoidal_positions}, the angles and their sines and cosines are fp32.
 */
final class Rotary {
    private final int headDim;
    private final int pairs;
    /** {@code [position][pair]}. */
    private final float[] sin;
    private final float[] cos;

    Rotary(int rotaryDim, int headDim, int positions) {
        this.headDim = headDim;
        this.pairs = rotaryDim / 2;
        this.sin = new float[positions * pairs];
        this.cos = new float[positions * pairs];
        for (int i = 0; i < pairs; i++) {
            float exponent = (float) (2 * i) / rotaryDim;
            float invFreq = 1f / (float) Math.pow(10000, exponent);
            for (int p = 0; p < positions; p++) {
                float angle = p * invFreq;
                sin[p * pairs + i] = (float) Math.sin(angle);
                cos[p * pairs + i] = (float) Math.cos(angle);
            }
        }
    }

    /** Rotates every head of the row {@code v[offset .. offset + heads · headDim)} for {@code position}. */
    void apply(float[] v, int offset, int heads, int position) {
        int table = position * pairs;
        for (int h = 0; h < heads; h++) {
            int base = offset + h * headDim;
            for (int i = 0; i < pairs; i++) {
                float c = cos[table + i];
                float s = sin[table + i];
                float x0 = v[base + 2 * i];
                float x1 = v[base + 2 * i + 1];
                v[base + 2 * i] = x0 * c - x1 * s;
                v[base + 2 * i + 1] = x1 * c + x0 * s;
            }
        }
    }
}
