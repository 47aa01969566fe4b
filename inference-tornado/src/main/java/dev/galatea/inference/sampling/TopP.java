package dev.galatea.inference.sampling;

import java.util.Arrays;

/**
 * Hugging Face's TopPLogitsWarper: tokens sorted by ascending score are removed while their cumulative
 * probability stays at or below 1 - top_p; the most likely token always stays. Only tokens still in play are
 * sorted: removed ones carry no probability and would be removed again.
 */
final class TopP implements LogitsWarper {

    private final double topP;
    private final Scratch scratch;

    TopP(double topP, Scratch scratch) {
        this.topP = topP;
        this.scratch = scratch;
    }

    @Override
    public void warp(float[] scores) {
        long[] keys = scratch.keys;
        int n = 0;
        for (int i = 0; i < scores.length; i++) {
            if (scores[i] != Float.NEGATIVE_INFINITY) {
                keys[n++] = Scratch.sortKey(scores[i], i);
            }
        }
        if (n < 2) {
            return;
        }
        Arrays.sort(keys, 0, n);
        float max = Scratch.value(keys[n - 1]);
        double total = 0;
        for (int j = 0; j < n; j++) {
            double weight = Math.exp(Scratch.value(keys[j]) - max);
            scratch.values[j] = weight;
            total += weight;
        }
        double removable = 1 - topP;
        double cumulative = 0;
        for (int j = 0; j < n - 1; j++) {
            cumulative += scratch.values[j];
            if (cumulative / total > removable) {
                break;
            }
            scores[Scratch.id(keys[j])] = Float.NEGATIVE_INFINITY;
        }
    }
}
