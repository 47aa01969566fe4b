package dev.galatea.ui.compare;

import dev.galatea.chat.settings.GenerationSettings;
import dev.galatea.ui.generation.TokenEvent;
import java.util.List;

/**
 * One finished column of a comparison: what it was asked with and what it produced.
 *
 * @param label        the preset it started from, or "Custom"
 * @param text         the generated continuation, exactly as the engine decoded it
 * @param finishReason "stop", "eos", "length" or "cancelled"
 */
public record ComparedColumn(String label, GenerationSettings settings, long seed, String text, String finishReason,
                             List<TokenEvent> tokens, double tokensPerSecond) {

    public ComparedColumn {
        tokens = List.copyOf(tokens);
    }

    public int tokenCount() {
        return tokens.size();
    }

    /** The average log-probability of the chosen tokens; NaN for a column that produced none. */
    public double meanLogprob() {
        return tokens.stream().mapToDouble(TokenEvent::logprob).average().orElse(Double.NaN);
    }
}
