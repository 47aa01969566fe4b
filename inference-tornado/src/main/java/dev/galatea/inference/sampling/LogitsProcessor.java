package dev.galatea.inference.sampling;

/**
 * A step of Hugging Face's logits processor list that looks at the token history (prompt plus generated ids):
 * it rewrites {@code scores} (one per vocabulary id) in place, and a removed token becomes -infinity.
 */
public interface LogitsProcessor {
    void process(float[] scores, int[] history, int historyLength);
}
