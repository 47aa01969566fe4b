package dev.galatea.inference.sampling;

/**
 * Hugging Face's NoRepeatNGramLogitsProcessor: a token is removed when it would complete an n-gram that already
 * occurs in the history, that is when the history's last n-1 tokens were once followed by it.
 */
final class NoRepeatNgram implements LogitsProcessor {

    private final int n;

    NoRepeatNgram(int n) {
        this.n = n;
    }

    @Override
    public void process(float[] scores, int[] history, int historyLength) {
        if (historyLength + 1 < n) {
            return;
        }
        int prefixStart = historyLength - (n - 1);
        for (int start = 0; start + n <= historyLength; start++) {
            if (matches(history, start, prefixStart, n - 1)) {
                scores[history[start + n - 1]] = Float.NEGATIVE_INFINITY;
            }
        }
    }

    static boolean matches(int[] tokens, int from, int otherFrom, int length) {
        for (int i = 0; i < length; i++) {
            if (tokens[from + i] != tokens[otherFrom + i]) {
                return false;
            }
        }
        return true;
    }
}
