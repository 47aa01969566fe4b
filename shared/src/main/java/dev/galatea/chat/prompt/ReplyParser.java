package dev.galatea.chat.prompt;

/**
 * Trims a generation to the character's first message, as the notebook does: split the output into turns at
 * {@code "You:"} / {@code "<name>:"} line starts and keep the first.
 */
public final class ReplyParser {
    private ReplyParser() {
    }

    /**
     * The notebook's reply: {@code parse_messages_from_str(output, ["You", name])[0]}. The output is expected to start
     * with {@code "Name:"}; text before the first turn marker is dropped, and without a second marker the whole
     * output, stripped, is kept.
     */
    public static String firstMessage(String modelOutput, String characterName) {
        return SpeakerTurns.split(modelOutput, characterName).getFirst();
    }

    /**
     * The character's message from the engine's new text, which continues a prompt that ends in {@code "Name:"}. Like
     * the notebook's KoboldAI path it puts {@code "Name:"} back in front before parsing, so a reply that runs on into
     * {@code "\nYou: ..."} or another {@code "\nName: ..."} is cut there.
     */
    public static ChatMessage characterMessage(String continuation, String characterName) {
        String first = firstMessage(characterName + ":" + continuation, characterName);
        return ChatMessage.fromLine(first, characterName)
                .filter(message -> message.speaker() == Speaker.CHARACTER)
                .orElseThrow(() -> new IllegalStateException("a reply that starts with the character's name parses as theirs"));
    }
}
