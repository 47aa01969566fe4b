package dev.galatea.inference.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.galatea.inference.model.ModelFixtures;
import dev.galatea.inference.sampling.SamplingParams;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A batch shares one prefill and steps together, yet each sequence must come out as if it ran alone. */
class GeneratorBatchTest {
    private static final int NEW_TOKENS = 24;

    @Test
    void batchOfSeedsGivesTheIdsOfSingleRunsWithThoseSeeds() {
        int[] prompt = ModelFixtures.golden(ModelFixtures.F16).cases().get(2).inputIds();
        long firstSeed = 7;
        int n = 4;
        try (OpenModel open = OpenModel.fixture(ModelFixtures.F16)) {
            Generator generator = open.generator();
            List<SequenceSpec> specs = IntStream.range(0, n)
                    .mapToObj(i -> new SequenceSpec(OpenModel.PYGMALION, firstSeed + i)).toList();
            List<GenerationResult> batch = generator.generate(
                    new GenerationRequest(prompt, specs, NEW_TOKENS, List.of()), event -> { }, new Cancellation());
            assertEquals(n, batch.size());
            Set<String> distinct = new HashSet<>();
            for (int i = 0; i < n; i++) {
                GenerationResult single = run(generator, prompt, specs.get(i));
                assertArrayEquals(single.newIds(), batch.get(i).newIds(), "seed " + (firstSeed + i));
                assertEquals(single.text(), batch.get(i).text());
                assertEquals(NEW_TOKENS, batch.get(i).newIds().length);
                distinct.add(Arrays.toString(batch.get(i).newIds()));
            }
            assertEquals(n, distinct.size(), "different seeds draw different continuations");
        }
    }

    @Test
    void sameSeedTwiceGivesTheSameText() {
        int[] prompt = ModelFixtures.golden(ModelFixtures.F16).cases().get(1).inputIds();
        try (OpenModel open = OpenModel.fixture(ModelFixtures.F16)) {
            SequenceSpec spec = new SequenceSpec(OpenModel.PYGMALION, 1234);
            GenerationResult first = run(open.generator(), prompt, spec);
            GenerationResult second = run(open.generator(), prompt, spec);
            assertFalse(first.text().isEmpty());
            assertEquals(first.text(), second.text());
            assertArrayEquals(first.newIds(), second.newIds());
            assertNotEquals(first.text(), run(open.generator(), prompt, new SequenceSpec(OpenModel.PYGMALION, 1235)).text());
        }
    }

    @Test
    void sequencesWithDifferentSettingsInOneBatchEachMatchTheirSingleRun() {
        ModelFixtures.Case golden = ModelFixtures.golden(ModelFixtures.BF16_SHARDED).cases().get(1);
        SamplingParams hot = new SamplingParams(1.3, 40, 0.95, 0.0, 1.0, 1.2, 0, 0.0, true, List.of());
        SamplingParams contrastive = new SamplingParams(1.0, 4, 1.0, 0.0, 1.0, 1.0, 0, 0.6, false, List.of());
        List<SequenceSpec> specs = List.of(
                new SequenceSpec(OpenModel.GREEDY, 0),
                new SequenceSpec(OpenModel.PYGMALION, 99),
                new SequenceSpec(hot, 99),
                new SequenceSpec(contrastive, 0));
        try (OpenModel open = OpenModel.fixture(ModelFixtures.BF16_SHARDED)) {
            Generator generator = open.generator();
            List<TokenEvent> events = new ArrayList<>();
            List<GenerationResult> batch = generator.generate(
                    new GenerationRequest(golden.inputIds(), specs, golden.greedyNewIds().length, List.of()),
                    events::add, new Cancellation());
            assertArrayEquals(golden.greedyNewIds(), batch.get(0).newIds(), "the greedy member still follows golden.json");
            for (int i = 1; i < specs.size(); i++) {
                assertArrayEquals(run(generator, golden.inputIds(), specs.get(i), golden.greedyNewIds().length).newIds(),
                        batch.get(i).newIds(), "sequence " + i + " " + specs.get(i));
            }
            assertNotEquals(Arrays.toString(batch.get(1).newIds()), Arrays.toString(batch.get(2).newIds()),
                    "one seed under different settings gives different tokens");
            for (int i = 0; i < specs.size(); i++) {
                int sequence = i;
                assertArrayEquals(batch.get(i).newIds(),
                        events.stream().filter(e -> e.sequence() == sequence).mapToInt(TokenEvent::tokenId).toArray(),
                        "every token of sequence " + i + " was streamed, in order");
            }
        }
    }

    private static GenerationResult run(Generator generator, int[] prompt, SequenceSpec spec) {
        return run(generator, prompt, spec, NEW_TOKENS);
    }

    private static GenerationResult run(Generator generator, int[] prompt, SequenceSpec spec, int newTokens) {
        return generator.generate(GenerationRequest.single(prompt, spec, newTokens, List.of()), event -> { }, new Cancellation()).get(0);
    }
}
