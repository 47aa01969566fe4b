package dev.galatea.inference.sampling;

/**
 * Hugging Face's RepetitionPenaltyLogitsProcessor: the score of every token in the history is divided by the
 * penalty when positive and multiplied by it when negative, once per distinct token however often it occurs.
 */
final class RepetitionPenalty implements LogitsProcessor {

    private final double penalty;
    private final boolean[] seen;

    RepetitionPenalty(double penalty, Scratch scratch) {
        this.penalty = penalty;
        this.seen = scratch.seen;
    }

    @Override
    public void process(float[] scores, int[] history, int historyLength) {
        for (int i = 0; i < historyLength; i++) {
            int token = history[i];
            if (!seen[token]) {
                seen[token] = true;
                float score = scores[token];
                scores[token] = (float) (score < 0 ? score * penalty : score / penalty);
            }
        }
        for (int i = 0; i < historyLength; i++) {
            seen[history[i]] = false;
        }
    }
}
