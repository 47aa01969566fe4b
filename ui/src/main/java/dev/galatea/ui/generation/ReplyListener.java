package dev.galatea.ui.generation;

/** Receives a generation's stream, on the engine's thread: each token, then exactly one of done or error. */
public interface ReplyListener {
    void onToken(TokenEvent token);

    void onDone(ReplyResult result);

    void onError(String message);
}
