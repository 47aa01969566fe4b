package dev.galatea.inference.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class StopMatcherTest {
    private final StopMatcher youOrAqua = new StopMatcher(List.of("\nYou:", "\nAqua:"));

    @Test
    void findsNoStopInTextWithoutOne() {
        assertEquals(-1, youOrAqua.stopIndex("Hello there, You: are not at a line start"));
    }

    @Test
    void findsAStopStringThatArrivedAcrossSeveralDeltas() {
        StringBuilder text = new StringBuilder();
        int at = -1;
        for (String delta : List.of(" Hi!", "\n", "Yo", "u", ": what")) {
            text.append(delta);
            at = youOrAqua.stopIndex(text.toString());
            if (at >= 0) {
                break;
            }
        }
        assertEquals(" Hi!\nYou: what", text.toString());
        assertEquals(4, at);
    }

    @Test
    void reportsTheEarliestOfSeveralStops() {
        assertEquals(3, youOrAqua.stopIndex("Ok.\nAqua: hi\nYou: bye"));
        assertEquals(3, youOrAqua.stopIndex("Ok.\nYou: hi\nAqua: bye"));
    }

    @Test
    void holdsBackATailThatCouldStillBecomeAStop() {
        assertEquals(4, youOrAqua.safeLength(" Hi!\nYo"));
        assertEquals(4, youOrAqua.safeLength(" Hi!\n"));
        assertEquals(4, youOrAqua.safeLength(" Hi!\nAqua"));
        assertEquals(" Hi!\nYa".length(), youOrAqua.safeLength(" Hi!\nYa"), "\"\\nYa\" can no longer become a stop");
    }

    @Test
    void releasesEverythingWhenNoStopCanStartInTheTail() {
        assertEquals(6, youOrAqua.safeLength("Hello."));
        assertEquals(0, youOrAqua.safeLength(""));
    }

    @Test
    void ignoresEmptyStopStrings() {
        StopMatcher onlyEmpty = new StopMatcher(List.of(""));
        assertEquals(-1, onlyEmpty.stopIndex("anything"));
        assertEquals(8, onlyEmpty.safeLength("anything"));
    }
}
