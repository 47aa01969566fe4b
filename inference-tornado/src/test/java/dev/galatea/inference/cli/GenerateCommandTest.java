package dev.galatea.inference.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.galatea.inference.model.ModelFixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class GenerateCommandTest {
    private static final String F16 = ModelFixtures.directory(ModelFixtures.F16).toString();
    private static final String BF16 = ModelFixtures.directory(ModelFixtures.BF16_SHARDED).toString();
    private static final JsonNode F16_GOLDEN = golden(ModelFixtures.F16);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void greedyJsonPrintsTheGoldenIdsAndText() throws IOException {
        JsonNode golden = F16_GOLDEN.get("cases").get(2);
        CliRun run = CliRun.of("generate", "--model", F16, "--ids", ids(golden.get("input_ids")), "--greedy",
                "--max-new-tokens", "16", "--format", "json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode printed = JSON.readTree(run.out());
        assertEquals(golden.get("greedy_new_ids"), printed.get("ids"));
        assertEquals(golden.get("greedy_new_text").asText(), printed.get("text").asText());
        assertEquals("length", printed.get("finish_reason").asText());
        assertEquals(1, run.out().strip().lines().count(), "one JSON object on one line");
    }

    /** The long run repeats tokens, so the Pygmalion repetition_penalty default must not apply to --greedy. */
    @Test
    void greedyIsPlainArgmaxThroughTheLongGoldenRunWithoutTokenizerFiles() throws IOException {
        ModelFixtures.Greedy golden = ModelFixtures.golden(ModelFixtures.BF16_SHARDED).longGreedy();
        CliRun run = CliRun.of("generate", "--model", BF16, "--ids", ids(golden.inputIds()), "--greedy",
                "--max-new-tokens", "100", "--format", "json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode printed = JSON.readTree(run.out());
        assertArrayEquals(golden.greedyNewIds(), ints(printed.get("ids")));
        assertEquals("", printed.get("text").asText());
    }

    @Test
    void explicitRepetitionPenaltyStillAppliesToGreedy() throws IOException {
        ModelFixtures.Greedy golden = ModelFixtures.golden(ModelFixtures.BF16_SHARDED).longGreedy();
        CliRun run = CliRun.of("generate", "--model", BF16, "--ids", ids(golden.inputIds()), "--greedy",
                "--repetition-penalty", "1.3", "--max-new-tokens", "100", "--format", "json");
        assertEquals(0, run.exitCode(), run.err());
        int[] penalised = ints(JSON.readTree(run.out()).get("ids"));
        assertEquals(golden.greedyNewIds()[0], penalised[0], "the prompt's tokens are not the argmax, so step 0 is unchanged");
        assertFalse(Arrays.equals(golden.greedyNewIds(), penalised), "the golden run's repeats are penalised");
    }

    @Test
    void promptTextStreamsTheGoldenContinuationAndReportsSpeeds() {
        JsonNode golden = F16_GOLDEN.get("cases").get(2);
        CliRun run = CliRun.of("generate", "--model", F16, "--prompt", golden.get("text").asText(), "--greedy",
                "--max-new-tokens", "16");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(golden.get("greedy_new_text").asText() + System.lineSeparator(), run.out());
        String report = run.err().lines().toList().getLast();
        assertTrue(report.startsWith("prompt: 39 tokens, "), run.err());
        assertTrue(report.contains("; decode: 16 tokens, "), run.err());
    }

    @Test
    void stopStringCutsTheStreamedTextBeforeIt() {
        JsonNode golden = F16_GOLDEN.get("cases").get(2);
        String text = golden.get("greedy_new_text").asText();
        // " ANGEL cow employed ...": the stop spans the tokens " ANGEL" and " cow".
        String stop = "EL co";
        CliRun run = CliRun.of("generate", "--model", F16, "--prompt", golden.get("text").asText(), "--greedy",
                "--max-new-tokens", "16", "--stop", stop);
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(text.substring(0, text.indexOf(stop)) + System.lineSeparator(), run.out());
        assertTrue(run.err().contains("; decode: 2 tokens, "), run.err());
    }

    @Test
    void bannedWordNeverAppearsWhereGreedyWouldWriteIt() throws IOException {
        JsonNode golden = F16_GOLDEN.get("cases").get(0);
        String greedyText = golden.get("greedy_new_text").asText();
        assertTrue(greedyText.startsWith(" typing or sulf impulses"));
        CliRun run = CliRun.of("generate", "--model", F16, "--ids", ids(golden.get("input_ids")), "--greedy",
                "--max-new-tokens", "16", "--bad-words", "impulses", "--format", "json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode printed = JSON.readTree(run.out());
        String text = printed.get("text").asText();
        assertTrue(text.startsWith(" typing or sulf"), text);
        assertFalse(text.contains("impulses"), text);
        assertNotEquals(greedyText, text);
        assertArrayEquals(Arrays.copyOf(ints(golden.get("greedy_new_ids")), 3), Arrays.copyOf(ints(printed.get("ids")), 3),
                "the ban changes nothing before the banned word");
    }

    @Test
    void batchPrintsTheContinuationsOfSeedAndTheFollowingSeeds() throws IOException {
        String prompt = ids(F16_GOLDEN.get("cases").get(1).get("input_ids"));
        CliRun batch = CliRun.of("generate", "--model", F16, "--ids", prompt, "--max-new-tokens", "12", "--seed", "40",
                "--batch", "3", "--format", "json");
        assertEquals(0, batch.exitCode(), batch.err());
        JsonNode sequences = JSON.readTree(batch.out()).get("sequences");
        assertEquals(3, sequences.size());
        for (int i = 0; i < 3; i++) {
            CliRun single = CliRun.of("generate", "--model", F16, "--ids", prompt, "--max-new-tokens", "12",
                    "--seed", String.valueOf(40 + i), "--format", "json");
            assertEquals(JSON.readTree(single.out()), sequences.get(i), "sequence " + i);
        }
        CliRun text = CliRun.of("generate", "--model", F16, "--ids", prompt, "--max-new-tokens", "12", "--seed", "40",
                "--batch", "3");
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            expected.append("--- sequence ").append(i).append(" (seed ").append(40 + i).append(") ---").append(System.lineSeparator())
                    .append(sequences.get(i).get("text").asText()).append(System.lineSeparator());
        }
        assertEquals(expected.toString(), text.out());
        String report = batch.err().lines().toList().getLast();
        assertTrue(report.startsWith("decode: batch of 3 "), batch.err());
        assertTrue(report.contains("a batch step costs"), batch.err());
    }

    @Test
    void zeroTemperatureDecodesGreedilyAndSaysSo() throws IOException {
        JsonNode golden = F16_GOLDEN.get("cases").get(1);
        CliRun run = CliRun.of("generate", "--model", F16, "--ids", ids(golden.get("input_ids")), "--temperature", "0",
                "--repetition-penalty", "1", "--max-new-tokens", "16", "--format", "json");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("galatea: temperature 0 with sampling means greedy decoding; decoding greedily", run.err().lines().findFirst().orElseThrow());
        assertEquals(golden.get("greedy_new_ids"), JSON.readTree(run.out()).get("ids"));
    }

    static String ids(JsonNode array) {
        return ids(ints(array));
    }

    static String ids(int[] ids) {
        return Arrays.stream(ids).mapToObj(String::valueOf).collect(Collectors.joining(","));
    }

    static int[] ints(JsonNode array) {
        return IntStream.range(0, array.size()).map(i -> array.get(i).asInt()).toArray();
    }

    static JsonNode golden(String fixture) {
        try {
            return new ObjectMapper().readTree(ModelFixtures.directory(fixture).resolve("golden.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
