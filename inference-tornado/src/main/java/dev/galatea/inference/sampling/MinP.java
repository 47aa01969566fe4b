package dev.galatea.inference.sampling;

/**
 * Hugging Face's MinPLogitsWarper: tokens less likely than min_p times the most likely token are removed.
 * prob / top prob is exp(score - top score), so no softmax is needed.
 */
final class MinP implements LogitsWarper {

    private final double minP;

    MinP(double minP) {
        this.minP = minP;
    }

    @Override
    public void warp(float[] scores) {
        float max = Scratch.max(scores);
        for (int i = 0; i < scores.length; i++) {
            if (Math.exp(scores[i] - max) < minP) {
                scores[i] = Float.NEGATIVE_INFINITY;
            }
        }
    }
}
