package dev.galatea.ui.generation;

/**
 * How a generation ended.
 *
 * @param finishReason       "stop" (a stop string), "eos", "length" (max_new_tokens) or "cancelled"
 * @param cachedPromptTokens the prompt's first tokens reused from the last generation's KV cache, not run again
 * @param promptSeconds      how long the prompt took to read, until the first token could be sampled
 */
public record ReplyResult(String text, String finishReason, int promptTokens, int cachedPromptTokens,
                          double promptSeconds, int newTokens, double tokensPerSecond) {
}
