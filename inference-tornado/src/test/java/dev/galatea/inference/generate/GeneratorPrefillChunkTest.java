package dev.galatea.inference.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.galatea.inference.model.ModelFixtures;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A prompt longer than a prefill chunk runs chunk by chunk (here 8 tokens, so the fixture's 33-token prompt takes
 * five passes), says how far it has read, continues exactly as the golden reference does from the whole prompt, and
 * hears a Stop between chunks.
 */
class GeneratorPrefillChunkTest {
    /** The fixture's 33-token prompt, with its golden greedy continuation. */
    private static final ModelFixtures.Case CASE = ModelFixtures.golden(ModelFixtures.BF16_SHARDED).cases().get(1);
    private static final int CHUNK = 8;

    @Test
    void aPromptLongerThanAChunkRunsInChunksAndContinuesTheGoldenCase() {
        int[] prompt = CASE.inputIds();
        try (OpenModel open = OpenModel.fixture(ModelFixtures.BF16_SHARDED)) {
            CacheTrackingBackend backend = new CacheTrackingBackend(open.backend());
            List<Integer> read = new ArrayList<>();
            GenerationResult result = new Generator(backend, open.tokenizer(), false, CHUNK).generate(
                    GenerationRequest.single(prompt, new SequenceSpec(OpenModel.GREEDY, 0), CASE.greedyNewIds().length,
                            List.of()),
                    new GenerationListener() {
                        @Override
                        public void promptRead(int tokens, int total) {
                            assertEquals(prompt.length, total);
                            read.add(tokens);
                        }

                        @Override
                        public void token(TokenEvent event) {
                        }
                    }, new Cancellation()).get(0);

            assertEquals(33, prompt.length);
            assertArrayEquals(CASE.greedyNewIds(), result.newIds());
            assertEquals(List.of(8, 8, 8, 8, 1), backend.forwardTokens);
            assertEquals(List.of(0, 8, 16, 24, 32, 33), read);
        }
    }

    @Test
    void aStopWhileThePromptIsReadEndsWithNoTokensAndTheNextSendGoesOnFromWhereItStopped() {
        int[] prompt = CASE.inputIds();
        try (OpenModel open = OpenModel.fixture(ModelFixtures.BF16_SHARDED)) {
            CacheTrackingBackend backend = new CacheTrackingBackend(open.backend());
            try (Generator generator = new Generator(backend, open.tokenizer(), true, CHUNK)) {
                Cancellation stop = new Cancellation();
                List<String> heard = new ArrayList<>();
                GenerationResult stopped = generator.generate(
                        GenerationRequest.single(prompt, new SequenceSpec(OpenModel.GREEDY, 0), 5, List.of()),
                        new GenerationListener() {
                            @Override
                            public void promptRead(int tokens, int total) {
                                if (tokens == 16) {
                                    stop.cancel();
                                }
                            }

                            @Override
                            public void token(TokenEvent event) {
                                heard.add(event.text());
                            }
                        }, stop).get(0);

                assertEquals(FinishReason.CANCELLED, stopped.finishReason());
                assertArrayEquals(new int[0], stopped.newIds());
                assertEquals(List.of(), heard);
                assertEquals(List.of(8, 8), backend.forwardTokens, "no chunk runs after the Stop");
                assertEquals(1, backend.openCaches(), "the 16 tokens read are kept");

                GenerationResult again = generator.generate(GenerationRequest.single(prompt,
                        new SequenceSpec(OpenModel.GREEDY, 0), CASE.greedyNewIds().length, List.of()),
                        event -> { }, new Cancellation()).get(0);
                assertEquals(16, again.cachedPromptTokens());
                assertEquals(List.of(8, 8, 8, 8, 1), backend.forwardTokens);
                assertArrayEquals(CASE.greedyNewIds(), again.newIds());
            }
            assertEquals(0, backend.openCaches());
        }
    }

    @Test
    void withoutAKeptPromptAStopWhileReadingFreesTheCache() {
        int[] prompt = CASE.inputIds();
        try (OpenModel open = OpenModel.fixture(ModelFixtures.BF16_SHARDED)) {
            CacheTrackingBackend backend = new CacheTrackingBackend(open.backend());
            Cancellation stop = new Cancellation();
            List<GenerationResult> results = new Generator(backend, open.tokenizer(), false, CHUNK).generate(
                    new GenerationRequest(prompt, List.of(new SequenceSpec(OpenModel.GREEDY, 0),
                            new SequenceSpec(OpenModel.PYGMALION, 1)), 5, List.of()),
                    new GenerationListener() {
                        @Override
                        public void promptRead(int tokens, int total) {
                            stop.cancel();
                        }

                        @Override
                        public void token(TokenEvent event) {
                        }
                    }, stop);

            assertEquals(List.of(FinishReason.CANCELLED, FinishReason.CANCELLED),
                    results.stream().map(GenerationResult::finishReason).toList());
            assertEquals(List.of(), backend.forwardTokens, "the Stop came before the first chunk");
            assertEquals(1, backend.handedOut.size());
            assertEquals(1, backend.handedOut.get(0).closeCalls);
            assertEquals(Arrays.asList(33, 33), results.stream().map(GenerationResult::promptTokens).toList());
        }
    }
}
