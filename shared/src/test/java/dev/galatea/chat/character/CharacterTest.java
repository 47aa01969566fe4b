package dev.galatea.chat.character;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CharacterTest {
    @Test
    void missingTextsAreEmptyAndTheNameIsTrimmed() {
        Character aqua = new Character("  Aqua ", null, null, null, null);

        assertEquals("Aqua", aqua.name());
        assertEquals("", aqua.persona());
        assertEquals("", aqua.greeting());
        assertEquals("", aqua.scenario());
        assertEquals("", aqua.exampleDialogue());
    }

    @Test
    void namesThatWouldBreakThePromptAreRefused() {
        assertEquals("character name is empty",
                assertThrows(CharacterException.class, () -> new Character(" ", "", "", "", "")).getMessage());
        assertEquals("character name \"Aqua\nX\" spans several lines; it must be one line",
                assertThrows(CharacterException.class, () -> new Character("Aqua\nX", "", "", "", "")).getMessage());
        assertEquals("character name cannot be \"You\": the Pygmalion prompt format uses it for the user",
                assertThrows(CharacterException.class, () -> new Character("You", "", "", "", "")).getMessage());
    }

    @Test
    void placeholdersAreReplacedCaseInsensitivelyAsSillyTavernDoes() {
        Character card = new Character("Aqua", "{{char}} loves {{USER}}; <bot> and <User>.", "Hi {{user}}!",
                "{{Char}} meets {{user}}.", "{{user}}: hi\n<USER>: yo\n{{char}}: hello {{user}}");

        Character resolved = card.resolvePlaceholders("Kazuma");

        assertEquals("Aqua loves Kazuma; Aqua and Kazuma.", resolved.persona());
        assertEquals("Hi Kazuma!", resolved.greeting());
        assertEquals("Aqua meets Kazuma.", resolved.scenario());
        assertEquals("You: hi\nYou: yo\nAqua: hello Kazuma", resolved.exampleDialogue());
    }

    @Test
    void unnamedUserIsYou() {
        assertEquals("Hi You!", new Character("Aqua", "", "Hi {{user}}!", "", "").resolvePlaceholders(" ").greeting());
    }

    @Test
    void replacementTextIsLiteral() {
        assertEquals("Hi $1 \\o/!", new Character("Aqua", "", "Hi {{user}}!", "", "").resolvePlaceholders("$1 \\o/").greeting());
    }
}
