package dev.galatea.ui.generation;

import dev.galatea.chat.settings.GenerationSettings;
import java.util.List;

/**
 * One reply to generate.
 *
 * @param prompt      the exact text the model continues
 * @param seed        the seed actually used (the settings' fixed one, or a fresh random one), stored with the reply
 * @param stopStrings every string that ends the reply, the user's name turn included
 */
public record ReplyRequest(String prompt, GenerationSettings settings, long seed, List<String> stopStrings) {

    public ReplyRequest {
        stopStrings = List.copyOf(stopStrings);
    }
}
