package dev.galatea.ui.views;

import dev.galatea.ui.generation.ReplyResult;
import java.util.Locale;

/**
 * The line under the chat after a reply, as text-generation-webui prints after each one: how long the reply is, how
 * fast it came, and how long its prompt took to read, with how much of it the last reply's KV cache spared. On the
 * CPU a 6B model reads a long prompt for a minute or more, and this line is where the user learns why.
 */
final class ReplyStats {

    private ReplyStats() {
    }

    /** Empty for a reply stopped before its first token: while it waited in line, or while its prompt was read. */
    static String text(ReplyResult result) {
        if (result.newTokens() == 0) {
            return "";
        }
        String reply = result.newTokens() + (result.newTokens() == 1 ? " token" : " tokens")
                + (result.tokensPerSecond() > 0 ? String.format(Locale.ROOT, " at %.1f tok/s", result.tokensPerSecond())
                        : "");
        String prompt = String.format(Locale.ROOT, "prompt of %d tokens read in %.1f s", result.promptTokens(),
                result.promptSeconds());
        String reused = result.cachedPromptTokens() == 0 ? "none of it reused"
                : result.cachedPromptTokens() + " of them reused from the last reply";
        return reply + " · " + prompt + ", " + reused;
    }
}
