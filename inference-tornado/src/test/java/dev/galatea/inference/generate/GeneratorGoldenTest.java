package dev.galatea.inference.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.galatea.inference.model.ModelFixtures;
import dev.galatea.inference.model.ModelFixtures.Case;
import dev.galatea.inference.model.ModelFixtures.Golden;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Greedy generation through the Generator (prefill, then KV-cache decode steps) against golden.json. */
class GeneratorGoldenTest {

    @ParameterizedTest
    @ValueSource(strings = {ModelFixtures.F16, ModelFixtures.BF16_SHARDED, ModelFixtures.TORCHBIN})
    void greedyGenerationReproducesEveryGoldenContinuation(String fixture) {
        Golden golden = ModelFixtures.golden(fixture);
        List<ModelFixtures.Greedy> runs = new ArrayList<>();
        golden.cases().forEach(c -> runs.add(new ModelFixtures.Greedy(c.inputIds(), c.greedyNewIds())));
        if (golden.longGreedy() != null) {
            runs.add(golden.longGreedy());
        }
        try (OpenModel open = OpenModel.fixture(fixture)) {
            for (ModelFixtures.Greedy run : runs) {
                int[] expected = run.greedyNewIds();
                GenerationResult result = greedy(open.generator(), run.inputIds(), expected.length);
                assertArrayEquals(expected, result.newIds(), fixture + " prompt of " + run.inputIds().length + " tokens");
                assertEquals(FinishReason.LENGTH, result.finishReason());
                assertEquals(run.inputIds().length, result.promptTokens());
            }
        }
        if (fixture.equals(ModelFixtures.BF16_SHARDED)) {
            assertEquals(100, golden.longGreedy().greedyNewIds().length, "the long run goes 100 tokens through the cache");
        }
    }

    @Test
    void greedyTextOfTheRealVocabularyEqualsGoldenText() {
        List<Case> cases = ModelFixtures.golden(ModelFixtures.F16).cases();
        List<String> texts = OpenModel.greedyNewTexts(ModelFixtures.F16);
        try (OpenModel open = OpenModel.fixture(ModelFixtures.F16)) {
            for (int i = 0; i < cases.size(); i++) {
                List<TokenEvent> events = new ArrayList<>();
                GenerationResult result = open.generator().generate(
                        GenerationRequest.single(cases.get(i).inputIds(), new SequenceSpec(OpenModel.GREEDY, 0),
                                cases.get(i).greedyNewIds().length, List.of()),
                        events::add, new Cancellation()).get(0);
                assertEquals(texts.get(i), result.text());
                assertEquals(texts.get(i), String.join("", events.stream().map(TokenEvent::text).toList()),
                        "the streamed deltas add up to the text");
                assertArrayEquals(cases.get(i).greedyNewIds(), events.stream().mapToInt(TokenEvent::tokenId).toArray());
                assertEquals(cases.get(i).greedyNewIds()[0], events.get(0).top().get(0).tokenId(),
                        "greedy takes the most likely token");
            }
        }
    }

    static GenerationResult greedy(Generator generator, int[] prompt, int newTokens) {
        return generator.generate(GenerationRequest.single(prompt, new SequenceSpec(OpenModel.GREEDY, 0), newTokens, List.of()),
                event -> { }, new Cancellation()).get(0);
    }
}
