package dev.galatea.inference.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every case of fixtures/sampling/processors.json, computed by Hugging Face's generate() processors and warpers. */
class LogitsChainTest {

    /** Only the settings a case names are active: everything else at its neutral value. */
    static final SamplingParams NEUTRAL = new SamplingParams(1.0, 0, 1.0, 0.0, 1.0, 1.0, 0, 0.0, true, List.of());
    private static final double RELATIVE = 1e-6;

    static Stream<Arguments> cases() throws IOException {
        try (InputStream in = LogitsChainTest.class.getResourceAsStream("/fixtures/sampling/processors.json")) {
            List<Arguments> cases = new ArrayList<>();
            new ObjectMapper().readTree(in).get("cases").forEach(c -> cases.add(Arguments.of(c.get("params").toString(), c)));
            assertEquals(12, cases.size());
            return cases.stream();
        }
    }

    static SamplingParams params(JsonNode json) {
        StringBuilder spec = new StringBuilder();
        List<List<Integer>> badWords = new ArrayList<>();
        json.properties().forEach(e -> {
            if (e.getKey().equals("bad_words_ids")) {
                e.getValue().forEach(seq -> {
                    List<Integer> ids = new ArrayList<>();
                    seq.forEach(id -> ids.add(id.asInt()));
                    badWords.add(ids);
                });
            } else {
                spec.append(e.getKey()).append('=').append(e.getValue().asText()).append(',');
            }
        });
        return SamplingParams.parse(spec.toString(), NEUTRAL).withBadWordsIds(badWords);
    }

    static float[] floats(JsonNode array) {
        float[] result = new float[array.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = (float) array.get(i).asDouble();
        }
        return result;
    }

    static int[] ints(JsonNode array) {
        int[] result = new int[array.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = array.get(i).asInt();
        }
        return result;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void processorsThenWarpersMatchHuggingFace(String name, JsonNode c) {
        float[] scores = floats(c.get("logits"));
        int[] history = ints(c.get("input_ids"));
        LogitsChain chain = LogitsChain.of(params(c.get("params")), scores.length);
        chain.process(scores, history, history.length);
        chain.warp(scores);

        JsonNode expected = c.get("expected");
        JsonNode expectedProbs = c.get("expected_probs");
        double max = Double.NEGATIVE_INFINITY;
        for (float s : scores) {
            max = Math.max(max, s);
        }
        double sum = 0;
        for (float s : scores) {
            sum += Math.exp(s - max);
        }
        for (int i = 0; i < scores.length; i++) {
            JsonNode want = expected.get(i);
            if (want.isNull()) {
                assertEquals(Float.NEGATIVE_INFINITY, scores[i], "token " + i + " must be removed");
            } else {
                assertClose(want.asDouble(), scores[i], "score of token " + i);
            }
            assertClose(expectedProbs.get(i).asDouble(), Math.exp(scores[i] - max) / sum, "probability of token " + i);
        }
    }

    static void assertClose(double expected, double actual, String what) {
        if (Math.abs(expected - actual) > RELATIVE * Math.abs(expected)) {
            fail(what + ": expected " + expected + " but was " + actual
                    + " (relative error " + Math.abs(expected - actual) / Math.abs(expected) + ")");
        }
    }
}
