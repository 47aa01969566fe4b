package dev.galatea.inference.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.galatea.inference.backend.tornado.TornadoAvailability;
import dev.galatea.inference.backend.tornado.TornadoDeviceInfo;
import dev.galatea.inference.backend.tornado.TornadoSettings.MatMulForm;
import dev.galatea.inference.model.ModelFixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands on TornadoVM's default device (a GPU, or PoCL's CPU OpenCL driver). Needs an SDK: TORNADOVM_HOME
 * and the JVM flags, see the tornadovm-device-tests profile in the pom.
 */
class TornadoCliOnDeviceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MODEL = ModelFixtures.directory(ModelFixtures.F16).toString();
    private static final ModelFixtures.Case CASE = ModelFixtures.golden(ModelFixtures.F16).cases().get(1);
    private static final String IDS = String.join(",", Arrays.stream(CASE.inputIds()).mapToObj(Integer::toString).toList());

    private TornadoDeviceInfo device;

    @BeforeEach
    void requireTornadoVm() {
        assumeTrue(System.getenv("TORNADOVM_HOME") != null,
                "TORNADOVM_HOME is not set: skipping the TornadoVM device tests");
        TornadoAvailability availability = TornadoAvailability.probe();
        assertTrue(availability.available(), availability.summary());
        device = availability.device().orElseThrow();
    }

    @Test
    void autoPicksTornadoSaysWhyAndChoosesTheMatrixKernelForTheDevice() throws IOException {
        CliRun run = CliRun.of("generate", "--model", MODEL, "--ids", IDS, "--greedy", "--format", "json",
                "--max-new-tokens", String.valueOf(CASE.greedyNewIds().length));
        assertEquals(0, run.exitCode(), run.err());
        MatMulForm form = MatMulForm.forDeviceType(device.type());
        String expected = "galatea: backend " + device.backendName() + " (auto: TornadoVM is present and has a device;"
                + " TornadoVM device " + device.describe() + "; " + form + " matmuls (";
        assertTrue(run.err().startsWith(expected), run.err());
        assertEquals(JSON.valueToTree(CASE.greedyNewIds()), JSON.readTree(run.out()).get("ids"));
    }

    /**
     * TornadoVM prints kernels on stdout unless told a file: the listing must land in the directory, and neither
     * the command's JSON nor the process's stdout may hold any of it. The tiny model's step has 36 tasks: embed,
     * 15 per layer, ln_f, lm_head, its bias, and the last rows of the logits and of ln_f.
     */
    @Test
    void printKernelsWritesEveryKernelOfTheStepIntoTheDirectoryAndNothingOnStdout(@TempDir Path directory)
            throws IOException {
        Path kernels = directory.resolve("kernels");
        ByteArrayOutputStream processOut = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        CliRun run;
        System.setOut(new PrintStream(processOut, true, StandardCharsets.UTF_8));
        try {
            run = CliRun.of("logits", "--model", MODEL, "--ids", IDS, "--backend", "tornado", "--print-kernels",
                    kernels.toString(), "--tornado-matmul", "work-group");
        } finally {
            System.setOut(stdout);
        }
        assertEquals(0, run.exitCode(), run.err());
        Path listing = kernels.resolve(device.backend().equals("ptx") ? "gptj-kernels.ptx" : "gptj-kernels.cl");
        assertTrue(run.err().contains("WORK_GROUP matmuls (as asked)"), run.err());
        assertTrue(run.err().endsWith("galatea: TornadoVM's kernels for this model: " + listing + System.lineSeparator()),
                run.err());
        assertEquals(1, JSON.readTree(run.out()).get("logits").size(), run.out());
        assertEquals("", processOut.toString(StandardCharsets.UTF_8));
        String source = Files.readString(listing);
        if (!device.backend().equals("ptx")) {
            assertEquals(36, Pattern.compile("__kernel void ").matcher(source).results().count());
            for (String kernel : List.of("embed", "layerNorm", "matMulReduce", "rotary", "kvCopy", "kvStore",
                    "attentionScores", "attentionSoftmax", "attentionValues", "geluNewWithBias", "residual", "addBias",
                    "lastRow")) {
                assertTrue(source.contains("__kernel void " + kernel + "("), kernel + " in " + listing);
            }
            assertFalse(source.contains("__kernel void matMul("), "--tornado-matmul work-group");
        }
    }

    @Test
    void benchMeasuresTheDevicesOwnMemoryBandwidth() throws IOException {
        CliRun run = CliRun.of("bench", "--model", MODEL, "--backend", "tornado", "--prompt-tokens", "8", "--new-tokens", "4",
                "--bandwidth-buffer-mib", "64", "--format", "json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode report = JSON.readTree(run.out());
        assertEquals(device.backendName(), report.get("backend").asText());
        assertEquals(device.describe() + ", TornadoVM copy kernel", report.get("bandwidth_device").asText());
        assertEquals(MatMulForm.forDeviceType(device.type()).name(), report.get("tornado_matmul").asText());
        double bandwidth = report.get("bandwidth_bytes_per_s").asDouble();
        assertTrue(bandwidth > 1e8, "a device copies more than 100 MB/s: " + bandwidth);
        assertEquals(report.get("decode_tokens_per_s").asDouble() / (bandwidth / report.get("weight_bytes_per_token").asDouble()),
                report.get("roofline_fraction").asDouble(), 1e-9 * report.get("roofline_fraction").asDouble());
    }

    /** A contrastive step runs top_k candidates beside the sequence: the device needs a KV cache slot for each. */
    @Test
    void contrastiveSearchRunsOnTheDeviceAsOnTheCpu() throws IOException {
        String[] args = {"generate", "--model", MODEL, "--ids", IDS, "--penalty-alpha", "0.6", "--top-k", "6",
            "--format", "json", "--max-new-tokens", "8", "--backend"};
        CliRun tornado = CliRun.of(concat(args, "tornado"));
        CliRun cpu = CliRun.of(concat(args, "cpu"));
        assertEquals(0, tornado.exitCode(), tornado.err());
        assertTrue(tornado.err().startsWith("galatea: backend " + device.backendName()), tornado.err());
        assertEquals(JSON.readTree(cpu.out()).get("ids"), JSON.readTree(tornado.out()).get("ids"));
    }

    private static String[] concat(String[] args, String last) {
        String[] all = Arrays.copyOf(args, args.length + 1);
        all[args.length] = last;
        return all;
    }
}
