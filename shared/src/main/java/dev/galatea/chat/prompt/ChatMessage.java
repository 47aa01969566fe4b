package dev.galatea.chat.prompt;

import java.util.Optional;
import java.util.regex.Matcher;

/**
 * One chat message. In the Pygmalion format it is the line {@code "You: <text>"} or {@code "<name>: <text>"}; the
 * text is kept verbatim (markup included: escaping is the view's job).
 */
public record ChatMessage(Speaker speaker, String text) {
    public ChatMessage {
        if (speaker == null) {
            throw new IllegalArgumentException("a chat message needs a speaker");
        }
        text = text == null ? "" : text;
    }

    public static ChatMessage user(String text) {
        return new ChatMessage(Speaker.USER, text);
    }

    public static ChatMessage character(String text) {
        return new ChatMessage(Speaker.CHARACTER, text);
    }

    /** The message as a Pygmalion turn line: {@code "You: text"} or {@code "Name: text"}. */
    public String line(String characterName) {
        return (speaker == Speaker.USER ? SpeakerTurns.USER_LABEL : characterName) + ": " + text;
    }

    /**
     * Reads a turn line: {@code "You:"} or {@code "<name>:"}, one optional space, then the text. A line without the
     * space ({@code "Aqua:hi"}) reads as "hi" and is written back with the space. Empty when the line starts with
     * neither speaker.
     */
    public static Optional<ChatMessage> fromLine(String line, String characterName) {
        Matcher speaker = SpeakerTurns.speakerPattern(characterName).matcher(line);
        if (!speaker.lookingAt()) {
            return Optional.empty();
        }
        Speaker who = speaker.group(1).equals(SpeakerTurns.USER_LABEL) ? Speaker.USER : Speaker.CHARACTER;
        return Optional.of(new ChatMessage(who, line.substring(speaker.end())));
    }
}
