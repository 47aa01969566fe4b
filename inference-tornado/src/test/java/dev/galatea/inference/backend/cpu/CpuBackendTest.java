package dev.galatea.inference.backend.cpu;

import static dev.galatea.inference.backend.cpu.CpuBackendGoldenTest.argmax;
import static dev.galatea.inference.backend.cpu.CpuBackendGoldenTest.maxAbsDiff;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.galatea.inference.GalateaException;
import dev.galatea.inference.backend.ForwardResult;
import dev.galatea.inference.backend.KvCache;
import dev.galatea.inference.model.GptjModel;
import dev.galatea.inference.model.ModelFixtures;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The ways of running the same positions (batched, split, cached, copied) agree with each other. */
class CpuBackendTest {
    /**
     * Different row groupings only change fp32 rounding (and so may JIT compilation: C2 reduces vector lanes in a
     * different order than the interpreter).
     */
    private static final float SAME = 1e-4f;

    private static GptjModel model;
    private static CpuBackend backend;
    /** The 39-token Pygmalion-style prompt of the f16 fixture, plus two short ones. */
    private static int[] longPrompt;
    private static int[] shortPrompt;
    private static int[] onePrompt;

    @BeforeAll
    static void load() {
        model = GptjModel.load(ModelFixtures.directory(ModelFixtures.F16));
        backend = new CpuBackend(model, 3, 256);
        List<ModelFixtures.Case> cases = ModelFixtures.golden(ModelFixtures.F16).cases();
        onePrompt = cases.get(0).inputIds();
        shortPrompt = cases.get(1).inputIds();
        longPrompt = cases.get(2).inputIds();
        assertEquals(39, longPrompt.length);
    }

    @AfterAll
    static void close() {
        backend.close();
        model.close();
    }

    /** Batches of 3 to 8 take the kernel's groups of four tokens, with a rest of one, two or three. */
    @ParameterizedTest(name = "batch of {0}, {1} rows per pass")
    @CsvSource({"2, 256", "3, 256", "4, 256", "5, 256", "5, 2", "6, 256", "7, 256", "8, 256", "8, 3"})
    void batchedDecodeGivesEachSequenceItsSingleDecodeLogits(int batchSize, int rowsPerPass) {
        int[][] all = {longPrompt, shortPrompt, onePrompt, Arrays.copyOf(longPrompt, 20), {42, 43},
                Arrays.copyOf(longPrompt, 7), {7}, Arrays.copyOf(shortPrompt, 2)};
        int[][] prompts = Arrays.copyOf(all, batchSize);
        try (CpuBackend batching = new CpuBackend(model, 3, rowsPerPass)) {
            List<KvCache> batch = new ArrayList<>();
            List<KvCache> single = new ArrayList<>();
            int[] next = new int[prompts.length];
            for (int i = 0; i < prompts.length; i++) {
                batch.add(batching.newCache(64));
                single.add(batching.newCache(64));
                next[i] = argmax(batching.forward(batch.get(i), prompts[i], false).lastLogits());
                batching.forward(single.get(i), prompts[i], false);
            }
            for (int step = 0; step < 4; step++) {
                ForwardResult together = batching.decode(batch, next);
                assertEquals(prompts.length, together.logits().length);
                for (int i = 0; i < prompts.length; i++) {
                    ForwardResult alone = batching.decode(List.of(single.get(i)), new int[] {next[i]});
                    assertTrue(maxAbsDiff(alone.lastLogits(), together.logits()[i]) <= SAME, "sequence " + i + " step " + step);
                    assertTrue(maxAbsDiff(alone.lastHidden(), together.hidden()[i]) <= SAME, "hidden of sequence " + i);
                    assertEquals(prompts[i].length + step + 1, batch.get(i).length());
                    next[i] = argmax(together.logits()[i]);
                }
            }
            batch.forEach(KvCache::close);
            single.forEach(KvCache::close);
        }
    }

