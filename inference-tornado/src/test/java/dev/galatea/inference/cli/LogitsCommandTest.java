package dev.galatea.inference.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.galatea.inference.model.ModelFixtures;
import java.io.IOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The logits command against golden logits, and its --warp probabilities against Hugging Face's steps written out
 * here in exact (double) arithmetic on the printed logits.
 */
class LogitsCommandTest {
    private static final String BF16 = ModelFixtures.directory(ModelFixtures.BF16_SHARDED).toString();
    private static final ModelFixtures.Case ALL_POSITIONS = ModelFixtures.golden(ModelFixtures.BF16_SHARDED).cases().get(0);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void allPositionsPrintsEveryRowWithinTheGoldenTolerance() throws IOException {
        float[][] expected = ALL_POSITIONS.logitsAllPositions();
        CliRun run = CliRun.of("logits", "--model", BF16, "--ids", GenerateCommandTest.ids(ALL_POSITIONS.inputIds()), "--all-positions");
        assertEquals(0, run.exitCode(), run.err());
        double[][] rows = rows(JSON.readTree(run.out()).get("logits"));
        assertEquals(expected.length, rows.length);
        for (int p = 0; p < rows.length; p++) {
            assertEquals(expected[p].length, rows[p].length);
            for (int t = 0; t < rows[p].length; t++) {
                assertEquals(expected[p][t], rows[p][t], 2e-3, "position " + p + " token " + t);
            }
        }
    }

    @Test
    void withoutAllPositionsPrintsOnlyTheLastRow() throws IOException {
        double[][] rows = logits(ALL_POSITIONS.inputIds());
        float[] expected = ALL_POSITIONS.logitsAllPositions()[ALL_POSITIONS.inputIds().length - 1];
        assertEquals(1, rows.length);
        for (int t = 0; t < expected.length; t++) {
            assertEquals(expected[t], rows[0][t], 2e-3, "token " + t);
        }
    }

    @Test
    void warpedTemperatureAndTopKMatchAnIndependentSoftmax() throws IOException {
        int[] ids = ALL_POSITIONS.inputIds();
        Warped warped = warpedWithItsLogits(ids, "temperature=0.7,top_k=40");
        double[] scores = warped.logits();
        double temperature = 0.7;
        int topK = 40;
        double[] expected = new double[scores.length];
        for (int t = 0; t < scores.length; t++) {
            expected[t] = scores[t] / temperature;
        }
        double kth = Arrays.stream(expected).boxed().sorted(Comparator.reverseOrder()).skip(topK - 1).findFirst().orElseThrow();
        for (int t = 0; t < expected.length; t++) {
            if (expected[t] < kth) {
                expected[t] = Double.NEGATIVE_INFINITY;
            }
        }
        assertMatches(softmax(expected), warped.probs(), topK);
    }

    @Test
    void warpedRepetitionPenaltyAndTopPMatchAnIndependentSoftmax() throws IOException {
        int[] ids = ALL_POSITIONS.inputIds();
        Warped warped = warpedWithItsLogits(ids, "repetition_penalty=1.2,top_p=0.9");
        double[] expected = warped.logits();
        double penalty = 1.2;
        for (int id : Arrays.stream(ids).distinct().toArray()) {
            expected[id] = expected[id] < 0 ? expected[id] * penalty : expected[id] / penalty;
        }
        // Hugging Face's TopPLogitsWarper: drop the lowest tokens whose cumulative probability stays <= 1 - top_p.
        double topP = 0.9;
        double[] p = softmax(expected);
        Integer[] ascending = IntStream.range(0, p.length).boxed().sorted(Comparator.comparingDouble(t -> p[t])).toArray(Integer[]::new);
        double cumulative = 0;
        int removed = 0;
        for (int i = 0; i < ascending.length - 1; i++) {
            cumulative += p[ascending[i]];
            if (cumulative <= 1 - topP) {
                expected[ascending[i]] = Double.NEGATIVE_INFINITY;
                removed++;
            }
        }
        assertMatches(softmax(expected), warped.probs(), expected.length - removed);
    }

    private static void assertMatches(double[] expected, double[] probs, int kept) {
        assertEquals(expected.length, probs.length);
        assertEquals(kept, Arrays.stream(probs).filter(x -> x > 0).count(), "tokens kept");
        assertTrue(kept > 1 && kept < probs.length, "the warp must remove some tokens and keep several");
        for (int t = 0; t < probs.length; t++) {
            if (expected[t] == 0) {
                assertEquals(0.0, probs[t], "token " + t + " is removed");
            } else {
                assertEquals(expected[t], probs[t], 1e-6 * expected[t], "token " + t);
            }
        }
    }

    private static double[][] logits(int[] ids) throws IOException {
        CliRun run = CliRun.of("logits", "--model", BF16, "--ids", GenerateCommandTest.ids(ids));
        assertEquals(0, run.exitCode(), run.err());
        return rows(JSON.readTree(run.out()).get("logits"));
    }

    private record Warped(double[] logits, double[] probs) {}

    /**
     * The --warp probabilities and the logits they were computed from. Each run repeats the forward pass, and the
     * CPU backend's logits move by a few 1e-6 when the JIT recompiles its kernels, enough to shift a probability
     * by more than the 1e-6 this test holds the warp to. So the warp run is bracketed by two logits runs, and
     * only a bracket whose two logits agree bit for bit counts.
     */
    private static Warped warpedWithItsLogits(int[] ids, String warp) throws IOException {
        for (int attempt = 0; attempt < 5; attempt++) {
            double[] before = logits(ids)[0];
            CliRun run = CliRun.of("logits", "--model", BF16, "--ids", GenerateCommandTest.ids(ids), "--warp", warp);
            assertEquals(0, run.exitCode(), run.err());
            if (Arrays.equals(before, logits(ids)[0])) {
                JsonNode probs = JSON.readTree(run.out()).get("probs");
                return new Warped(before, IntStream.range(0, probs.size()).mapToDouble(i -> probs.get(i).asDouble()).toArray());
            }
        }
        throw new AssertionError("the backend's logits for the same ids changed in every one of 5 bracketing runs");
    }

    /** The printed logits are float32 values in their shortest decimal form: read them back as those floats. */
    private static double[][] rows(JsonNode rows) {
        double[][] out = new double[rows.size()][];
        for (int r = 0; r < out.length; r++) {
            JsonNode row = rows.get(r);
            out[r] = IntStream.range(0, row.size()).mapToDouble(i -> (float) row.get(i).asDouble()).toArray();
        }
        return out;
    }

    private static double[] softmax(double[] scores) {
        double max = Arrays.stream(scores).max().orElseThrow();
        double[] e = Arrays.stream(scores).map(s -> Math.exp(s - max)).toArray();
        double sum = Arrays.stream(e).sum();
        return Arrays.stream(e).map(x -> x / sum).toArray();
    }
}
