package dev.galatea.chat.prompt;

/**
 * Token counts of the parts of a built prompt, each part counted with the line break that ends it, so that the parts
 * concatenate to the prompt text exactly: persona line, scenario line, {@code <START>} and the example turns in the
 * window, the history turns kept, and {@code "You: message\nName:"}. A tokenizer may merge across a part boundary,
 * so {@link #prompt()} can differ from the count of the whole text by a token or two; the budget uses the whole text.
 */
public record PromptTokens(int persona, int scenario, int examples, int history, int message, int reservedForReply) {
    /** The sum of the parts of the prompt text. */
    public int prompt() {
        return persona + scenario + examples + history + message;
    }

    /** The parts plus the tokens reserved for the reply. */
    public int total() {
        return prompt() + reservedForReply;
    }
}