    @Test
    void prefillThenDecodeGivesTheLogitsOfOnePrefillAtEveryPosition() {
        ForwardResult whole;
        try (KvCache cache = backend.newCache(64)) {
            whole = backend.forward(cache, longPrompt, true);
        }
        assertEquals(longPrompt.length, whole.logits().length);
        assertEquals(model.config().nEmbd(), whole.hidden()[0].length);
        try (KvCache cache = backend.newCache(64)) {
            ForwardResult first = backend.forward(cache, Arrays.copyOf(longPrompt, 20), true);
            for (int p = 0; p < 20; p++) {
                assertTrue(maxAbsDiff(whole.logits()[p], first.logits()[p]) <= SAME, "position " + p);
            }
            for (int p = 20; p < longPrompt.length; p++) {
                ForwardResult step = backend.decode(List.of(cache), new int[] {longPrompt[p]});
                assertTrue(maxAbsDiff(whole.logits()[p], step.lastLogits()) <= SAME, "position " + p);
                assertTrue(maxAbsDiff(whole.hidden()[p], step.lastHidden()) <= SAME, "hidden at position " + p);
            }
        }
    }

    @Test
    void promptSplitIntoPassesOfFiveRowsGivesTheLogitsOfOnePass() {
        try (CpuBackend fiveRows = new CpuBackend(model, 2, 5);
             KvCache split = fiveRows.newCache(64);
             KvCache whole = backend.newCache(64)) {
            ForwardResult a = fiveRows.forward(split, longPrompt, true);
            ForwardResult b = backend.forward(whole, longPrompt, true);
            for (int p = 0; p < longPrompt.length; p++) {
                assertTrue(maxAbsDiff(a.logits()[p], b.logits()[p]) <= SAME, "position " + p);
            }
            assertEquals(longPrompt.length, split.length());
        }
    }

    @Test
    void lastPositionOnlyIsTheLastRowOfAllPositions() {
        try (KvCache a = backend.newCache(64); KvCache b = backend.newCache(64)) {
            ForwardResult all = backend.forward(a, shortPrompt, true);
            ForwardResult last = backend.forward(b, shortPrompt, false);
            assertEquals(1, last.logits().length);
            assertTrue(maxAbsDiff(all.lastLogits(), last.lastLogits()) <= SAME);
            assertTrue(maxAbsDiff(all.lastHidden(), last.lastHidden()) <= SAME);
        }
    }

    @Test
    void copiedCacheContinuesLikeAFreshPrefillAfterTheOriginalMovesOnAndCloses() {
        int[] continued = Arrays.copyOf(shortPrompt, shortPrompt.length + 2);
        continued[shortPrompt.length] = 1000;
        continued[shortPrompt.length + 1] = 2000;
        float[] fresh;
        try (KvCache cache = backend.newCache(64)) {
            fresh = backend.forward(cache, continued, false).lastLogits();
        }
        KvCache original = backend.newCache(64);
        backend.forward(original, shortPrompt, false);
        KvCache copy = original.copy();
        assertEquals(shortPrompt.length, copy.length());
        assertEquals(64, copy.capacity());
        float[] viaOriginal = backend.decode(List.of(original), new int[] {1000}).lastLogits();
        backend.decode(List.of(original), new int[] {3000});
        original.close();
        assertTrue(maxAbsDiff(viaOriginal, backend.decode(List.of(copy), new int[] {1000}).lastLogits()) <= SAME);
        float[] viaCopy = backend.decode(List.of(copy), new int[] {2000}).lastLogits();
        assertTrue(maxAbsDiff(fresh, viaCopy) <= SAME);
        assertEquals(shortPrompt.length + 2, copy.length());
        copy.close();
    }

