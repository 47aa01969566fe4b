package dev.galatea.inference.sampling;

import dev.galatea.inference.GalateaException;
import java.util.ArrayList;
import java.util.List;

/**
 * The logits processors and warpers that Hugging Face's {@code generate()} builds from a {@link SamplingParams},
 * in its order: repetition_penalty, no_repeat_ngram_size, bad_words_ids; then, only when sampling, temperature,
 * top_k, top_p, min_p, typical_p. Settings at their neutral value add no step. One chain serves one sequence at
 * a time: its steps share scratch buffers.
 */
public final class LogitsChain {

    private final int vocabSize;
    private final List<LogitsProcessor> processors;
    private final List<LogitsWarper> warpers;

    private LogitsChain(int vocabSize, List<LogitsProcessor> processors, List<LogitsWarper> warpers) {
        this.vocabSize = vocabSize;
        this.processors = List.copyOf(processors);
        this.warpers = List.copyOf(warpers);
    }

    public static LogitsChain of(SamplingParams params, int vocabSize) {
        Scratch scratch = new Scratch(vocabSize);
        List<LogitsProcessor> processors = new ArrayList<>();
        if (params.repetitionPenalty() != 1.0) {
            processors.add(new RepetitionPenalty(params.repetitionPenalty(), scratch));
        }
        if (params.noRepeatNgramSize() > 0) {
            processors.add(new NoRepeatNgram(params.noRepeatNgramSize()));
        }
        if (!params.badWordsIds().isEmpty()) {
            processors.add(new BadWords(badWords(params.badWordsIds(), vocabSize)));
        }
        List<LogitsWarper> warpers = new ArrayList<>();
        if (params.mode() == DecodingMode.SAMPLE) {
            if (params.temperature() != 1.0) {
                warpers.add(new Temperature(params.temperature()));
            }
            if (params.topK() != 0) {
                warpers.add(new TopK(Math.min(params.topK(), vocabSize)));
            }
            if (params.topP() < 1.0) {
                warpers.add(new TopP(params.topP(), scratch));
            }
            if (params.minP() > 0) {
                warpers.add(new MinP(params.minP()));
            }
            if (params.typicalP() < 1.0) {
                warpers.add(new TypicalP(params.typicalP(), scratch));
            }
        }
        return new LogitsChain(vocabSize, processors, warpers);
    }

    private static int[][] badWords(List<List<Integer>> sequences, int vocabSize) {
        int[][] result = new int[sequences.size()][];
        for (int s = 0; s < result.length; s++) {
            result[s] = sequences.get(s).stream().mapToInt(Integer::intValue).toArray();
            for (int id : result[s]) {
                if (id >= vocabSize) {
                    throw new GalateaException("bad_words_ids holds token id " + id
                            + ", outside the model's vocabulary [0, " + vocabSize + ")");
                }
            }
        }
        return result;
    }

    public int vocabSize() {
        return vocabSize;
    }

    /** The processors, in place: what greedy decoding and contrastive search choose from. */
    public void process(float[] scores, int[] history, int historyLength) {
        checkLength(scores);
        for (LogitsProcessor processor : processors) {
            processor.process(scores, history, historyLength);
        }
    }

    /** The warpers, in place, after {@link #process}: what sampling draws from. None unless the mode is SAMPLE. */
    public void warp(float[] scores) {
        checkLength(scores);
        for (LogitsWarper warper : warpers) {
            warper.warp(scores);
        }
    }

    private void checkLength(float[] scores) {
        if (scores.length != vocabSize) {
            throw new IllegalArgumentException("scores hold " + scores.length + " tokens, the chain was built for " + vocabSize);
        }
    }
}
