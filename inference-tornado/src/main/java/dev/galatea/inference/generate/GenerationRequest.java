package dev.galatea.inference.generate;

import dev.galatea.inference.GalateaException;
import java.util.List;

/**
 * Continue one prompt as one or more sequences (a batch shares the prefill and reads each weight once per step).
 *
 * @param stopStrings texts that end a sequence when they appear in its output; they are cut from the text
 */
public record GenerationRequest(int[] promptIds, List<SequenceSpec> sequences, int maxNewTokens, List<String> stopStrings) {

    public GenerationRequest {
        promptIds = promptIds.clone();
        sequences = List.copyOf(sequences);
        stopStrings = List.copyOf(stopStrings);
        if (promptIds.length == 0) {
            throw new GalateaException("the prompt is empty: a generation needs at least one token to continue");
        }
        if (sequences.isEmpty()) {
            throw new GalateaException("a generation needs at least one sequence");
        }
        if (maxNewTokens < 1) {
            throw new GalateaException("max_new_tokens=" + maxNewTokens + " is out of range: it must be at least 1");
        }
    }

    public static GenerationRequest single(int[] promptIds, SequenceSpec sequence, int maxNewTokens, List<String> stopStrings) {
        return new GenerationRequest(promptIds, List.of(sequence), maxNewTokens, stopStrings);
    }

    @Override
    public int[] promptIds() {
        return promptIds.clone();
    }
}
