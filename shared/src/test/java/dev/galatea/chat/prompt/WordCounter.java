package dev.galatea.chat.prompt;

/** A stand-in tokenizer for budget tests: one token per whitespace-separated word (the counter is not under test). */
final class WordCounter implements TokenCounter {
    @Override
    public int count(String text) {
        String trimmed = text.strip();
        return trimmed.isEmpty() ? 0 : trimmed.split("\\s+").length;
    }
}
