package dev.galatea.chat.prompt;

import dev.galatea.chat.character.Character;
import java.util.List;

/**
 * What one chat turn's prompt is built from.
 *
 * @param userName     the user's name for {{user}} and &lt;USER&gt;; blank means "You"
 * @param history      the chat so far, oldest first (the greeting included when the view shows one)
 * @param userMessage  the new message; blank becomes "..." as in the notebook, which treats it as the user staying silent
 * @param maxNewTokens tokens kept free in the context for the reply
 */
public record PromptRequest(Character character, String userName, List<ChatMessage> history, String userMessage,
                            int maxNewTokens) {
    public PromptRequest {
        if (character == null) {
            throw new IllegalArgumentException("a prompt needs a character");
        }
        if (maxNewTokens < 0) {
            throw new IllegalArgumentException("maxNewTokens must not be negative, got " + maxNewTokens);
        }
        history = List.copyOf(history);
    }
}
