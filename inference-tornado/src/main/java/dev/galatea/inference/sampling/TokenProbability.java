package dev.galatea.inference.sampling;

/** A token and its probability under the distribution the token was chosen from. */
public record TokenProbability(int tokenId, double probability) {}
