package dev.galatea.inference.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.galatea.inference.GalateaException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GptjTokenizerTest {

    private static Path modelDir;
    private static JsonNode golden;
    private static GptjTokenizer tokenizer;

    @BeforeAll
    static void load() throws IOException, URISyntaxException {
        modelDir = fixtureDir();
        golden = new ObjectMapper().readTree(modelDir.resolve("golden.json").toFile());
        tokenizer = GptjTokenizer.load(modelDir);
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    static Path fixtureDir() throws URISyntaxException {
        return Path.of(GptjTokenizerTest.class.getResource("/fixtures/tiny-gptj-f16").toURI());
    }

    static int[] ints(JsonNode array) {
        int[] result = new int[array.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = array.get(i).asInt();
        }
        return result;
    }

    @Test
    void vocabAndMergesEncodeEveryGoldenTextToItsIds() {
        assertTrue(golden.get("tokenizer").size() >= 7);
        for (JsonNode c : golden.get("tokenizer")) {
            assertArrayEquals(ints(c.get("ids")), tokenizer.encode(c.get("text").asText()), c.get("text").asText());
        }
    }

    @Test
    void decodeGivesBackEveryGoldenTextExactly() {
        for (JsonNode c : golden.get("tokenizer")) {
            String text = c.get("text").asText();
            assertEquals(text, tokenizer.decode(tokenizer.encode(text)));
            assertEquals(text, tokenizer.decode(ints(c.get("ids"))));
        }
    }

    @Test
    void promptCaseTextsEncodeToTheirInputIds() {
        int checked = 0;
        for (JsonNode c : golden.get("cases")) {
            if (c.has("text")) {
                assertArrayEquals(ints(c.get("input_ids")), tokenizer.encode(c.get("text").asText()));
                checked++;
            }
        }
        assertTrue(checked > 0, "golden.json has a case with text");
    }

    @Test
    void greedyContinuationsDecodeToTheirGoldenText() {
        for (JsonNode c : golden.get("cases")) {
            assertEquals(c.get("greedy_new_text").asText(), tokenizer.decode(ints(c.get("greedy_new_ids"))));
        }
    }

    @Test
    void addedTokensFromAddedTokensJsonAreSingleIds() {
        assertEquals(50400, tokenizer.vocabSize());
        assertArrayEquals(new int[] {50256}, tokenizer.encode("<|endoftext|>"));
        assertArrayEquals(new int[] {15496, 50257, 995}, tokenizer.encode("Hello<|extratoken_1|> world"));
        assertEquals("Hello<|extratoken_1|> world<|endoftext|>", tokenizer.decode(new int[] {15496, 50257, 995, 50256}));
        assertEquals(2, tokenizer.countTokens("Hello world"));
    }

    @Test
    void tokenizerJsonInTheDirectoryIsUsedWhenPresent(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("tokenizer.json"), ByteLevelBpeJson.build(modelDir).json());
        try (GptjTokenizer fromJson = GptjTokenizer.load(dir)) {
            assertEquals(50400, fromJson.vocabSize());
            for (JsonNode c : golden.get("tokenizer")) {
                assertArrayEquals(ints(c.get("ids")), fromJson.encode(c.get("text").asText()));
            }
        }
    }

    @Test
    void directoryWithoutTokenizerFilesSaysWhatItNeeds(@TempDir Path dir) {
        GalateaException e = assertThrows(GalateaException.class, () -> GptjTokenizer.load(dir));
        assertEquals("text commands need tokenizer.json or vocab.json+merges.txt in " + dir, e.getMessage());
    }

    @Test
    void malformedMergeLineNamesFileAndLine(@TempDir Path dir) throws IOException {
        Files.copy(modelDir.resolve("vocab.json"), dir.resolve("vocab.json"), StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(dir.resolve("merges.txt"), "#version: 0.2\nĠ t\nĠta\n");
        GalateaException e = assertThrows(GalateaException.class, () -> GptjTokenizer.load(dir));
        assertEquals(dir.resolve("merges.txt") + ": line 3 is not a merge of two tokens: \"Ġta\"", e.getMessage());
    }

    @Test
    void decodingAnIdOutsideTheVocabularyIsAnError() {
        GalateaException e = assertThrows(GalateaException.class, () -> tokenizer.decode(new int[] {15496, 50400}));
        assertEquals("token id 50400 is outside the tokenizer's vocabulary [0, 50400)", e.getMessage());
    }

    @Test
    void streamedDeltasNeverSplitACharacterAndRebuildTheText() {
        for (JsonNode c : golden.get("tokenizer")) {
            String text = c.get("text").asText();
            TextStream stream = tokenizer.textStream();
            StringBuilder rebuilt = new StringBuilder();
            List<String> deltas = new ArrayList<>();
            for (int id : ints(c.get("ids"))) {
                String delta = stream.append(id);
                assertFalse(delta.contains("\uFFFD"), "delta " + delta + " of " + text);
                deltas.add(delta);
                rebuilt.append(delta);
            }
            rebuilt.append(stream.finish());
            assertEquals(text, rebuilt.toString());
        }
    }

    @Test
    void emojiSplitOverTokensIsHeldBackUntilComplete() {
        int[] ids = tokenizer.encode("😀");
        assertTrue(ids.length > 1, "the emoji spans several byte-level tokens");
        TextStream stream = tokenizer.textStream();
        for (int i = 0; i < ids.length - 1; i++) {
            assertEquals("", stream.append(ids[i]));
        }
        assertEquals("😀", stream.append(ids[ids.length - 1]));
    }

    @Test
    void unfinishedCharacterIsFlushedAsReplacementLikeAFullDecode() {
        int[] ids = tokenizer.encode("a😀");
        TextStream stream = tokenizer.textStream();
        String released = stream.append(ids[0]) + stream.append(ids[1]);
        assertEquals(tokenizer.decode(ids, 0, 2), released + stream.finish());
    }
}
