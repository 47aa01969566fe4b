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
 * @param turnWindow   the most recent turns, example dialogue first and then history, the prompt keeps: the notebook
 *                     keeps {@link PromptBuilder#NOTEBOOK_TURN_WINDOW}; 0 keeps every turn that fits the context
 */
public record PromptRequest(Character character, String userName, List<ChatMessage> history, String userMessage,
                            int maxNewTokens, int turnWindow) {

    /** A request with the notebook's window of turns. */
    public PromptRequest(Character character, String userName, List<ChatMessage> history, String userMessage,
                         int maxNewTokens) {
        this(character, userName, history, userMessage, maxNewTokens, PromptBuilder.NOTEBOOK_TURN_WINDOW);
    }

    public PromptRequest {
        if (character == null) {
            throw new IllegalArgumentException("a prompt needs a character");
        }
        if (maxNewTokens < 0) {
            throw new IllegalArgumentException("maxNewTokens must not be negative, got " + maxNewTokens);
        }
        if (turnWindow < 0) {
            throw new IllegalArgumentException("turnWindow must not be negative, got " + turnWindow);
        }
        history = List.copyOf(history);
    }
}
