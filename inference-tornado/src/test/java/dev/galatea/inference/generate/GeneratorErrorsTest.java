package dev.galatea.inference.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.galatea.inference.GalateaException;
import dev.galatea.inference.backend.ForwardResult;
import dev.galatea.inference.backend.KvCache;
import dev.galatea.inference.model.ModelFixtures;
import dev.galatea.inference.sampling.SamplingParams;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Requests the engine cannot serve get a one-line GalateaException, and no KV cache is left behind. */
class GeneratorErrorsTest {
    private static final int[] PROMPT = ModelFixtures.golden(ModelFixtures.TORCHBIN).cases().get(0).inputIds();
    private static final SequenceSpec GREEDY = new SequenceSpec(OpenModel.GREEDY, 0);

    @Test
    void maxNewTokensBeyondTheContextNamesBothNumbers() {
        try (OpenModel open = OpenModel.fixture(ModelFixtures.TORCHBIN)) {
            int context = open.backend().config().nPositions();
            int tooMany = context - PROMPT.length + 1;
            GalateaException error = assertThrows(GalateaException.class,
                    () -> GeneratorGoldenTest.greedy(open.generator(), PROMPT, tooMany));
            assertEquals("max_new_tokens=" + tooMany + " plus the prompt's " + PROMPT.length
                    + " tokens exceeds the model's context of " + context + " positions", error.getMessage());
            assertEquals(context - PROMPT.length,
                    GeneratorGoldenTest.greedy(open.generator(), PROMPT, tooMany - 1).newIds().length, "one fewer fits exactly");
        }
    }

    @Test
    void nanLogitsStopTheGenerationWithAnError() {
        try (OpenModel open = OpenModel.fixture(ModelFixtures.TORCHBIN)) {
            CacheTrackingBackend poisoned = new CacheTrackingBackend(open.backend()) {
                @Override
                public ForwardResult decode(List<KvCache> caches, int[] ids) {
                    ForwardResult real = super.decode(caches, ids);
                    real.logits()[0][123] = Float.NaN;
                    return real;
                }
            };
            List<TokenEvent> events = new ArrayList<>();
            GalateaException error = assertThrows(GalateaException.class, () -> open.generator(poisoned).generate(
                    GenerationRequest.single(PROMPT, new SequenceSpec(OpenModel.PYGMALION, 3), 10, List.of()),
                    events::add, new Cancellation()));
            assertEquals("the model produced NaN logits at step 1", error.getMessage());
            assertEquals(1, events.size(), "only the token before the NaN was published");
            assertEquals(0, poisoned.openCaches());
        }
    }

    @Test
    void failingPrefillStillFreesItsCache() {
        try (OpenModel open = OpenModel.fixture(ModelFixtures.TORCHBIN)) {
            CacheTrackingBackend failing = new CacheTrackingBackend(open.backend()) {
                @Override
                public ForwardResult forward(KvCache cache, int[] ids, boolean allPositions) {
                    throw new GalateaException("the device ran out of memory");
                }
            };
            assertThrows(GalateaException.class, () -> GeneratorGoldenTest.greedy(open.generator(failing), PROMPT, 4));
            assertEquals(1, failing.handedOut.size());
            assertEquals(0, failing.openCaches());
        }
    }

    @Test
    void badWordOutsideTheVocabularyIsRefusedBeforeAnyCacheIsMade() {
        try (OpenModel open = OpenModel.fixture(ModelFixtures.TORCHBIN)) {
            CacheTrackingBackend backend = new CacheTrackingBackend(open.backend());
            SamplingParams banned = OpenModel.GREEDY.withBadWordsIds(List.of(List.of(7, 600)));
            GalateaException error = assertThrows(GalateaException.class, () -> open.generator(backend).generate(
                    new GenerationRequest(PROMPT, List.of(GREEDY, new SequenceSpec(banned, 0)), 4, List.of()),
                    event -> { }, new Cancellation()));
            assertEquals("bad_words_ids holds token id 600, outside the model's vocabulary [0, 500)", error.getMessage());
            assertEquals(0, backend.handedOut.size(), "refused before any cache was made");
        }
    }

    @Test
    void emptyPromptIsRefused() {
        GalateaException error = assertThrows(GalateaException.class,
                () -> GenerationRequest.single(new int[0], GREEDY, 4, List.of()));
        assertEquals("the prompt is empty: a generation needs at least one token to continue", error.getMessage());
    }

    @Test
    void tokenIdOutsideTheVocabularyIsRefusedBeforeAnyPass() {
        try (OpenModel open = OpenModel.fixture(ModelFixtures.TORCHBIN)) {
            CacheTrackingBackend backend = new CacheTrackingBackend(open.backend());
            GalateaException error = assertThrows(GalateaException.class,
                    () -> GeneratorGoldenTest.greedy(open.generator(backend), new int[] {4, 500, 8}, 4));
            assertEquals("token id 500 is outside the model's vocabulary of 500", error.getMessage());
            assertTrue(backend.log.isEmpty());
            assertEquals(0, backend.handedOut.size());
        }
    }

    @Test
    void stopStringsWithoutATokenizerAreRefused() {
        try (OpenModel open = OpenModel.fixture(ModelFixtures.TORCHBIN)) {
            GalateaException error = assertThrows(GalateaException.class, () -> open.generator().generate(
                    GenerationRequest.single(PROMPT, GREEDY, 4, List.of("\nYou:")), event -> { }, new Cancellation()));
            assertEquals("stop strings need a tokenizer, and this model directory has none", error.getMessage());
        }
    }

    @Test
    void zeroMaxNewTokensIsRefused() {
        GalateaException error = assertThrows(GalateaException.class,
                () -> GenerationRequest.single(PROMPT, GREEDY, 0, List.of()));
        assertEquals("max_new_tokens=0 is out of range: it must be at least 1", error.getMessage());
    }
}
