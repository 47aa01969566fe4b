package dev.galatea.chat.prompt;

import java.util.List;

/**
 * A prompt ready for the engine, with what the view shows about it.
 *
 * @param text                     the prompt, ending in {@code "Name:"}
 * @param parts                    tokens per part and the reply reserve
 * @param promptTokens             tokens of the whole text, the number the budget checks
 * @param contextTokens            the model's context length
 * @param firstHistoryTurnInPrompt index of the oldest history message in the prompt; the history size when none is
 * @param droppedForBudget         indices of history messages left out so that the prompt fits, oldest first; the
 *                                 messages before them fell outside the notebook's window of recent turns
 */
public record BuiltPrompt(String text, PromptTokens parts, int promptTokens, int contextTokens,
                          int firstHistoryTurnInPrompt, List<Integer> droppedForBudget) {
    public BuiltPrompt {
        droppedForBudget = List.copyOf(droppedForBudget);
    }

    /** Prompt tokens plus the reply reserve; never more than {@link #contextTokens()}. */
    public int totalTokens() {
        return promptTokens + parts.reservedForReply();
    }

    /** How many of the oldest history messages fell outside the turn window, before any budget trimming. */
    public int leftOutByTurnWindow() {
        return firstHistoryTurnInPrompt - droppedForBudget.size();
    }
}
