package dev.galatea.inference.sampling;

/** Hugging Face's generation modes for one sequence (no beams). */
public enum DecodingMode {
    /** The highest score after the logits processors; warpers do not apply. */
    GREEDY,
    /** A draw from the softmax after the processors and then the warpers. */
    SAMPLE,
    /** Contrastive search: the top_k candidates are re-ranked by {@link ContrastiveSearch}. */
    CONTRASTIVE
}
