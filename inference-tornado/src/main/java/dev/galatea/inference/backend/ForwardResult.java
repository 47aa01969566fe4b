package dev.galatea.inference.backend;

/**
 * What a forward pass returns: {@code logits[row][vocab]} and {@code hidden[row][n_embd]}, the final hidden
 * state after ln_f that contrastive search compares. Rows are positions (forward) or sequences (decode).
 */
public record ForwardResult(float[][] logits, float[][] hidden) {
    public float[] lastLogits() {
        return logits[logits.length - 1];
    }

    public float[] lastHidden() {
        return hidden[hidden.length - 1];
    }
}
