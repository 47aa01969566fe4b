package dev.galatea.chat.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ReplyParserTest {
    @Test
    void continuationIsCutAtTheUsersNextTurn() {
        assertEquals(ChatMessage.character("Hi!"), ReplyParser.characterMessage(" Hi!\nYou: hello", "Aqua"));
    }

    @Test
    void continuationIsCutAtTheCharactersNextTurn() {
        assertEquals(ChatMessage.character("*laughs* Oh my.\n\nIt is fine."),
                ReplyParser.characterMessage(" *laughs* Oh my.\n\nIt is fine.\nAqua: And more.", "Aqua"));
    }

    @Test
    void continuationWithoutTurnMarkerIsKeptWhole() {
        assertEquals(ChatMessage.character("Hello there"), ReplyParser.characterMessage(" Hello there  \n", "Aqua"));
    }

    @Test
    void emptyContinuationIsAnEmptyMessage() {
        assertEquals(ChatMessage.character(""), ReplyParser.characterMessage("", "Aqua"));
    }

    @Test
    void stripRemovesPythonWhitespaceThatJavaKeeps() {
        assertEquals(ChatMessage.character("Hi"), ReplyParser.characterMessage(" Hi\u00A0\u202F\nYou:", "Aqua"));
    }

    @Test
    void markupInRepliesIsKeptVerbatim() {
        assertEquals(ChatMessage.character("<script>alert('x')</script> &amp;"),
                ReplyParser.characterMessage(" <script>alert('x')</script> &amp;\nYou: hm", "Aqua"));
    }
}
