package dev.galatea.inference.generate;

import dev.galatea.inference.sampling.SamplingParams;

/** One sequence of a generation: how its tokens are chosen, and the seed of its random draws. */
public record SequenceSpec(SamplingParams params, long seed) {}
