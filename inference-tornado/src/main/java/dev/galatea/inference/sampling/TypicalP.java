package dev.galatea.inference.sampling;

import java.util.Arrays;

/**
 * Hugging Face's TypicalLogitsWarper (locally typical sampling): tokens are ranked by how far their surprisal
 * -log p lies from the distribution's entropy; the closest ones are kept until their probability reaches
 * typical_p, and so is every token as close as the last one kept. The distance is compared in float, as the
 * reference does in float32, so tokens that tie there are kept or removed together.
 */
final class TypicalP implements LogitsWarper {

    private final double mass;
    private final Scratch scratch;

    TypicalP(double mass, Scratch scratch) {
        this.mass = mass;
        this.scratch = scratch;
    }

    @Override
    public void warp(float[] scores) {
        float max = Scratch.max(scores);
        double sum = 0;
        for (float score : scores) {
            sum += Math.exp(score - max);
        }
        double logNormaliser = max + Math.log(sum);
        double entropy = 0;
        double[] probabilities = scratch.values;
        for (int i = 0; i < scores.length; i++) {
            if (scores[i] != Float.NEGATIVE_INFINITY) {
                double logProbability = scores[i] - logNormaliser;
                probabilities[i] = Math.exp(logProbability);
                entropy -= probabilities[i] * logProbability;
            }
        }
        long[] keys = scratch.keys;
        int n = 0;
        for (int i = 0; i < scores.length; i++) {
            if (scores[i] != Float.NEGATIVE_INFINITY) {
                double surprisal = logNormaliser - scores[i];
                keys[n++] = Scratch.sortKey((float) Math.abs(surprisal - entropy), i);
            }
        }
        Arrays.sort(keys, 0, n);
        double cumulative = 0;
        int last = 0;
        while (last < n) {
            cumulative += probabilities[Scratch.id(keys[last])];
            if (cumulative >= mass) {
                break;
            }
            last++;
        }
        if (last == n) {
            return; // the kept mass never reached typical_p: the threshold is a removed token's infinite distance
        }
        float threshold = Scratch.value(keys[last]);
        for (int j = last + 1; j < n; j++) {
            if (Scratch.value(keys[j]) > threshold) {
                scores[Scratch.id(keys[j])] = Float.NEGATIVE_INFINITY;
            }
        }
    }
}
