package dev.galatea.inference.generate;

/** Hears a generation as it goes, on the generating thread: how far the prompt has been read, then each token. */
@FunctionalInterface
public interface GenerationListener {

    /**
     * The prompt's first {@code read} of {@code total} tokens are in the KV cache: once before the prefill (those
     * reused from the last generation), then after each chunk it runs. {@code read == total} when it is done.
     */
    default void promptRead(int read, int total) {
    }

    void token(TokenEvent event);
}
