package dev.galatea.chat.prompt;

/** Counts the tokens a text encodes to; the engine's tokenizer implements it, so this module never sees the engine. */
@FunctionalInterface
public interface TokenCounter {
    /** The number of tokens {@code text} encodes to, without special tokens; 0 for the empty string. */
    int count(String text);
}
