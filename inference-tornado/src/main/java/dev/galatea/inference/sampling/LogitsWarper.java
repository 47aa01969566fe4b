package dev.galatea.inference.sampling;

/**
 * A step of Hugging Face's sampling warpers: it reshapes or truncates {@code scores} in place before a draw;
 * a removed token becomes -infinity. Warpers keep at least one token (min_tokens_to_keep 1).
 */
public interface LogitsWarper {
    void warp(float[] scores);
}
