package dev.galatea.inference.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.galatea.inference.model.ModelFixtures;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stop strings, EOS and max_new_tokens end a sequence, each with its finish reason. */
class GeneratorStoppingTest {
    private static final ModelFixtures.Case GOLDEN = ModelFixtures.golden(ModelFixtures.F16).cases().get(0);
    private static final String GOLDEN_TEXT = OpenModel.greedyNewTexts(ModelFixtures.F16).get(0);

    @Test
    void stopStringSpanningTwoTokensEndsTheTextBeforeIt() {
        int[] golden = GOLDEN.greedyNewIds();
        try (OpenModel open = OpenModel.fixture(ModelFixtures.F16)) {
            String third = open.tokenizer().decode(new int[] {golden[2]});
            String fourth = open.tokenizer().decode(new int[] {golden[3]});
            // The end of the third token and the start of the fourth: only the fourth token completes it.
            String stop = third.substring(third.length() - 2) + fourth.substring(0, 3);
            int stopAt = GOLDEN_TEXT.indexOf(stop);
            assertTrue(stopAt >= open.tokenizer().decode(Arrays.copyOf(golden, 2)).length()
                    && stopAt < open.tokenizer().decode(Arrays.copyOf(golden, 3)).length(), "the stop starts in the third token");
            List<TokenEvent> events = new ArrayList<>();
            GenerationResult result = open.generator().generate(
                    GenerationRequest.single(GOLDEN.inputIds(), new SequenceSpec(OpenModel.GREEDY, 0), golden.length,
                            List.of("never appears", stop)),
                    events::add, new Cancellation()).get(0);
            assertEquals(FinishReason.STOP, result.finishReason());
            assertEquals(GOLDEN_TEXT.substring(0, stopAt), result.text());
            assertArrayEquals(Arrays.copyOf(golden, 4), result.newIds(), "the token that completes the stop string is the last");
            assertEquals(4, events.size());
        }
    }

    @Test
    void eosTokenEndsTheSequenceAndIsLeftOutOfTheText(@TempDir Path temp) throws IOException {
        int[] golden = GOLDEN.greedyNewIds();
        int eos = golden[2];
        Path model = ModelFixtures.copy(ModelFixtures.F16, temp);
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode config = (ObjectNode) mapper.readTree(model.resolve("config.json").toFile());
        config.put("eos_token_id", eos);
        mapper.writeValue(model.resolve("config.json").toFile(), config);
        try (OpenModel open = OpenModel.at(model)) {
            GenerationResult result = GeneratorGoldenTest.greedy(open.generator(), GOLDEN.inputIds(), golden.length);
            assertEquals(FinishReason.EOS, result.finishReason());
            assertArrayEquals(Arrays.copyOf(golden, 3), result.newIds(), "the EOS id is returned, as Hugging Face does");
            String beforeEos = open.tokenizer().decode(Arrays.copyOf(golden, 2));
            assertEquals(beforeEos, result.text());
            assertTrue(GOLDEN_TEXT.startsWith(beforeEos + open.tokenizer().decode(new int[] {eos})));
        }
    }

    @Test
    void maxNewTokensEndsWithLengthAndKeepsTheWholeText() {
        try (OpenModel open = OpenModel.fixture(ModelFixtures.F16)) {
            GenerationResult result = GeneratorGoldenTest.greedy(open.generator(), GOLDEN.inputIds(), 5);
            assertEquals(FinishReason.LENGTH, result.finishReason());
            assertArrayEquals(Arrays.copyOf(GOLDEN.greedyNewIds(), 5), result.newIds());
            assertEquals(open.tokenizer().decode(result.newIds()), result.text());
            assertFalse(result.text().isEmpty());
        }
    }
}
