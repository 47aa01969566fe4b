package dev.galatea.ui.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.galatea.chat.settings.GenerationSettings;
import dev.galatea.ui.generation.TokenEvent;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DivergenceTest {

    @Test
    void firstDifferingTokenIdIsTheDivergence() {
        assertEquals(2, Divergence.firstDifference(tokens(10, 11, 12, 13), tokens(10, 11, 99, 13)));
        assertEquals(0, Divergence.firstDifference(tokens(10, 11), tokens(20, 11)));
    }

    @Test
    void sameTextFromDifferentTokenIdsStillDiverges() {
        List<TokenEvent> hello = List.of(new TokenEvent(15496, "Hello", -1, List.of()));
        List<TokenEvent> spelled = List.of(new TokenEvent(39, "H", -1, List.of()), new TokenEvent(695, "ello", -1, List.of()));
        assertEquals(0, Divergence.firstDifference(hello, spelled));
    }

    @Test
    void columnThatStopsEarlierDivergesWhereItEnds() {
        assertEquals(3, Divergence.firstDifference(tokens(10, 11, 12), tokens(10, 11, 12, 13, 14)));
        assertEquals(3, Divergence.firstDifference(tokens(10, 11, 12, 13, 14), tokens(10, 11, 12)));
        assertEquals(0, Divergence.firstDifference(tokens(), tokens(5)));
    }

    @Test
    void identicalColumnsDoNotDiverge() {
        assertEquals(Divergence.NONE, Divergence.firstDifference(tokens(10, 11, 12), tokens(10, 11, 12)));
        assertEquals(Divergence.NONE, Divergence.firstDifference(tokens(), tokens()));
    }

    @Test
    void columnStatisticsAreCountAndMeanLogprob() {
        ComparedColumn column = new ComparedColumn("Greedy", GenerationSettings.PYGMALION_DEFAULTS, 1, "abc", "length",
                List.of(new TokenEvent(1, "a", -0.5, List.of()), new TokenEvent(2, "b", -1.0, List.of()),
                        new TokenEvent(3, "c", -2.25, List.of())), 30.0);
        assertEquals(3, column.tokenCount());
        assertEquals(-1.25, column.meanLogprob(), 1e-12);
        assertEquals(Double.NaN, new ComparedColumn("Empty", GenerationSettings.PYGMALION_DEFAULTS, 1, "", "eos",
                List.of(), 0).meanLogprob());
    }

    private static List<TokenEvent> tokens(int... ids) {
        return Arrays.stream(ids).mapToObj(id -> new TokenEvent(id, "t" + id, -1, List.of())).toList();
    }
}
