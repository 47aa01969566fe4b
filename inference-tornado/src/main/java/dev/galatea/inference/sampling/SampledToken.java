package dev.galatea.inference.sampling;

import java.util.List;

/**
 * The token chosen at one step, with {@code logprob}, its natural-log probability, and {@code top}, the most
 * likely tokens (at most five, most likely first, lower id first on ties). Both describe the distribution the
 * token was actually chosen from: the softmax of the scores after the processors and, when sampling, the
 * warpers; so a token top_p removed has no place in {@code top}, and a sampled token's logprob is what its draw
 * had. Greedy and contrastive steps use the processed scores without warpers, as Hugging Face does.
 */
public record SampledToken(int tokenId, double logprob, List<TokenProbability> top) {

    public SampledToken {
        top = List.copyOf(top);
    }

    public double probability() {
        return Math.exp(logprob);
    }
}
