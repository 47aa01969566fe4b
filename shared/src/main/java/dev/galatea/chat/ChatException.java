package dev.galatea.chat;

/**
 * A problem the user can cause and fix in the chat domain: a broken card, a malformed chat log, an out-of-range
 * setting, a prompt that cannot fit. Its message is one line naming the file or setting, shown as is (never a stack
 * trace). The engine has its own {@code GalateaException}; this module may not depend on the engine, hence a
 * separate root.
 */
public class ChatException extends RuntimeException {
    public ChatException(String message) {
        super(message);
    }

    public ChatException(String message, Throwable cause) {
        super(message, cause);
    }
}
