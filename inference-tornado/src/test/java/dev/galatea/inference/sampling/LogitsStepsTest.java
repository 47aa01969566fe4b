package dev.galatea.inference.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.galatea.inference.GalateaException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The steps of the chain on hand-made scores: edge cases the Hugging Face fixture does not reach. */
class LogitsStepsTest {

    private static final float GONE = Float.NEGATIVE_INFINITY;

    private static float[] run(String spec, float[] scores, int... history) {
        LogitsChain chain = LogitsChain.of(SamplingParams.parse(spec, LogitsChainTest.NEUTRAL), scores.length);
        chain.process(scores, history, history.length);
        chain.warp(scores);
        return scores;
    }

    @Test
    void topKKeepsEveryTokenTiedWithTheKthScore() {
        assertArrayEquals(new float[] {GONE, 3, 3, GONE, 3}, run("top_k=2", new float[] {1, 3, 3, 2, 3}));
        assertArrayEquals(new float[] {GONE, 3, 2, 2, GONE}, run("top_k=2", new float[] {1, 3, 2, 2, 0}));
    }

    @Test
    void topKLargerThanTheVocabularyKeepsEverything() {
        assertArrayEquals(new float[] {1, 3, 2}, run("top_k=50", new float[] {1, 3, 2}));
    }

    @Test
    void repetitionPenaltyHitsEachDistinctTokenOnce() {
        assertArrayEquals(new float[] {1, -4, 1, 5}, run("repetition_penalty=2", new float[] {2, -2, 1, 5}, 0, 0, 1, 0, 1));
    }

    @Test
    void noRepeatNgramBansTheTokensThatFollowedTheCurrentPrefix() {
        // history 1 2 3 1 2: the prefix (1, 2) was followed by 3 once
        assertArrayEquals(new float[] {0, 0, 0, GONE, 0}, run("no_repeat_ngram_size=3", new float[5], 1, 2, 3, 1, 2));
        // size 1 bans every token seen so far
        assertArrayEquals(new float[] {0, GONE, GONE, 0, 0}, run("no_repeat_ngram_size=1", new float[5], 2, 1, 2));
        // a history shorter than n - 1 has no n-gram to complete
        assertArrayEquals(new float[] {0, 0, 0, 0, 0}, run("no_repeat_ngram_size=4", new float[5], 1, 2));
    }

    @Test
    void badWordsBanSingleTokensAlwaysAndSequencesAfterTheirPrefix() {
        SamplingParams params = LogitsChainTest.NEUTRAL.withBadWordsIds(List.of(List.of(4), List.of(1, 2), List.of(3, 1, 0)));
        LogitsChain chain = LogitsChain.of(params, 5);
        float[] scores = new float[5];
        chain.process(scores, new int[] {3, 1}, 2);
        assertArrayEquals(new float[] {0, 0, GONE, 0, GONE}, scores, "(3, 1, 0) is longer than the history, as in Hugging Face");
        scores = new float[5];
        chain.process(scores, new int[] {2, 3, 1}, 3);
        assertArrayEquals(new float[] {GONE, 0, GONE, 0, GONE}, scores);
        scores = new float[5];
        chain.process(scores, new int[] {3, 1, 1}, 3);
        assertArrayEquals(new float[] {0, 0, GONE, 0, GONE}, scores);
    }

    @Test
    void badWordOutsideTheVocabularyIsNamed() {
        SamplingParams params = LogitsChainTest.NEUTRAL.withBadWordsIds(List.of(List.of(50400)));
        GalateaException e = assertThrows(GalateaException.class, () -> LogitsChain.of(params, 50400));
        assertEquals("bad_words_ids holds token id 50400, outside the model's vocabulary [0, 50400)", e.getMessage());
    }

    @Test
    void truncatingWarpersAlwaysKeepTheMostLikelyToken() {
        float[] scores = {0, 5, 1, 4.9f};
        assertArrayEquals(new float[] {GONE, 5, GONE, GONE}, run("top_p=0.01", scores.clone()));
        assertArrayEquals(new float[] {GONE, 5, GONE, GONE}, run("min_p=1", scores.clone()));
        assertArrayEquals(new float[] {GONE, GONE, GONE, 4.9f}, run("typical_p=0.01", scores.clone()),
                "typical keeps the token whose surprisal is closest to the entropy, which is not always the likeliest");
    }

    @Test
    void topPKeepsTheSmallestSetReachingTheMass() {
        // probabilities 0.1 0.2 0.3 0.4: ascending cumulative 0.1 0.3 0.6 1.0; remove while <= 1 - 0.65 = 0.35
        float[] scores = {(float) Math.log(0.1), (float) Math.log(0.2), (float) Math.log(0.3), (float) Math.log(0.4)};
        float[] kept = run("top_p=0.65", scores.clone());
        assertArrayEquals(new float[] {GONE, GONE, scores[2], scores[3]}, kept);
    }

    @Test
    void greedySettingsLeaveTheWarpersOut() {
        float[] scores = {1, 3, 2};
        LogitsChain chain = LogitsChain.of(SamplingParams.parse("do_sample=false,temperature=0.5,top_k=1"), 3);
        chain.warp(scores);
        assertArrayEquals(new float[] {1, 3, 2}, scores);
    }

    @Test
    void neutralSettingsChangeNothing() {
        float[] scores = {-1.5f, 0.25f, 3, GONE};
        assertArrayEquals(new float[] {-1.5f, 0.25f, 3, GONE}, run("", scores, 0, 1, 2, 0, 1));
    }
}
