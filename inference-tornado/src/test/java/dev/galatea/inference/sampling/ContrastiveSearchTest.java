package dev.galatea.inference.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ContrastiveSearchTest {

    private static final List<TokenProbability> CANDIDATES =
            List.of(new TokenProbability(10, 0.5), new TokenProbability(11, 0.3), new TokenProbability(12, 0.2));
    /** Candidate 0 repeats context row 0, candidate 1 is 45 degrees from both rows, candidate 2 opposes row 0. */
    private static final float[][] CANDIDATE_HIDDEN = {{2, 0}, {1, 1}, {-1, 0}};
    private static final float[][] CONTEXT = {{1, 0}, {0, 3}, {-5, 0}};

    @Test
    void degenerationPenaltyOutweighsConfidence() {
        // alpha 0.6: 0.4*0.5 - 0.6*1 = -0.4; 0.4*0.3 - 0.6*0.7071 = -0.3043; 0.4*0.2 - 0.6*max(-1, 0) = 0.08
        assertEquals(2, ContrastiveSearch.select(CANDIDATES, CANDIDATE_HIDDEN, CONTEXT, 2, 0.6));
    }

    @Test
    void smallAlphaKeepsTheMostLikelyCandidate() {
        // alpha 0.1: 0.9*0.5 - 0.1 = 0.35; 0.9*0.3 - 0.0707 = 0.1993; 0.9*0.2 - 0 = 0.18
        assertEquals(0, ContrastiveSearch.select(CANDIDATES, CANDIDATE_HIDDEN, CONTEXT, 2, 0.1));
    }

    @Test
    void onlyTheFirstContextLengthRowsCount() {
        // alpha 0.3 over rows 0-1: 0.7*0.5 - 0.3*1 = 0.05; 0.7*0.3 - 0.3*0.7071 = -0.0021; 0.7*0.2 - 0.3*0 = 0.14
        assertEquals(2, ContrastiveSearch.select(CANDIDATES, CANDIDATE_HIDDEN, CONTEXT, 2, 0.3));
        // row 2 (-5, 0) is candidate 2's direction: its penalty becomes 1 and its score 0.14 - 0.3 = -0.16
        assertEquals(0, ContrastiveSearch.select(CANDIDATES, CANDIDATE_HIDDEN, CONTEXT, 3, 0.3));
    }

    @Test
    void cosineIgnoresLengthAndTreatsZeroVectorsAsUnrelated() {
        assertEquals(1.0, ContrastiveSearch.cosine(new float[] {3, 4}, new float[] {6, 8}), 1e-12);
        assertEquals(-0.6, ContrastiveSearch.cosine(new float[] {1, 0}, new float[] {-3, 4}), 1e-12);
        assertEquals(0.0, ContrastiveSearch.cosine(new float[] {0, 0}, new float[] {1, 2}), 0);
    }
}
