package dev.galatea.inference.backend.tornado;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.galatea.inference.GalateaException;
import dev.galatea.inference.backend.ForwardResult;
import dev.galatea.inference.backend.KvCache;
import dev.galatea.inference.checkpoint.Checkpoint;
import dev.galatea.inference.checkpoint.Checkpoints;
import dev.galatea.inference.checkpoint.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The whole GPT-J forward pass as the device runs it, kernel by kernel, but on the host: the tornado backend's
 * step list, buffers, KV-cache slots and copies, against golden logits of an independent float64 implementation.
 */
class TornadoBackendOnHostTest {
    private static final List<TinyGptj.Case> CASES = TinyGptj.goldenCases();

    /** 8 rows per step, so the 39-token prompt runs in five chunks; 3 slots of 64 positions. */
    private static TornadoSettings settings(TornadoSettings.MatMulForm form) {
        return new TornadoSettings(8, 3, 64, 32, form, Optional.empty());
    }

    @ParameterizedTest
    @EnumSource(TornadoSettings.MatMulForm.class)
    void lastLogitsMatchTheGoldenValues(TornadoSettings.MatMulForm form) {
        try (TornadoBackend backend = TinyGptj.onHost(settings(form))) {
            for (TinyGptj.Case c : CASES) {
                try (KvCache cache = backend.newCache(64)) {
                    float[] logits = backend.forward(cache, c.inputIds(), false).lastLogits();
                    double difference = TinyGptj.maxAbsDifference(c.lastLogits(), logits);
                    assertTrue(difference <= 2e-3, form + ", " + c.inputIds().length + " tokens: max |Δlogit| " + difference);
                    assertEquals(c.inputIds().length, cache.length());
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TornadoSettings.MatMulForm.class)
    void greedyDecodeThroughTheCacheReproducesTheGoldenIds(TornadoSettings.MatMulForm form) {
        try (TornadoBackend backend = TinyGptj.onHost(settings(form))) {
            for (TinyGptj.Case c : CASES) {
                try (KvCache cache = backend.newCache(64)) {
                    assertArrayEquals(c.greedyNewIds(), greedy(backend, cache, c.inputIds(), c.greedyNewIds().length));
                }
            }
        }
    }

    @Test
    void batchedDecodeRunsEverySequenceInItsOwnSlot() {
        try (TornadoBackend backend = TinyGptj.onHost(settings(TornadoSettings.MatMulForm.WORK_GROUP))) {
            List<KvCache> caches = new ArrayList<>();
            int[] next = new int[CASES.size()];
            for (int i = 0; i < CASES.size(); i++) {
                caches.add(backend.newCache(64));
                next[i] = TinyGptj.argmax(backend.forward(caches.get(i), CASES.get(i).inputIds(), false).lastLogits());
            }
            int steps = CASES.getFirst().greedyNewIds().length;
            int[][] generated = new int[CASES.size()][steps];
            for (int s = 0; s < steps; s++) {
                for (int i = 0; i < CASES.size(); i++) {
                    generated[i][s] = next[i];
                }
                if (s + 1 < steps) {
                    ForwardResult result = backend.decode(caches, next);
                    for (int i = 0; i < CASES.size(); i++) {
                        next[i] = TinyGptj.argmax(result.logits()[i]);
                    }
                }
            }
            for (int i = 0; i < CASES.size(); i++) {
                assertArrayEquals(CASES.get(i).greedyNewIds(), generated[i], "sequence " + i);
            }
        }
    }

    /**
     * A prompt's earlier chunks bring nothing back, its last chunk and a single sequence's decode step one row
     * (vocab_size floats instead of maxRows × vocab_size), a batch or --all-positions every row. What was not
     * brought back is NaN in this runner, so the logits compared here are the ones the device would have sent.
     */
    @Test
    void eachExecutionBringsBackOnlyTheRowsTheCallerUses() {
        TinyGptj.Case c = CASES.get(1);
        List<StepRunner.Output> outputs = new ArrayList<>();
        try (TornadoBackend backend = TinyGptj.onHost(settings(TornadoSettings.MatMulForm.WORK_GROUP), outputs)) {
            outputs.clear();
            KvCache cache = backend.newCache(64);
            float[] last = backend.forward(cache, Arrays.copyOf(c.inputIds(), 20), false).lastLogits();
            assertEquals(List.of(StepRunner.Output.NONE, StepRunner.Output.NONE, StepRunner.Output.LAST_ROW), outputs);
            KvCache copy = cache.copy();
            outputs.clear();
            float[] single = backend.decode(List.of(cache), new int[] {TinyGptj.argmax(last)}).lastLogits();
            assertEquals(List.of(StepRunner.Output.LAST_ROW), outputs);
            outputs.clear();
            KvCache other = backend.newCache(64);
            ForwardResult both = backend.decode(List.of(other, copy), new int[] {7, TinyGptj.argmax(last)});
            assertEquals(List.of(StepRunner.Output.ALL_ROWS), outputs);
            assertArrayEquals(single, both.logits()[1], "the same position decoded alone and in a batch of two");
            other.close();
            outputs.clear();
            ForwardResult all = backend.forward(backend.newCache(64), Arrays.copyOf(c.inputIds(), 20), true);
            assertEquals(List.of(StepRunner.Output.ALL_ROWS, StepRunner.Output.ALL_ROWS, StepRunner.Output.ALL_ROWS), outputs);
            assertArrayEquals(last, all.logits()[19], "the last position with and without --all-positions");
        }
    }

    @Test
    void copiedCacheContinuesExactlyLikeItsSource() {
        TinyGptj.Case c = CASES.get(1);
        try (TornadoBackend backend = TinyGptj.onHost(settings(TornadoSettings.MatMulForm.WORK_GROUP))) {
            KvCache source = backend.newCache(64);
            int first = TinyGptj.argmax(backend.forward(source, c.inputIds(), false).lastLogits());
            KvCache copy = source.copy();
            KvCache copyOfCopy = copy.copy();
            assertEquals(c.inputIds().length, copyOfCopy.length());
            int[] fromSource = continueGreedy(backend, source, first, c.greedyNewIds().length);
            source.close();
            assertArrayEquals(c.greedyNewIds(), fromSource);
            assertArrayEquals(c.greedyNewIds(), continueGreedy(backend, copyOfCopy, first, c.greedyNewIds().length));
            assertArrayEquals(c.greedyNewIds(), continueGreedy(backend, copy, first, c.greedyNewIds().length));
        }
    }

    @Test
    void copyWithMoreRoomContinuesLikeItsSourceWithinTheContextLength() {
        TinyGptj.Case c = CASES.get(1);
        int promptLength = c.inputIds().length;
        try (TornadoBackend backend = TinyGptj.onHost(settings(TornadoSettings.MatMulForm.WORK_GROUP))) {
            KvCache tight = backend.newCache(promptLength);
            int first = TinyGptj.argmax(backend.forward(tight, c.inputIds(), false).lastLogits());
            KvCache grown = tight.copy(promptLength + c.greedyNewIds().length);
            tight.close();
            assertEquals(promptLength + c.greedyNewIds().length, grown.capacity());
            assertArrayEquals(c.greedyNewIds(), continueGreedy(backend, grown, first, c.greedyNewIds().length));
            assertThrows(IllegalArgumentException.class, () -> grown.copy(promptLength - 1));
            GalateaException e = assertThrows(GalateaException.class, () -> grown.copy(65));
            assertEquals("a KV cache of 65 positions does not fit the tornado backend's contextLength 64", e.getMessage());
        }
    }

    /** Rows of one step are computed independently, so chunking a prompt changes no bit of any position's logits. */
    @Test
    void aPromptInChunksGivesTheSameLogitsAsOneTokenAtATime() {
        int[] ids = CASES.get(2).inputIds();
        try (TornadoBackend backend = TinyGptj.onHost(settings(TornadoSettings.MatMulForm.WORK_GROUP))) {
            KvCache chunked = backend.newCache(64);
            KvCache single = backend.newCache(64);
            ForwardResult all = backend.forward(chunked, ids, true);
            assertEquals(ids.length, all.logits().length);
            for (int i = 0; i < ids.length; i++) {
                ForwardResult one = backend.forward(single, new int[] {ids[i]}, false);
                assertArrayEquals(one.lastLogits(), all.logits()[i], "position " + i);
                assertArrayEquals(one.lastHidden(), all.hidden()[i], "position " + i);
            }
        }
    }

    @Test
    void truncatedCacheRecomputesFromTheCut() {
        int[] ids = CASES.get(1).inputIds();
        try (TornadoBackend backend = TinyGptj.onHost(settings(TornadoSettings.MatMulForm.WORK_GROUP))) {
            KvCache cache = backend.newCache(64);
            float[] whole = backend.forward(cache, ids, false).lastLogits();
            backend.forward(cache, new int[] {1, 2, 3}, false);
            cache.truncate(3);
            float[] again = backend.forward(cache, Arrays.copyOfRange(ids, 3, ids.length), false).lastLogits();
            assertArrayEquals(whole, again);
        }
    }

    /** The hidden state returned is ln_f's output: lm_head applied to it gives the logits. */
    @Test
    void hiddenStateIsWhatLmHeadTurnsIntoTheLogits() {
        try (TornadoBackend backend = TinyGptj.onHost(settings(TornadoSettings.MatMulForm.WORK_GROUP));
             Checkpoint checkpoint = Checkpoints.open(TinyGptj.MODEL)) {
            ForwardResult result = backend.forward(backend.newCache(64), CASES.get(1).inputIds(), false);
            Tensor lmHead = checkpoint.tensor("lm_head.weight");
            Tensor bias = checkpoint.tensor("lm_head.bias");
            int e = backend.config().nEmbd();
            for (int v : new int[] {0, 17, 50399, TinyGptj.argmax(result.lastLogits())}) {
                double logit = bias.getFloat(v);
                for (int k = 0; k < e; k++) {
                    logit += (double) lmHead.getFloat((long) v * e + k) * result.lastHidden()[k];
                }
                assertEquals(logit, result.lastLogits()[v], 1e-4, "logit " + v);
            }
        }
    }

    @Test
    void tokenOutsideTheVocabularyIsRefusedWithItsId() {
        try (TornadoBackend backend = TinyGptj.onHost(settings(TornadoSettings.MatMulForm.WORK_GROUP))) {
            GalateaException e = assertThrows(GalateaException.class,
                    () -> backend.forward(backend.newCache(8), new int[] {5, 50400}, false));
            assertEquals("token id 50400 is outside the model's vocabulary (0..50399)", e.getMessage());
        }
    }

    @Test
    void sequenceLongerThanItsCacheIsRefused() {
        try (TornadoBackend backend = TinyGptj.onHost(settings(TornadoSettings.MatMulForm.WORK_GROUP))) {
            KvCache cache = backend.newCache(4);
            backend.forward(cache, new int[] {1, 2, 3}, false);
            GalateaException e = assertThrows(GalateaException.class, () -> backend.forward(cache, new int[] {4, 5}, false));
            assertEquals("the sequence would reach 5 positions, beyond its KV cache of 4", e.getMessage());
            assertEquals(3, cache.length(), "a refused forward leaves the cache as it was");
        }
    }

    @Test
    void cachesBeyondTheDeviceSlotsAreRefusedUntilOneCloses() {
        try (TornadoBackend backend = TinyGptj.onHost(settings(TornadoSettings.MatMulForm.WORK_GROUP))) {
            KvCache first = backend.newCache(64);
            backend.newCache(64);
            backend.newCache(64);
            GalateaException e = assertThrows(GalateaException.class, () -> backend.newCache(64));
            assertEquals("all 3 KV cache slots of the tornado backend are in use; close a sequence or raise the tornado slots",
                    e.getMessage());
            first.close();
            assertEquals(0, backend.newCache(64).length());
            assertThrows(GalateaException.class, () -> backend.newCache(65));
        }
    }

    private static int[] greedy(TornadoBackend backend, KvCache cache, int[] prompt, int count) {
        int first = TinyGptj.argmax(backend.forward(cache, prompt, false).lastLogits());
        return continueGreedy(backend, cache, first, count);
    }

    private static int[] continueGreedy(TornadoBackend backend, KvCache cache, int first, int count) {
        int[] ids = new int[count];
        ids[0] = first;
        for (int i = 1; i < count; i++) {
            ids[i] = TinyGptj.argmax(backend.decode(List.of(cache), new int[] {ids[i - 1]}).lastLogits());
        }
        return ids;
    }
}
