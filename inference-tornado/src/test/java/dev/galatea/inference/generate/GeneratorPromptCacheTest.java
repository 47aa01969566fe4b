package dev.galatea.inference.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.galatea.inference.GalateaException;
import dev.galatea.inference.model.ModelFixtures;
import dev.galatea.inference.sampling.SamplingParams;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A generator that keeps the last prompt's KV cache: the next prompt runs only the tokens after the part it shares,
 * and still continues exactly as the golden reference does from the whole prompt.
 */
class GeneratorPromptCacheTest {
    /** The 100-token greedy run of the reference through its KV cache: turns of a chat cut out of it stay golden. */
    private static final ModelFixtures.Greedy LONG = ModelFixtures.golden(ModelFixtures.BF16_SHARDED).longGreedy();
    /** The fixture's 33-token prompt. */
    private static final ModelFixtures.Case CASE = ModelFixtures.golden(ModelFixtures.BF16_SHARDED).cases().get(1);
    private static final SamplingParams CONTRASTIVE = new SamplingParams(1.0, 4, 1.0, 0.0, 1.0, 1.0, 0, 0.6, false, List.of());

    @Test
    void aChatTurnThatExtendsTheLastOneRunsOnlyItsNewTokensAndContinuesTheGoldenRun() {
        int[] prompt = LONG.inputIds();
        int[] golden = LONG.greedyNewIds();
        try (OpenModel open = OpenModel.fixture(ModelFixtures.BF16_SHARDED)) {
            CacheTrackingBackend backend = new CacheTrackingBackend(open.backend());
            try (Generator generator = Generator.keepingPrompts(backend, open.tokenizer())) {
                GenerationResult first = greedy(generator, prompt, 30);
                assertArrayEquals(Arrays.copyOf(golden, 30), first.newIds());
                assertEquals(0, first.cachedPromptTokens());

                // The reply's 30 tokens and 10 more (the user's message) come back as the next prompt, which needs
                // more room than the kept cache has. The reply's last token was sampled but never run.
                int[] next = concat(prompt, Arrays.copyOf(golden, 40));
                GenerationResult second = greedy(generator, next, 30);
                assertArrayEquals(Arrays.copyOfRange(golden, 40, 70), second.newIds());
                assertEquals(prompt.length + 29, second.cachedPromptTokens());
                assertEquals(next.length, second.promptTokens());
                assertEquals(List.of(prompt.length, 11), backend.forwardTokens.subList(0, 2));

                GenerationResult regenerated = greedy(generator, next, 30);
                assertArrayEquals(second.newIds(), regenerated.newIds());
                assertEquals(next.length - 1, regenerated.cachedPromptTokens(), "the prompt's last token runs again for its logits");
                assertEquals(1, backend.forwardTokens.get(2));
                assertEquals(1, backend.openCaches(), "one cache is kept between generations");
            }
            assertEquals(0, backend.openCaches(), "closing the generator frees the kept cache");
        }
    }

    @Test
    void aPromptThatDivergesRunsFromWhereItLeavesTheKeptOneAndEndsAsTheGoldenCase() {
        int[] prompt = CASE.inputIds();
        int[] edited = editedAt(prompt, prompt.length - 3);
        try (OpenModel open = OpenModel.fixture(ModelFixtures.BF16_SHARDED)) {
            CacheTrackingBackend backend = new CacheTrackingBackend(open.backend());
            try (Generator generator = Generator.keepingPrompts(backend, open.tokenizer())) {
                greedy(generator, edited, 5);
                GenerationResult result = greedy(generator, prompt, CASE.greedyNewIds().length);
                assertArrayEquals(CASE.greedyNewIds(), result.newIds());
                assertEquals(prompt.length - 3, result.cachedPromptTokens());
                assertEquals(3, backend.forwardTokens.get(1));
            }
        }
    }

