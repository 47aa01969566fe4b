package dev.galatea.chat.prompt;

import dev.galatea.chat.ChatException;

/** A chat log file that cannot be loaded; the message names the file and the entry at fault. */
public final class ChatLogException extends ChatException {
    public ChatLogException(String source, String problem) {
        super(source + ": " + problem);
    }
}
