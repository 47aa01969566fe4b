package dev.galatea.chat.prompt;

import dev.galatea.chat.ChatException;

/** The prompt cannot fit the context even with every history turn dropped; the message names each part's tokens. */
public final class ContextOverflowException extends ChatException {
    private final PromptTokens parts;

    ContextOverflowException(PromptTokens parts, int promptTokens, int contextTokens) {
        super("the prompt does not fit the " + contextTokens + "-token context even with all chat history dropped: "
                + promptTokens + " prompt tokens (persona " + parts.persona() + ", scenario " + parts.scenario()
                + ", example dialogue " + parts.examples() + ", new message " + parts.message() + ") + "
                + parts.reservedForReply() + " reserved for the reply (max_new_tokens) = "
                + (promptTokens + parts.reservedForReply())
                + "; shorten the persona, scenario, example dialogue or message, or lower max_new_tokens");
        this.parts = parts;
    }

    public PromptTokens parts() {
        return parts;
    }
}
