package dev.galatea.ui.persistence;

import dev.galatea.chat.settings.GenerationSettings;
import dev.galatea.ui.generation.TokenEvent;
import java.util.List;

/**
 * What produced a generated reply, stored beside it: the settings (with the seed that was used), why it ended, and
 * its tokens with their probabilities for inspection.
 */
public record ReplyProvenance(GenerationSettings settings, long seed, String finishReason, List<TokenEvent> tokens) {

    public ReplyProvenance {
        tokens = List.copyOf(tokens);
    }
}
