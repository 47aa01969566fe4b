package dev.galatea.chat.prompt;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChatLogTest {
    private static List<ChatMessage> read(String json, String userName) {
        return ChatLog.read("chat.json", json.getBytes(UTF_8), "Aqua", userName);
    }

    private static String failure(String json) {
        String message = assertThrows(ChatLogException.class, () -> read(json, null)).getMessage();
        assertFalse(message.contains("\n"), message);
        return message;
    }

    @Test
    void notebookFileLoadsWithItsEmptyGreetingTurnSkipped() {
        List<ChatMessage> chat = read("{\"chat\": [\"\", \"Aqua: Hello!\", \"You: hi\\nthere\", \"Aqua: <b>bold</b>\"]}", null);

        assertEquals(List.of(ChatMessage.character("Hello!"), ChatMessage.user("hi\nthere"),
                ChatMessage.character("<b>bold</b>")), chat);
    }

    @Test
    void redactedNameBecomesTheUsersName() {
        String json = "{\"chat\": [\"You: I am [NAME_IN_MESSAGE_REDACTED].\", \"Aqua: Hi [NAME_IN_MESSAGE_REDACTED]!\"]}";

        assertEquals(List.of(ChatMessage.user("I am Kazuma."), ChatMessage.character("Hi Kazuma!")), read(json, "Kazuma"));
        assertEquals(ChatMessage.character("Hi You!"), read(json, "").get(1));
    }

    @Test
    void writtenLogIsTheNotebookFormatAndReadsBack() {
        List<ChatMessage> chat = List.of(ChatMessage.character("Hello!"), ChatMessage.user("héllo \"quoted\"\nline"));

        byte[] json = ChatLog.write(chat, "Aqua");

        assertEquals("{\"chat\":[\"Aqua: Hello!\",\"You: héllo \\\"quoted\\\"\\nline\"]}", new String(json, UTF_8));
        assertEquals(chat, ChatLog.read("chat.json", json, "Aqua", null));
    }

    @Test
    void malformedLogsNameTheFileAndTheProblem() {
        assertTrue(failure("{\"chat\": [\"You: hi\"").startsWith("chat.json: not valid JSON at line 1, column 20: "));
        assertEquals("chat.json: not a Pygmalion conversation: expected {\"chat\": [\"You: ...\", \"Aqua: ...\"]}",
                failure("{\"messages\": []}"));
        assertEquals("chat.json: not a Pygmalion conversation: expected {\"chat\": [\"You: ...\", \"Aqua: ...\"]}",
                failure("[\"You: hi\"]"));
        assertEquals("chat.json: chat entry 2 is not text", failure("{\"chat\": [\"You: hi\", 3]}"));
        assertEquals("chat.json: chat entry 2 starts with neither \"You:\" nor \"Aqua:\"",
                failure("{\"chat\": [\"You: hi\", \"Megumin: explosion\"]}"));
    }
}
