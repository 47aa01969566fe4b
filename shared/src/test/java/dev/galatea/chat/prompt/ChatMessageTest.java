package dev.galatea.chat.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChatMessageTest {
    @Test
    void linesReadBackAsTheSameMessage() {
        ChatMessage user = ChatMessage.user("*waves*\nBye!");
        ChatMessage character = ChatMessage.character("You: fake turn inside text");

        assertEquals(Optional.of(user), ChatMessage.fromLine(user.line("Aqua"), "Aqua"));
        assertEquals(Optional.of(character), ChatMessage.fromLine(character.line("Aqua"), "Aqua"));
        assertEquals("Aqua: You: fake turn inside text", character.line("Aqua"));
    }

    @Test
    void speakerWithoutSpaceReadsAsTheSameText() {
        assertEquals(Optional.of(ChatMessage.character("hi")), ChatMessage.fromLine("Aqua:hi", "Aqua"));
    }

    @Test
    void nameStartingWithYouIsTheCharacter() {
        assertEquals(Optional.of(ChatMessage.character("hi")), ChatMessage.fromLine("Youko: hi", "Youko"));
    }

    @Test
    void otherSpeakersAreNotMessagesOfThisChat() {
        assertEquals(Optional.empty(), ChatMessage.fromLine("Megumin: hi", "Aqua"));
        assertEquals(Optional.empty(), ChatMessage.fromLine(" You: hi", "Aqua"));
    }
}
