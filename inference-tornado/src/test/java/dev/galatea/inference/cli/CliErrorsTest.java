package dev.galatea.inference.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.galatea.inference.model.ModelFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every mistake a user can make on the command line gets one line on stderr that names it, and exit code 2. */
class CliErrorsTest {
    private static final String F16 = ModelFixtures.directory(ModelFixtures.F16).toString();
    private static final String BF16 = ModelFixtures.directory(ModelFixtures.BF16_SHARDED).toString();

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            --top-p              | 1.5  | galatea: top_p=1.5 is out of range: top_p must be in (0, 1]
            --top-p              | 0    | galatea: top_p=0.0 is out of range: top_p must be in (0, 1]
            --typical-p          | 1.01 | galatea: typical_p=1.01 is out of range: typical_p must be in (0, 1]
            --min-p              | -0.1 | galatea: min_p=-0.1 is out of range: min_p must be in [0, 1]
            --top-k              | -3   | galatea: top_k=-3 is out of range: top_k must be >= 0 (0 turns it off)
            --temperature        | -0.5 | galatea: temperature=-0.5 is out of range: temperature must be >= 0 (0 means greedy)
            --repetition-penalty | 0    | galatea: repetition_penalty=0.0 is out of range: repetition_penalty must be > 0 (1 turns it off)
            --penalty-alpha      | 2    | galatea: penalty_alpha=2.0 is out of range: penalty_alpha must be in [0, 1]
            --no-repeat-ngram-size | -1 | galatea: no_repeat_ngram_size=-1 is out of range: no_repeat_ngram_size must be >= 0 (0 turns it off)
            --batch              | 17   | galatea: --batch must be between 1 and 16, not 17
            --format             | xml  | galatea: --format must be text or json, not "xml"
            """)
    void outOfRangeGenerateSettingGetsOneLineNamingItBeforeTheModelLoads(String option, String value, String message) {
        List<String> args = new ArrayList<>(List.of("generate", "--model", F16, "--ids", "15496,995,11,703,389,345,30",
                "--max-new-tokens", "4", option, value));
        if (!option.equals("--format")) {
            args.addAll(List.of("--format", "json"));
        }
        assertOneLineError(CliRun.of(args.toArray(String[]::new)), message);
    }

    @Test
    void maxNewTokensBeyondTheContextNamesBothNumbers() {
        assertErrorAfterLoading(CliRun.of("generate", "--model", F16, "--ids", "15496,995,11,703,389,345,30",
                        "--max-new-tokens", "250", "--format", "json"),
                "galatea: max_new_tokens=250 plus the prompt's 7 tokens exceeds the model's context of 256 positions");
        assertErrorAfterLoading(CliRun.of("generate", "--model", F16, "--ids", "1", "--max-new-tokens", "0"),
                "galatea: max_new_tokens=0 is out of range: it must be at least 1");
    }

    @Test
    void benchPromptThatLeavesNoRoomForItsStepsOrItsChatTurnIsRefused() {
        assertErrorAfterLoading(CliRun.of("bench", "--model", F16, "--prompt-tokens", "200", "--new-tokens", "60"),
                "galatea: --prompt-tokens + --new-tokens + 3 warm-up steps = 263 exceeds the model's context of 256 positions");
        assertErrorAfterLoading(CliRun.of("bench", "--model", F16, "--prompt-tokens", "220", "--new-tokens", "4"),
                "galatea: --prompt-tokens 220 leaves no room in the model's context of 256 positions for the chat turn"
                        + " after it (8 tokens of reply and 32 of message)");
    }

    @Test
    void tokenIdOutsideTheVocabularyIsNamed() {
        assertErrorAfterLoading(CliRun.of("generate", "--model", BF16, "--ids", "1,1000", "--greedy", "--max-new-tokens", "4",
                        "--format", "json"),
                "galatea: token id 1000 is outside the model's vocabulary of 1000");
        assertErrorAfterLoading(CliRun.of("logits", "--model", BF16, "--ids", "1,-2"),
                "galatea: --ids: token id -2 is outside the model's vocabulary of 1000");
    }

    @Test
    void malformedIdsAreNamed() {
        assertOneLineError(CliRun.of("logits", "--model", BF16, "--ids", "1,two,3"),
                "galatea: --ids must be comma-separated token ids such as 1,2,3, not \"1,two,3\"");
    }

    @Test
    void unknownWarpSettingIsNamed() {
        assertOneLineError(CliRun.of("logits", "--model", BF16, "--ids", "1,2", "--warp", "top_q=0.5"),
                "galatea: unknown sampling setting \"top_q\"; known settings: temperature, top_k, top_p, min_p, typical_p, "
                        + "repetition_penalty, no_repeat_ngram_size, penalty_alpha, do_sample");
        assertOneLineError(CliRun.of("logits", "--model", BF16, "--ids", "1,2", "--warp", "top_p=2"),
                "galatea: top_p=2.0 is out of range: top_p must be in (0, 1]");
    }

    @Test
    void emptyPromptIsRefused() {
        assertErrorAfterLoading(CliRun.of("generate", "--model", F16, "--prompt", "", "--max-new-tokens", "4"),
                "galatea: the prompt is empty: a generation needs at least one token to continue");
    }

    @Test
    void textPromptWithoutTokenizerFilesSaysSo() {
        assertErrorAfterLoading(CliRun.of("generate", "--model", BF16, "--prompt", "Hello"),
                "galatea: text commands need tokenizer.json or vocab.json+merges.txt in " + BF16);
    }

    @Test
    void missingModelDirectoryNamesTheFile(@TempDir Path temp) {
        Path missing = temp.resolve("no-such-model");
        assertOneLineError(CliRun.of("logits", "--model", missing.toString(), "--ids", "1"),
                "galatea: " + missing.resolve("config.json") + ": missing; a model directory needs the Hugging Face config.json");
    }

    @Test
    void unparsableOptionValueGetsOneLine() {
        assertOneLineError(CliRun.of("generate", "--model", F16, "--ids", "1", "--top-k", "many"),
                "galatea: Invalid value for option '--top-k': 'many' is not an int (see galatea generate --help)");
    }

    @Test
    void unknownOptionGetsOneLine() {
        assertOneLineError(CliRun.of("logits", "--model", BF16, "--ids", "1", "--temperature", "2"),
                "galatea: Unknown options: '--temperature', '2' (see galatea logits --help)");
    }

    @Test
    void badSynthShapeOrDtypeIsNamed(@TempDir Path temp) {
        assertOneLineError(CliRun.of("synth", "--shape", "n_embd=30,n_head=4", "--out", temp.toString()),
                "galatea: --shape: n_embd 30 must divide into n_head 4 heads, and rotary_dim 8 must be even and at most the head size");
        assertOneLineError(CliRun.of("synth", "--shape", "gptj-7b", "--out", temp.toString()),
                "galatea: --shape: \"gptj-7b\" is not gptj-6b, tiny, or key=value with a key among "
                        + "[vocab_size, n_positions, n_embd, n_layer, n_head, rotary_dim] and n_inner");
        assertOneLineError(CliRun.of("synth", "--dtype", "int8", "--out", temp.toString()),
                "galatea: --dtype must be f16, bf16 or f32, not \"int8\"");
    }

    @Test
    void tornadoOptionsWithTheCpuBackendAreRefusedBeforeTheModelLoads(@TempDir Path temp) {
        assertOneLineError(CliRun.of("logits", "--model", BF16, "--ids", "1", "--backend", "cpu", "--print-kernels", temp.toString()),
                "galatea: --print-kernels lists the kernels TornadoVM generates; --backend cpu runs none (use --backend tornado)");
        assertOneLineError(CliRun.of("bench", "--model", BF16, "--backend", "cpu", "--tornado-matmul", "parallel"),
                "galatea: --tornado-matmul chooses a TornadoVM kernel; --backend cpu runs none");
        assertOneLineError(CliRun.of("generate", "--model", BF16, "--ids", "1", "--tornado-matmul", "fast"),
                "galatea: --tornado-matmul must be auto, parallel or work-group, not \"fast\"");
    }

    @Test
    void printKernelsDirectoryThatCannotBeMadeIsNamed(@TempDir Path temp) throws IOException {
        Path file = Files.writeString(temp.resolve("a-file"), "");
        CliRun run = CliRun.of("logits", "--model", BF16, "--ids", "1", "--print-kernels", file.resolve("kernels").toString());
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().startsWith("galatea: --print-kernels " + file.resolve("kernels") + ": cannot create the directory ("),
                run.err());
        assertEquals(1, run.err().lines().count(), run.err());
    }

    /** auto and tornado fall back to the CPU without TornadoVM, and then there is no kernel to print. */
    @Test
    void printKernelsOnTheCpuFallbackSaysThereIsNothingToPrint(@TempDir Path temp) {
        assumeTrue(System.getenv("TORNADOVM_HOME") == null, "TornadoVM is installed here: the backend would not fall back");
        assertErrorAfterLoading(CliRun.of("logits", "--model", BF16, "--ids", "1", "--print-kernels", temp.toString()),
                "galatea: --print-kernels " + temp + ": nothing to print, the model runs on the cpu backend");
    }

    private static void assertOneLineError(CliRun run, String message) {
        assertEquals(2, run.exitCode(), run.err());
        assertEquals(message + System.lineSeparator(), run.err());
        assertEquals("", run.out());
    }

    /** Errors found once the model is open follow the one line that names the backend. */
    private static void assertErrorAfterLoading(CliRun run, String message) {
        assertEquals(2, run.exitCode(), run.err());
        String[] lines = run.err().split(System.lineSeparator());
        assertEquals(2, lines.length, run.err());
        // The backend line also says why TornadoVM was not used, which depends on the machine.
        assertTrue(lines[0].startsWith("galatea: backend cpu (" + Runtime.getRuntime().availableProcessors()
                + " cores, Vector API; "), lines[0]);
        assertEquals(message, lines[1]);
        assertEquals("", run.out());
    }
}
