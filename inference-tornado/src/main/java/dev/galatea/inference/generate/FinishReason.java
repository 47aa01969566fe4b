package dev.galatea.inference.generate;

/** Why a generation ended. */
public enum FinishReason {
    /** A stop string appeared; it is cut from the text. */
    STOP,
    /** The model produced its end-of-text token. */
    EOS,
    /** max_new_tokens, or the end of the model's context, was reached. */
    LENGTH,
    /** The caller cancelled it; the text so far is kept. */
    CANCELLED;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
