package dev.galatea.inference.generate;

/**
 * A finished sequence: its new token ids (EOS included, as Hugging Face returns it), its text (stop string and
 * EOS excluded), why it ended, and the timings of its generation.
 *
 * @param cachedPromptTokens the prompt's first tokens whose keys and values came from the last generation's KV
 *                           cache, so the prefill did not run them
 */
public record GenerationResult(int[] newIds, String text, FinishReason finishReason, int promptTokens,
                               int cachedPromptTokens, double prefillSeconds, double decodeSeconds) {

    public GenerationResult {
        newIds = newIds.clone();
    }

    @Override
    public int[] newIds() {
        return newIds.clone();
    }

    /** Speed of the prefill over the tokens it ran. */
    public double prefillTokensPerSecond() {
        return (promptTokens - cachedPromptTokens) / prefillSeconds;
    }

    /** Decode speed of this sequence; the first token comes from the prefill, so it is not counted. */
    public double decodeTokensPerSecond() {
        return newIds.length > 1 && decodeSeconds > 0 ? (newIds.length - 1) / decodeSeconds : 0;
    }
}
