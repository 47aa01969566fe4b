package dev.galatea.inference.sampling;

import java.util.List;

/**
 * Contrastive search's choices at one step: the top_k most likely tokens after the processors (most likely
 * first), and the five most likely for the step's report. {@link ContrastiveSearch} picks one of them.
 */
public record Candidates(List<TokenProbability> candidates, List<TokenProbability> top) {

    public Candidates {
        candidates = List.copyOf(candidates);
        top = List.copyOf(top);
    }

    public SampledToken choose(int index) {
        TokenProbability chosen = candidates.get(index);
        return new SampledToken(chosen.tokenId(), Math.log(chosen.probability()), top);
    }
}
