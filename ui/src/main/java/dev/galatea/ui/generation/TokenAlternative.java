package dev.galatea.ui.generation;

/** A token the sampler could have picked instead, with its probability after the sampling chain. */
public record TokenAlternative(String text, double probability) {
}