    /** A kept chat prompt grows this way when the next reply needs more room than the cache has. */
    @Test
    void copyWithMoreRoomContinuesLikeItsSourceAndRefusesTooLittleOrTooMuch() {
        try (KvCache tight = backend.newCache(shortPrompt.length);
             KvCache roomy = backend.newCache(shortPrompt.length + 2)) {
            backend.forward(tight, shortPrompt, false);
            backend.forward(roomy, shortPrompt, false);
            float[] expected = backend.forward(roomy, new int[] {1000, 2000}, false).lastLogits();
            try (KvCache grown = tight.copy(shortPrompt.length + 2)) {
                assertEquals(shortPrompt.length, grown.length());
                assertEquals(shortPrompt.length + 2, grown.capacity());
                assertTrue(maxAbsDiff(expected, backend.forward(grown, new int[] {1000, 2000}, false).lastLogits()) <= SAME);
            }
            IllegalArgumentException tooLittle = assertThrows(IllegalArgumentException.class, () -> tight.copy(shortPrompt.length - 1));
            assertEquals("a copy of " + (shortPrompt.length - 1) + " positions cannot hold the " + shortPrompt.length + " cached",
                    tooLittle.getMessage());
            GalateaException tooMuch = assertThrows(GalateaException.class, () -> tight.copy(model.config().nPositions() + 1));
            assertEquals("a KV cache of " + (model.config().nPositions() + 1) + " positions does not fit this model:"
                    + " config.json n_positions is " + model.config().nPositions(), tooMuch.getMessage());
        }
    }

    @Test
    void truncatedCacheRecomputesTheForgottenPositions() {
        try (KvCache cache = backend.newCache(64)) {
            ForwardResult whole = backend.forward(cache, longPrompt, true);
            cache.truncate(10);
            assertEquals(10, cache.length());
            ForwardResult again = backend.forward(cache, Arrays.copyOfRange(longPrompt, 10, longPrompt.length), true);
            for (int p = 10; p < longPrompt.length; p++) {
                assertTrue(maxAbsDiff(whole.logits()[p], again.logits()[p - 10]) <= SAME, "position " + p);
            }
            assertThrows(IllegalArgumentException.class, () -> cache.truncate(longPrompt.length + 1));
            assertThrows(IllegalArgumentException.class, () -> cache.truncate(-1));
            cache.truncate(0);
            assertEquals(0, cache.length());
        }
    }

    @Test
    void closedCacheIsRefused() {
        KvCache cache = backend.newCache(8);
        backend.forward(cache, shortPrompt, false);
        cache.close();
        cache.close();
        assertThrows(IllegalStateException.class, () -> backend.forward(cache, onePrompt, false));
        assertThrows(IllegalStateException.class, () -> backend.decode(List.of(cache), onePrompt));
        assertThrows(IllegalStateException.class, cache::copy);
        assertThrows(IllegalStateException.class, () -> cache.truncate(0));
    }

    @Test
    void promptLongerThanTheCacheIsRefusedAndLeavesTheCacheAsItWas() {
        try (KvCache cache = backend.newCache(40)) {
            backend.forward(cache, shortPrompt, false);
            GalateaException e = assertThrows(GalateaException.class, () -> backend.forward(cache, longPrompt, false));
            assertEquals("the context is full: 7 cached positions + 39 new exceed the KV cache's 40", e.getMessage());
            assertEquals(shortPrompt.length, cache.length());
        }
    }

    @Test
    void cacheLongerThanNPositionsIsRefused() {
        GalateaException e = assertThrows(GalateaException.class, () -> backend.newCache(257));
        assertEquals("a KV cache of 257 positions does not fit this model: config.json n_positions is 256", e.getMessage());
    }

    @Test
    void tokenIdOutsideTheVocabularyIsRefused() {
        try (KvCache cache = backend.newCache(8)) {
            GalateaException e = assertThrows(GalateaException.class, () -> backend.forward(cache, new int[] {5, 50400}, false));
            assertEquals("token id 50400 is outside the model's vocabulary (config.json vocab_size 50400)", e.getMessage());
            assertThrows(GalateaException.class, () -> backend.decode(List.of(cache), new int[] {-1}));
            assertEquals(0, cache.length());
        }
    }

    @Test
    void cacheOfAnotherBackendOrRepeatedInABatchIsRefused() {
        try (CpuBackend other = new CpuBackend(model, 1, 256); KvCache foreign = other.newCache(8); KvCache own = backend.newCache(8)) {
            assertThrows(IllegalArgumentException.class, () -> backend.forward(foreign, onePrompt, false));
            backend.forward(own, onePrompt, false);
            assertThrows(IllegalArgumentException.class, () -> backend.decode(List.of(own, own), new int[] {1, 2}));
            assertEquals(onePrompt.length, own.length());
        }
    }
}
