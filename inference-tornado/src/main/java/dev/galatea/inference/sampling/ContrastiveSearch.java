package dev.galatea.inference.sampling;

import java.util.List;

/**
 * The re-ranking step of Hugging Face's contrastive search ({@code _contrastive_search}, "_ranking_fast"):
 * each candidate scores {@code (1 - alpha) * p - alpha * max_j cos(h_candidate, h_context_j)}, its model
 * confidence minus its degeneration penalty, the highest cosine similarity between its last hidden state and
 * the hidden state of any earlier position. A zero vector has cosine 0 with everything.
 */
public final class ContrastiveSearch {

    private ContrastiveSearch() {}

    /**
     * The index of the best candidate (the first one on ties).
     *
     * @param candidates the top_k tokens and their probabilities, as {@link TokenSampler#candidates} gives them
     * @param candidateHidden row i: the final hidden state (after ln_f) of the sequence extended by candidate i
     * @param contextHidden rows 0 to {@code contextLength - 1}: the final hidden states of the positions so far
     * @param alpha penalty_alpha
     */
    public static int select(List<TokenProbability> candidates, float[][] candidateHidden,
                             float[][] contextHidden, int contextLength, double alpha) {
        if (candidateHidden.length != candidates.size()) {
            throw new IllegalArgumentException(candidates.size() + " candidates but " + candidateHidden.length + " hidden states");
        }
        if (contextLength < 1) {
            throw new IllegalArgumentException("contrastive search compares with at least one earlier position");
        }
        int best = -1;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < candidateHidden.length; c++) {
            double penalty = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < contextLength; j++) {
                penalty = Math.max(penalty, cosine(candidateHidden[c], contextHidden[j]));
            }
            double score = (1 - alpha) * candidates.get(c).probability() - alpha * penalty;
            if (score > bestScore) {
                bestScore = score;
                best = c;
            }
        }
        return best;
    }

    static double cosine(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("hidden states of sizes " + a.length + " and " + b.length);
        }
        double dot = 0;
        double normA = 0;
        double normB = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            normA += (double) a[i] * a[i];
            normB += (double) b[i] * b[i];
        }
        return normA == 0 || normB == 0 ? 0 : dot / Math.sqrt(normA * normB);
    }
}
