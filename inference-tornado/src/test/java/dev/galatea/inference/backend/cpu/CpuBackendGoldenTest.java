package dev.galatea.inference.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.galatea.inference.backend.ForwardResult;
import dev.galatea.inference.backend.KvCache;
import dev.galatea.inference.model.GptjModel;
import dev.galatea.inference.model.ModelFixtures;
import dev.galatea.inference.model.ModelFixtures.Case;
import dev.galatea.inference.model.ModelFixtures.Golden;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The CPU forward pass against golden.json: an independent float64 GPTJForCausalLM on the same stored weights. */
class CpuBackendGoldenTest {
    /** The fixtures' README tolerance on every logit; never loosen it. */
    private static final float TOLERANCE = 2e-3f;

    @ParameterizedTest
    @ValueSource(strings = {ModelFixtures.F16, ModelFixtures.BF16_SHARDED, ModelFixtures.TORCHBIN})
    void promptLogitsMatchGolden(String fixture) {
        Golden golden = ModelFixtures.golden(fixture);
        try (GptjModel model = GptjModel.load(ModelFixtures.directory(fixture));
             CpuBackend backend = new CpuBackend(model)) {
            assertEquals(golden.dtype(), model.dtype().name());
            for (Case c : golden.cases()) {
                try (KvCache cache = backend.newCache(model.config().nPositions())) {
                    boolean all = c.logitsAllPositions() != null;
                    ForwardResult result = backend.forward(cache, c.inputIds(), all);
                    float[][] expected = all ? c.logitsAllPositions() : new float[][] {c.lastLogits()};
                    assertEquals(expected.length, result.logits().length);
                    for (int p = 0; p < expected.length; p++) {
                        float diff = maxAbsDiff(expected[p], result.logits()[p]);
                        assertTrue(diff <= TOLERANCE, fixture + " position " + p + " of " + c.inputIds().length
                                + ": max |logit - golden| = " + diff);
                    }
                    assertEquals(c.inputIds().length, cache.length());
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {ModelFixtures.F16, ModelFixtures.BF16_SHARDED, ModelFixtures.TORCHBIN})
    void greedyContinuationThroughTheKvCacheMatchesGolden(String fixture) {
        Golden golden = ModelFixtures.golden(fixture);
        try (GptjModel model = GptjModel.load(ModelFixtures.directory(fixture));
             CpuBackend backend = new CpuBackend(model)) {
            for (Case c : golden.cases()) {
                assertArrayEquals(c.greedyNewIds(), greedy(backend, c.inputIds(), c.greedyNewIds().length), fixture);
            }
            if (golden.longGreedy() != null) {
                int[] expected = golden.longGreedy().greedyNewIds();
                assertEquals(100, expected.length);
                assertArrayEquals(expected, greedy(backend, golden.longGreedy().inputIds(), expected.length), fixture);
            }
        }
    }

    /** Prefill, then one decode step per new token, taking the argmax each time. */
    static int[] greedy(CpuBackend backend, int[] prompt, int count) {
        int[] out = new int[count];
        try (KvCache cache = backend.newCache(backend.config().nPositions())) {
            float[] logits = backend.forward(cache, prompt, false).lastLogits();
            for (int i = 0; i < count; i++) {
                out[i] = argmax(logits);
                if (i + 1 < count) {
                    logits = backend.decode(List.of(cache), new int[] {out[i]}).lastLogits();
                }
            }
            assertEquals(prompt.length + count - 1, cache.length());
        }
        return out;
    }

    static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    static float maxAbsDiff(float[] a, float[] b) {
        assertEquals(a.length, b.length);
        float max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
