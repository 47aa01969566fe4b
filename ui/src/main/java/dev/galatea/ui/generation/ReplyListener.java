package dev.galatea.ui.generation;

/**
 * Receives a generation's stream, on the engine's thread: how far the prompt has been read, each token, then exactly
 * one of done or error.
 */
public interface ReplyListener {
    /**
     * The prompt's first {@code read} of {@code total} tokens are read: those reused from the last reply first, then
     * after each chunk of the prefill; {@code read == total} when the reply is about to start.
     */
    default void onPromptRead(int read, int total) {
    }

    void onToken(TokenEvent token);

    void onDone(ReplyResult result);

    void onError(String message);
}
