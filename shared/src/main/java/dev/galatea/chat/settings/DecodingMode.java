package dev.galatea.chat.settings;

/** How each token is chosen. */
public enum DecodingMode {
    /** Always the most likely token. */
    GREEDY,
    /** At random, by the probabilities left after the samplers. */
    SAMPLE,
    /** Contrastive search: the best of the top_k candidates by confidence minus penalty_alpha times similarity. */
    CONTRASTIVE
}
