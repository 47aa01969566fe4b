package dev.galatea.chat.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class StopStringsTest {
    @Test
    void namedUserAddsTheirOwnTurnMarker() {
        assertEquals(List.of("\nYou:", "\nKazuma:"), StopStrings.forChat(List.of(StopStrings.NEXT_USER_TURN), " Kazuma "));
    }

    @Test
    void unnamedUserKeepsTheConfiguredStops() {
        assertEquals(List.of("\nYou:"), StopStrings.forChat(List.of("\nYou:"), null));
        assertEquals(List.of("\nYou:"), StopStrings.forChat(List.of("\nYou:"), "  "));
    }

    @Test
    void userNamedYouAddsNothingTwice() {
        assertEquals(List.of("\nYou:"), StopStrings.forChat(List.of("\nYou:"), "You"));
    }
}
