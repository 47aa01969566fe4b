package dev.galatea.inference.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.galatea.inference.model.ModelFixtures;
import dev.galatea.inference.sampling.SamplingParams;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class GeneratorCancellationTest {
    private static final ModelFixtures.Case GOLDEN = ModelFixtures.golden(ModelFixtures.BF16_SHARDED).cases().get(0);

    @Test
    void cancellingFromTheListenerKeepsTheTokensSoFarAndFreesTheCacheAtOnce() {
        int kept = 5;
        try (OpenModel open = OpenModel.fixture(ModelFixtures.BF16_SHARDED)) {
            CacheTrackingBackend backend = new CacheTrackingBackend(open.backend());
            Cancellation cancellation = new Cancellation();
            GenerationResult result = open.generator(backend).generate(
                    GenerationRequest.single(GOLDEN.inputIds(), new SequenceSpec(OpenModel.GREEDY, 0), 20, List.of()),
                    event -> {
                        if (event.index() == kept - 1) {
                            cancellation.cancel();
                            backend.log.add("cancel");
                        }
                    },
                    cancellation).get(0);
            assertEquals(FinishReason.CANCELLED, result.finishReason());
            assertArrayEquals(Arrays.copyOf(GOLDEN.greedyNewIds(), kept), result.newIds());
            assertEquals(1, backend.handedOut.size());
            assertEquals(1, backend.handedOut.get(0).closeCalls);
            List<String> afterCancel = backend.log.subList(backend.log.indexOf("cancel") + 1, backend.log.size());
            assertEquals(List.of("close 0"), afterCancel, "no forward pass runs between the cancel and the release");
        }
    }

    @Test
    void cancellingABatchEndsEverySequenceAndFreesEveryCache() {
        try (OpenModel open = OpenModel.fixture(ModelFixtures.BF16_SHARDED)) {
            CacheTrackingBackend backend = new CacheTrackingBackend(open.backend());
            Cancellation cancellation = new Cancellation();
            List<SequenceSpec> specs = IntStream.range(0, 3).mapToObj(i -> new SequenceSpec(OpenModel.PYGMALION, i)).toList();
            List<GenerationResult> results = open.generator(backend).generate(
                    new GenerationRequest(GOLDEN.inputIds(), specs, 20, List.of()),
                    event -> {
                        if (event.sequence() == 2 && event.index() == 2) {
                            cancellation.cancel();
                        }
                    },
                    cancellation);
            for (GenerationResult result : results) {
                assertEquals(FinishReason.CANCELLED, result.finishReason());
                assertEquals(3, result.newIds().length);
            }
            assertEquals(3, backend.handedOut.size());
            backend.handedOut.forEach(cache -> assertEquals(1, cache.closeCalls, "cache " + cache.number));
            assertEquals(2, backend.log.stream().filter("decode"::equals).count(),
                    "three tokens each: one from the prefill, two from decode steps");
        }
    }

    @Test
    void contrastiveSearchCancelledFreesItsCandidateCachesToo() {
        SamplingParams contrastive = new SamplingParams(1.0, 4, 1.0, 0.0, 1.0, 1.0, 0, 0.6, false, List.of());
        try (OpenModel open = OpenModel.fixture(ModelFixtures.BF16_SHARDED)) {
            CacheTrackingBackend backend = new CacheTrackingBackend(open.backend());
            Cancellation cancellation = new Cancellation();
            GenerationResult result = open.generator(backend).generate(
                    GenerationRequest.single(GOLDEN.inputIds(), new SequenceSpec(contrastive, 0), 20, List.of()),
                    event -> {
                        if (event.index() == 3) {
                            cancellation.cancel();
                        }
                    },
                    cancellation).get(0);
            assertEquals(FinishReason.CANCELLED, result.finishReason());
            assertEquals(4, result.newIds().length);
            assertEquals(1 + 4 * 4, backend.handedOut.size(), "the prompt's cache and four candidates per step");
            assertEquals(0, backend.openCaches());
            backend.handedOut.forEach(cache -> assertEquals(1, cache.closeCalls, "cache " + cache.number));
        }
    }
}
