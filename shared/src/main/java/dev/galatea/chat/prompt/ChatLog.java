package dev.galatea.chat.prompt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.galatea.chat.JsonSupport;
import dev.galatea.chat.JsonSupport.InvalidJsonException;
import dev.galatea.chat.character.Placeholders;
import java.util.ArrayList;
import java.util.List;

/**
 * The Pygmalion UI's conversation file: {@code {"chat": ["You: ...", "Name: ...", ...]}}.
 */
public final class ChatLog {
    /** What anonymised Character.AI dumps put where the user's name was. */
    public static final String REDACTED_NAME = "[NAME_IN_MESSAGE_REDACTED]";

    private ChatLog() {
    }

    /**
     * Reads a conversation file. {@value #REDACTED_NAME} becomes the user's name ("You" when blank). Empty entries
     * are skipped: the gradio UI saves one before the greeting as a stand-in user turn.
     *
     * @throws ChatLogException naming {@code source} and the entry at fault (counted from 1)
     */
    public static List<ChatMessage> read(String source, byte[] json, String characterName, String userName) {
        JsonNode root;
        try {
            root = JsonSupport.readTree(json);
        } catch (InvalidJsonException e) {
            throw new ChatLogException(source, e.getMessage());
        }
        JsonNode chat = root.get("chat");
        if (!root.isObject() || chat == null || !chat.isArray()) {
            throw new ChatLogException(source, "not a Pygmalion conversation: expected {\"chat\": [\"You: ...\", \""
                    + characterName + ": ...\"]}");
        }
        String user = Placeholders.userNameOrDefault(userName);
        List<ChatMessage> messages = new ArrayList<>(chat.size());
        for (int i = 0; i < chat.size(); i++) {
            JsonNode entry = chat.get(i);
            if (!entry.isTextual()) {
                throw new ChatLogException(source, "chat entry " + (i + 1) + " is not text");
            }
            String line = entry.textValue();
            if (line.isEmpty()) {
                continue;
            }
            int entryNumber = i + 1;
            ChatMessage message = ChatMessage.fromLine(line, characterName).orElseThrow(() -> new ChatLogException(
                    source, "chat entry " + entryNumber + " starts with neither \"You:\" nor \"" + characterName + ":\""));
            messages.add(new ChatMessage(message.speaker(), message.text().replace(REDACTED_NAME, user)));
        }
        return List.copyOf(messages);
    }

    /** The conversation as the gradio UI saves it. */
    public static byte[] write(List<ChatMessage> messages, String characterName) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ArrayNode chat = root.putArray("chat");
        messages.forEach(message -> chat.add(message.line(characterName)));
        return JsonSupport.toBytes(root);
    }
}
