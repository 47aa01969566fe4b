package dev.galatea.inference.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.galatea.inference.backend.Backend;
import dev.galatea.inference.backend.ForwardResult;
import dev.galatea.inference.backend.KvCache;
import dev.galatea.inference.model.ModelFixtures;
import dev.galatea.inference.sampling.SamplingParams;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Generator's contrastive search (batched candidate steps over copied caches, hidden states kept from step to
 * step) against a brute-force reference written here from Hugging Face's definition: every candidate and every
 * context hidden state comes from a full forward pass over a fresh cache.
 */
class ContrastiveSearchReferenceTest {
    private static final double ALPHA = 0.6;
    private static final double REPETITION_PENALTY = 1.05;

    @ParameterizedTest
    @CsvSource({"tiny-gptj-bf16-sharded, 0, 4, 12", "tiny-gptj-bf16-sharded, 1, 6, 12", "tiny-gptj-f16, 1, 4, 6"})
    void contrastiveSearchPicksWhatTheBruteForceReferencePicks(String fixture, int caseIndex, int topK, int steps) {
        ModelFixtures.Case golden = ModelFixtures.golden(fixture).cases().get(caseIndex);
        SamplingParams params = new SamplingParams(1.0, topK, 1.0, 0.0, 1.0, REPETITION_PENALTY, 0, ALPHA, false, List.of());
        try (OpenModel open = OpenModel.fixture(fixture)) {
            GenerationResult result = open.generator().generate(
                    GenerationRequest.single(golden.inputIds(), new SequenceSpec(params, 0), steps, List.of()),
                    event -> { }, new Cancellation()).get(0);
            int[] expected = reference(open.backend(), golden.inputIds(), steps, topK);
            assertArrayEquals(expected, result.newIds());
            assertFalse(Arrays.equals(Arrays.copyOf(golden.greedyNewIds(), steps), expected),
                    "the degeneration penalty must change some choice, or this test proves nothing beyond greedy");
        }
    }

    private static int[] reference(Backend backend, int[] prompt, int steps, int topK) {
        int[] sequence = prompt.clone();
        for (int step = 0; step < steps; step++) {
            ForwardResult context = fullForward(backend, sequence);
            double[] probabilities = softmax(repetitionPenalised(context.lastLogits(), sequence));
            int[] candidates = IntStream.range(0, probabilities.length).boxed()
                    .sorted(Comparator.<Integer>comparingDouble(i -> -probabilities[i]).thenComparingInt(i -> i))
                    .limit(topK).mapToInt(Integer::intValue).toArray();
            int best = -1;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int candidate : candidates) {
                int[] extended = Arrays.copyOf(sequence, sequence.length + 1);
                extended[sequence.length] = candidate;
                float[] hidden = fullForward(backend, extended).lastHidden();
                double penalty = Double.NEGATIVE_INFINITY;
                for (float[] previous : context.hidden()) {
                    penalty = Math.max(penalty, cosine(hidden, previous));
                }
                double score = (1 - ALPHA) * probabilities[candidate] - ALPHA * penalty;
                if (score > bestScore) {
                    bestScore = score;
                    best = candidate;
                }
            }
            sequence = Arrays.copyOf(sequence, sequence.length + 1);
            sequence[sequence.length - 1] = best;
        }
        return Arrays.copyOfRange(sequence, prompt.length, sequence.length);
    }

    /** Logits and final hidden states of every position, from scratch. */
    private static ForwardResult fullForward(Backend backend, int[] ids) {
        try (KvCache cache = backend.newCache(ids.length)) {
            return backend.forward(cache, ids, true);
        }
    }

    /** Hugging Face's RepetitionPenaltyLogitsProcessor: every token seen so far, once. */
    private static double[] repetitionPenalised(float[] logits, int[] seen) {
        double[] scores = new double[logits.length];
        for (int i = 0; i < logits.length; i++) {
            scores[i] = logits[i];
        }
        for (int id : Arrays.stream(seen).distinct().toArray()) {
            scores[id] = logits[id] < 0 ? logits[id] * REPETITION_PENALTY : logits[id] / REPETITION_PENALTY;
        }
        return scores;
    }

    private static double[] softmax(double[] scores) {
        double max = Arrays.stream(scores).max().orElseThrow();
        double[] p = Arrays.stream(scores).map(s -> Math.exp(s - max)).toArray();
        double sum = Arrays.stream(p).sum();
        return Arrays.stream(p).map(x -> x / sum).toArray();
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            aa += (double) a[i] * a[i];
            bb += (double) b[i] * b[i];
        }
        return dot / Math.sqrt(aa * bb);
    }
}
