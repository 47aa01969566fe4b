package dev.galatea.inference.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.galatea.inference.GalateaException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenSamplerTest {

    private static final float[] QUARTERS = {
            (float) Math.log(0.1), (float) Math.log(0.2), (float) Math.log(0.3), (float) Math.log(0.4)};

    private static int[] sample(TokenSampler sampler, float[] logits, int steps) {
        int[] tokens = new int[steps];
        for (int step = 0; step < steps; step++) {
            tokens[step] = sampler.next(logits.clone(), tokens, step, step).tokenId();
        }
        return tokens;
    }

    @Test
    void greedyTakesTheLowestIdAmongEqualBestScores() {
        TokenSampler sampler = new TokenSampler(SamplingParams.parse("do_sample=false"), 5, 1);
        SampledToken token = sampler.next(new float[] {1, 4, 2, 4, 0}, new int[0], 0, 0);
        assertEquals(1, token.tokenId());
    }

    @Test
    void greedyAppliesProcessorsButNoWarpers() {
        // repetition_penalty 4 turns token 1's 4 into 1, so token 2 wins; temperature would not change the argmax
        // but would change the probabilities: they must be the plain softmax of (1, 1, 2).
        TokenSampler sampler = new TokenSampler(SamplingParams.parse("do_sample=false,repetition_penalty=4,temperature=0.1"), 3, 1);
        SampledToken token = sampler.next(new float[] {1, 4, 2}, new int[] {1}, 1, 0);
        double denominator = 2 * Math.E + Math.exp(2);
        assertEquals(2, token.tokenId());
        assertEquals(2 - Math.log(denominator), token.logprob(), 1e-6);
    }

    @Test
    void logprobAndTopAreThoseOfTheWarpedDistribution() {
        // temperature 0.5 squares the probabilities 1:2:4 into 1:4:16, out of 21; top_k=2 then drops token 0.
        float[] logits = {0, (float) Math.log(2), (float) Math.log(4)};
        TokenSampler sampler = new TokenSampler(SamplingParams.parse("temperature=0.5,top_k=2", LogitsChainTest.NEUTRAL), 3, 7);
        SampledToken token = sampler.next(logits, new int[0], 0, 0);
        double p1 = 4.0 / 20;
        double p2 = 16.0 / 20;
        assertEquals(List.of(2, 1), token.top().stream().map(TokenProbability::tokenId).toList());
        assertEquals(p2, token.top().get(0).probability(), 1e-6);
        assertEquals(p1, token.top().get(1).probability(), 1e-6);
        assertEquals(Math.log(token.tokenId() == 2 ? p2 : p1), token.logprob(), 1e-6);
    }

    @Test
    void topListsFiveTokensBestFirstWithLowerIdsFirstOnTies() {
        TokenSampler sampler = new TokenSampler(SamplingParams.parse("do_sample=false"), 8, 1);
        SampledToken token = sampler.next(new float[] {0, 3, 1, 3, 2, 1, 5, 1}, new int[0], 0, 0);
        assertEquals(List.of(6, 1, 3, 4, 2), token.top().stream().map(TokenProbability::tokenId).toList());
        double sum = 1 + 2 * Math.exp(3) + 3 * Math.E + Math.exp(2) + Math.exp(5);
        assertEquals(Math.exp(5) / sum, token.top().get(0).probability(), 1e-9);
        assertEquals(Math.E / sum, token.top().get(4).probability(), 1e-9);
        assertEquals(5 - Math.log(sum), token.logprob(), 1e-6);
    }

    @Test
    void sameSeedGivesTheSameTokensAndAnotherSeedOthers() {
        SamplingParams params = SamplingParams.parse("top_k=0");
        int[] first = sample(new TokenSampler(params, 4, 42), QUARTERS, 200);
        int[] again = sample(new TokenSampler(params, 4, 42), QUARTERS, 200);
        int[] other = sample(new TokenSampler(params, 4, 43), QUARTERS, 200);
        assertArrayEquals(first, again);
        assertFalse(Arrays.equals(first, other));
    }

    @Test
    void splitSamplersAreReproducibleAndIndependent() {
        SamplingParams params = SamplingParams.parse("top_k=0");
        TokenSampler parent = new TokenSampler(params, 4, 42);
        TokenSampler child = parent.split();
        TokenSampler parentAgain = new TokenSampler(params, 4, 42);
        TokenSampler childAgain = parentAgain.split();
        int[] childTokens = sample(child, QUARTERS, 100);
        assertArrayEquals(childTokens, sample(childAgain, QUARTERS, 100));
        assertFalse(Arrays.equals(childTokens, sample(parent, QUARTERS, 100)));
    }

    @Test
    void drawsFollowTheSoftmax() {
        TokenSampler sampler = new TokenSampler(SamplingParams.parse("top_k=0"), 4, 2026);
        int draws = 200_000;
        int[] counts = new int[4];
        float[] logits = new float[4];
        for (int i = 0; i < draws; i++) {
            System.arraycopy(QUARTERS, 0, logits, 0, 4);
            counts[sampler.next(logits, new int[0], 0, i).tokenId()]++;
        }
        double[] expected = {0.1, 0.2, 0.3, 0.4};
        for (int t = 0; t < 4; t++) {
            double standardError = Math.sqrt(expected[t] * (1 - expected[t]) / draws);
            assertEquals(expected[t], counts[t] / (double) draws, 5 * standardError, "token " + t);
        }
    }

    @Test
    void warpedAwayTokensAreNeverDrawn() {
        TokenSampler sampler = new TokenSampler(SamplingParams.parse("top_k=2"), 4, 5);
        int[] counts = new int[4];
        for (int i = 0; i < 10_000; i++) {
            counts[sampler.next(QUARTERS.clone(), new int[0], 0, i).tokenId()]++;
        }
        assertEquals(0, counts[0] + counts[1]);
        assertEquals(10_000, counts[2] + counts[3]);
    }

    @Test
    void nanLogitsStopGenerationNamingTheStep() {
        TokenSampler sampler = new TokenSampler(SamplingParams.DEFAULTS, 3, 1);
        GalateaException e = assertThrows(GalateaException.class,
                () -> sampler.next(new float[] {0, Float.NaN, 1}, new int[0], 0, 7));
        assertEquals("the model produced NaN logits at step 7", e.getMessage());
        e = assertThrows(GalateaException.class,
                () -> sampler.next(new float[] {0, Float.POSITIVE_INFINITY, 1}, new int[0], 0, 3));
        assertEquals("the model produced infinite logits at step 3", e.getMessage());
    }

    @Test
    void banningEveryTokenIsAnErrorNotAGuess() {
        TokenSampler sampler = new TokenSampler(SamplingParams.parse("no_repeat_ngram_size=1"), 2, 1);
        GalateaException e = assertThrows(GalateaException.class,
                () -> sampler.next(new float[] {0, 1}, new int[] {0, 1}, 2, 4));
        assertEquals("no_repeat_ngram_size and bad_words_ids removed every token at step 4", e.getMessage());
    }

    @Test
    void contrastiveCandidatesAreTheTopKOfTheProcessedSoftmax() {
        TokenSampler sampler = new TokenSampler(SamplingParams.parse("do_sample=false,penalty_alpha=0.5,top_k=2"), 4, 1);
        Candidates candidates = sampler.candidates(QUARTERS.clone(), new int[0], 0, 0);
        assertEquals(List.of(3, 2), candidates.candidates().stream().map(TokenProbability::tokenId).toList());
        assertEquals(0.4, candidates.candidates().get(0).probability(), 1e-6);
        assertEquals(0.3, candidates.candidates().get(1).probability(), 1e-6);
        SampledToken chosen = candidates.choose(1);
        assertEquals(2, chosen.tokenId());
        assertEquals(Math.log(0.3), chosen.logprob(), 1e-6);
        assertThrows(IllegalStateException.class, () -> sampler.next(QUARTERS.clone(), new int[0], 0, 0));
    }
}
