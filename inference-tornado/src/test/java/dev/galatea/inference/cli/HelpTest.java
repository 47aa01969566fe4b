package dev.galatea.inference.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HelpTest {

    @ParameterizedTest
    @CsvSource({
        "generate, --bad-words",
        "logits, --all-positions",
        "synth, --shape",
        "bench, --prompt-tokens",
        "serve, --port"})
    void everyCommandPrintsItsHelp(String command, String option) {
        CliRun run = CliRun.of(command, "--help");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("Usage: galatea " + command + " "), run.out());
        assertTrue(run.out().contains(option), run.out());
        assertTrue(run.out().contains("--model") || command.equals("synth"), run.out());
        assertEquals("", run.err());
        assertEquals(run.out(), CliRun.of("help", command).out(), "galatea help " + command + " prints the same");
    }

    @Test
    void bareCommandListsEveryCommand() {
        CliRun run = CliRun.of();
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("Usage: galatea "), run.out());
        for (String command : new String[] {"generate", "logits", "synth", "bench", "serve"}) {
            assertTrue(run.out().contains("  " + command + " "), command + " in " + run.out());
        }
    }

    @ParameterizedTest
    @CsvSource({"generate", "logits", "bench"})
    void modelCommandsOfferTheTornadoOptions(String command) {
        String help = CliRun.of(command, "--help").out().replaceAll("\\s+", " ");
        assertTrue(help.contains("--print-kernels=DIR Tornado backend: write the OpenCL C (or PTX) TornadoVM generates for"
                + " every kernel of the model to DIR/gptj-kernels.cl (.ptx), in launch order."), help);
        assertTrue(help.contains("--tornado-matmul=FORM Tornado backend's matrix kernel: parallel"), help);
    }

    @Test
    void generateHelpStatesThePygmalionDefaults() {
        String help = CliRun.of("generate", "--help").out().replaceAll("\\s+", " ");
        assertTrue(help.contains("temperature 0.5, top_p 0.9, top_k 0, typical_p 1, repetition_penalty 1.05."), help);
        assertTrue(help.contains("--top-p=<topP> Nucleus sampling, in (0, 1] (default: 0.9)."), help);
        assertTrue(help.contains("--repetition-penalty=<repetitionPenalty> Default: 1.05, or 1 (off) with --greedy"), help);
    }
}
