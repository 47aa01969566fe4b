package dev.galatea.ui.generation;

/**
 * What the header tells about the loaded model.
 *
 * @param backend     cpu, tornado-opencl or tornado-ptx
 * @param demo        true for the embedded demo model, whose random weights reply gibberish
 * @param fingerprint   identifies the weights, so a stored reply can say which model produced it
 * @param contextTokens the positions the model attends over (config.json's n_positions), prompt and reply together
 */
public record ModelSummary(String name, long parameterCount, String dtype, String backend, boolean demo,
                           String fingerprint, int contextTokens) {
}
