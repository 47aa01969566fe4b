package dev.galatea.chat.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SpeakerTurnsTest {
    @Test
    void turnsStartOnlyAtLineStarts() {
        assertEquals(List.of("You: a You: b", "Aqua: c"), SpeakerTurns.split("You: a You: b\nAqua: c", "Aqua"));
    }

    @Test
    void carriageReturnDoesNotStartALineAsInPython() {
        assertEquals(List.of("You: a\rAqua: b"), SpeakerTurns.split("You: a\rAqua: b", "Aqua"));
        assertEquals(List.of("You: a\u2028Aqua: b"), SpeakerTurns.split("You: a\u2028Aqua: b", "Aqua"));
    }

    @Test
    void windowsLineEndsSplitAndStrip() {
        assertEquals(List.of("You: a", "Aqua: b"), SpeakerTurns.split("You: a\r\nAqua: b\r\n", "Aqua"));
    }

    @Test
    void regexCharactersInNamesAreLiteral() {
        assertEquals(List.of("Kuro (the cat): a", "You: b"), SpeakerTurns.split("Kuro (the cat): a\nYou: b", "Kuro (the cat)"));
        assertEquals(List.of("Kuro the cat: a\nYou: b"), SpeakerTurns.split("Kuro the cat: a\nYou: b", "Kuro (the cat)"));
    }

    @Test
    void singleTurnIsStrippedWhole() {
        assertEquals(List.of("intro\nYou: x"), SpeakerTurns.split("  intro\nYou: x\n", "Aqua"));
    }
}
