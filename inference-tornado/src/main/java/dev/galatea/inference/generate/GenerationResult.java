package dev.galatea.inference.generate;

/**
 * A finished sequence: its new token ids (EOS included, as Hugging Face returns it), its text (stop string and
 * EOS excluded), why it ended, and the timings of its generation.
 */
public record GenerationResult(int[] newIds, String text, FinishReason finishReason, int promptTokens,
                               double prefillSeconds, double decodeSeconds) {

    public GenerationResult {
        newIds = newIds.clone();
    }

    @Override
    public int[] newIds() {
        return newIds.clone();
    }

    public double prefillTokensPerSecond() {
        return promptTokens / prefillSeconds;
    }

    /** Decode speed of this sequence; the first token comes from the prefill, so it is not counted. */
    public double decodeTokensPerSecond() {
        return newIds.length > 1 && decodeSeconds > 0 ? (newIds.length - 1) / decodeSeconds : 0;
    }
}
