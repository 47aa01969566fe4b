package dev.galatea.ui.generation;

/**
 * How a generation ended.
 *
 * @param finishReason "stop" (a stop string), "eos", "length" (max_new_tokens) or "cancelled"
 */
public record ReplyResult(String text, String finishReason, int promptTokens, int newTokens, double tokensPerSecond) {
}
