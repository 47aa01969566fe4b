package dev.galatea.inference.sampling;

/**
 * Hugging Face's NoBadWordsLogitsProcessor: a one-token sequence is always removed; a longer one has its last
 * token removed when the history ends with the rest of it. Like Hugging Face (SequenceBiasLogitsProcessor), a
 * sequence longer than the history is not considered.
 */
final class BadWords implements LogitsProcessor {

    private final int[][] sequences;

    BadWords(int[][] sequences) {
        this.sequences = sequences;
    }

    @Override
    public void process(float[] scores, int[] history, int historyLength) {
        for (int[] sequence : sequences) {
            int prefix = sequence.length - 1;
            if (prefix == 0) {
                scores[sequence[0]] = Float.NEGATIVE_INFINITY;
            } else if (sequence.length <= historyLength && endsWith(history, historyLength, sequence, prefix)) {
                scores[sequence[prefix]] = Float.NEGATIVE_INFINITY;
            }
        }
    }

    private static boolean endsWith(int[] history, int historyLength, int[] sequence, int prefix) {
        int offset = historyLength - prefix;
        for (int i = 0; i < prefix; i++) {
            if (history[offset + i] != sequence[i]) {
                return false;
            }
        }
        return true;
    }
}