    @Test
    void aSampledRegenerateWithTheSameSeedGivesTheSameReply() {
        int[] prompt = CASE.inputIds();
        SequenceSpec seeded = new SequenceSpec(OpenModel.PYGMALION, 7);
        try (OpenModel open = OpenModel.fixture(ModelFixtures.BF16_SHARDED);
             Generator keeping = Generator.keepingPrompts(open.backend(), open.tokenizer())) {
            GenerationResult fresh = open.generator().generate(GenerationRequest.single(prompt, seeded, 20, List.of()),
                    event -> { }, new Cancellation()).get(0);
            for (int i = 0; i < 2; i++) {
                GenerationResult kept = keeping.generate(GenerationRequest.single(prompt, seeded, 20, List.of()),
                        event -> { }, new Cancellation()).get(0);
                assertArrayEquals(fresh.newIds(), kept.newIds());
                assertEquals(i == 0 ? 0 : prompt.length - 1, kept.cachedPromptTokens());
            }
        }
    }

    @Test
    void aBatchStartsFromTheKeptPromptAndEachSequenceMatchesItsRunWithoutIt() {
        int[] prompt = CASE.inputIds();
        List<SequenceSpec> seeds = IntStream.range(0, 3).mapToObj(i -> new SequenceSpec(OpenModel.PYGMALION, i)).toList();
        GenerationRequest batch = new GenerationRequest(prompt, seeds, 12, List.of());
        try (OpenModel open = OpenModel.fixture(ModelFixtures.BF16_SHARDED);
             Generator keeping = Generator.keepingPrompts(open.backend(), open.tokenizer())) {
            List<GenerationResult> expected = open.generator().generate(batch, event -> { }, new Cancellation());
            greedy(keeping, editedAt(prompt, prompt.length - 2), 4);
            List<GenerationResult> results = keeping.generate(batch, event -> { }, new Cancellation());
            for (int i = 0; i < seeds.size(); i++) {
                assertArrayEquals(expected.get(i).newIds(), results.get(i).newIds(), "sequence " + i);
                assertEquals(prompt.length - 2, results.get(i).cachedPromptTokens());
            }
        }
    }

    /** Contrastive search scores candidates against every prompt position's hidden state, so it runs the whole prompt. */
    @Test
    void contrastiveSearchFreesTheKeptCacheAndRunsTheWholePrompt() {
        int[] prompt = CASE.inputIds();
        SequenceSpec contrastive = new SequenceSpec(CONTRASTIVE, 0);
        try (OpenModel open = OpenModel.fixture(ModelFixtures.BF16_SHARDED)) {
            GenerationResult expected = open.generator().generate(GenerationRequest.single(prompt, contrastive, 10, List.of()),
                    event -> { }, new Cancellation()).get(0);
            CacheTrackingBackend backend = new CacheTrackingBackend(open.backend());
            try (Generator generator = Generator.keepingPrompts(backend, open.tokenizer())) {
                greedy(generator, prompt, 5);
                backend.log.add("contrastive");
                GenerationResult result = generator.generate(GenerationRequest.single(prompt, contrastive, 10, List.of()),
                        event -> { }, new Cancellation()).get(0);
                assertArrayEquals(expected.newIds(), result.newIds());
                assertEquals(0, result.cachedPromptTokens());
                assertEquals(prompt.length, backend.forwardTokens.get(1));
                List<String> after = backend.log.subList(backend.log.indexOf("contrastive") + 1, backend.log.size());
                assertEquals(List.of("close 0", "forward"), after.subList(0, 2), "the kept cache is freed before the prefill");
            }
        }
    }

    @Test
    void aRefusedRequestLeavesTheKeptPromptForTheNextOne() {
        int[] prompt = CASE.inputIds();
        try (OpenModel open = OpenModel.fixture(ModelFixtures.BF16_SHARDED);
             Generator generator = Generator.keepingPrompts(open.backend(), open.tokenizer())) {
            greedy(generator, prompt, 5);
            int context = open.backend().config().nPositions();
            assertThrows(GalateaException.class, () -> greedy(generator, prompt, context));
            assertEquals(prompt.length - 1, greedy(generator, prompt, 5).cachedPromptTokens());
        }
    }

    private static GenerationResult greedy(Generator generator, int[] prompt, int newTokens) {
        return GeneratorGoldenTest.greedy(generator, prompt, newTokens);
    }

    /** The prompt with a different token at {@code position}. */
    private static int[] editedAt(int[] prompt, int position) {
        int[] edited = prompt.clone();
        edited[position] = (edited[position] + 1) % 1000;
        return edited;
    }

    private static int[] concat(int[] a, int[] b) {
        int[] joined = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }
}
