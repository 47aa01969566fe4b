package dev.galatea.inference.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.galatea.inference.model.GptjModel;
import dev.galatea.inference.synth.ModelShape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code synth} writes a model the other commands run, and {@code bench} measures it. */
class SynthAndBenchCommandTest {
    private static final String SHAPE = "n_embd=32,n_layer=1,n_head=2,rotary_dim=4";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path temp;
    static Path model;
    static CliRun synth;

    @BeforeAll
    static void synthesise() {
        model = temp.resolve("synth-tiny");
        synth = CliRun.of("synth", "--shape", SHAPE, "--out", model.toString());
    }

    @Test
    void synthWritesTheShapeAskedFor() throws IOException {
        assertEquals(0, synth.exitCode(), synth.err());
        long expected = ModelShape.parse(SHAPE).parameterCount();
        assertTrue(synth.err().startsWith(String.format(Locale.ROOT, "wrote %s: %,d parameters, F16, in ", model, expected)), synth.err());
        assertEquals(expected, header().values().stream().mapToLong(SafetensorsEntry::elements).sum(), "elements in model.safetensors");
        try (GptjModel loaded = GptjModel.load(model)) {
            assertEquals(expected, loaded.parameterCount());
            assertEquals(List.of(50400, 2048, 32, 1, 2, 4, 128), List.of(loaded.config().vocabSize(), loaded.config().nPositions(),
                    loaded.config().nEmbd(), loaded.config().nLayer(), loaded.config().nHead(), loaded.config().rotaryDim(),
                    loaded.config().nInner()));
        }
    }

    @Test
    void logitsRunOnTheSynthesisedModel() throws IOException {
        CliRun last = CliRun.of("logits", "--model", model.toString(), "--ids", "1,2,3");
        CliRun all = CliRun.of("logits", "--model", model.toString(), "--ids", "1,2,3", "--all-positions");
        assertEquals(0, last.exitCode(), last.err());
        JsonNode lastRows = JSON.readTree(last.out()).get("logits");
        JsonNode allRows = JSON.readTree(all.out()).get("logits");
        assertEquals(1, lastRows.size());
        assertEquals(3, allRows.size());
        assertEquals(50400, lastRows.get(0).size());
        double spread = 0;
        double worst = 0;
        for (int t = 0; t < 50400; t++) {
            double logit = lastRows.get(0).get(t).asDouble();
            assertTrue(Double.isFinite(logit));
            spread = Math.max(spread, Math.abs(logit - lastRows.get(0).get(0).asDouble()));
            worst = Math.max(worst, Math.abs(logit - allRows.get(2).get(t).asDouble()));
        }
        // Not bit for bit: the CPU backend rounds differently once the JIT recompiles its kernels (about 1e-6 here).
        assertTrue(worst < 1e-5, "the last row with --all-positions differs by " + worst);
        assertTrue(spread > 0, "random weights give different logits");
    }

    @Test
    void benchJsonReportsEveryFigureWithTheWeightBytesOfTheCheckpoint() throws IOException {
        CliRun run = CliRun.of("bench", "--model", model.toString(), "--prompt-tokens", "8", "--new-tokens", "20",
                "--bandwidth-buffer-mib", "64", "--format", "json", "--backend", "cpu");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode report = JSON.readTree(run.out());
        assertEquals("host memory, " + Runtime.getRuntime().availableProcessors() + " threads copying",
                report.get("bandwidth_device").asText(), "the cpu backend streams its weights from host memory");
        for (String key : List.of("prefill_tokens_per_s", "decode_tokens_per_s", "weight_bytes_per_token",
                "bandwidth_bytes_per_s", "roofline_fraction", "peak_rss_bytes", "load_seconds")) {
            assertTrue(report.has(key), key + " in " + report);
            assertTrue(report.get(key).asDouble() > 0, key + " = " + report.get(key));
        }
        Map<String, SafetensorsEntry> tensors = header();
        long all = tensors.values().stream().mapToLong(SafetensorsEntry::bytes).sum();
        long wte = tensors.get("transformer.wte.weight").bytes();
        assertEquals(all - wte + 32 * 2, report.get("weight_bytes_per_token").asLong(),
                "every parameter once, of the embedding table one f16 row");
        assertEquals(report.get("decode_tokens_per_s").asDouble()
                        / (report.get("bandwidth_bytes_per_s").asDouble() / report.get("weight_bytes_per_token").asDouble()),
                report.get("roofline_fraction").asDouble(), 1e-9 * report.get("roofline_fraction").asDouble());
        assertTrue(report.get("read_bandwidth_bytes_per_s").asDouble() > 0, report.toString());
        assertEquals(3, report.get("bandwidth_samples").asInt(), "before the 20 timed steps, after 16 and after 20");
        assertEquals(8 + 8 + 32, report.get("turn_prompt_tokens").asInt(), "the prompt, the reply and the message");
        assertEquals(8 + 8 - 1, report.get("turn_cached_tokens").asInt(), "all but the reply's last token, never run");
        assertTrue(report.get("turn_prefill_seconds").asDouble() > 0, report.toString());
        assertEquals(8 / report.get("prefill_tokens_per_s").asDouble(), report.get("prefill_seconds").asDouble(),
                1e-9 * report.get("prefill_seconds").asDouble());
        assertTrue(report.get("bandwidth_fastest_over_slowest").asDouble() >= 1, report.toString());
        // Resident after the timed steps: all of lm_head, streamed every step, and no more than the file.
        long resident = report.get("weights_resident_bytes").asLong();
        long fileBytes = Files.size(model.resolve("model.safetensors"));
        assertTrue(resident >= tensors.get("lm_head.weight").bytes() && resident <= fileBytes + 4095,
                resident + " resident bytes of a " + fileBytes + "-byte file");
        double huge = report.get("weights_huge_page_fraction").asDouble();
        assertTrue(huge >= 0 && huge <= 1, "weights_huge_page_fraction " + huge);
        assertEquals(report.get("decode_tokens_per_s").asDouble()
                        / (report.get("read_bandwidth_bytes_per_s").asDouble() / report.get("weight_bytes_per_token").asDouble()),
                report.get("read_roofline_fraction").asDouble(), 1e-9 * report.get("read_roofline_fraction").asDouble());
    }

    private record SafetensorsEntry(long elements, long bytes) {}

    /** The tensors of model.safetensors as its own header lists them. */
    private static Map<String, SafetensorsEntry> header() throws IOException {
        try (FileChannel file = FileChannel.open(model.resolve("model.safetensors"))) {
            ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            file.read(length, 0);
            ByteBuffer json = ByteBuffer.allocate((int) length.getLong(0));
            file.read(json, 8);
            JsonNode header = JSON.readTree(new String(json.array(), StandardCharsets.UTF_8));
            Map<String, SafetensorsEntry> tensors = new TreeMap<>();
            header.fields().forEachRemaining(field -> {
                if (!field.getKey().equals("__metadata__")) {
                    long elements = 1;
                    for (JsonNode d : field.getValue().get("shape")) {
                        elements *= d.asLong();
                    }
                    JsonNode offsets = field.getValue().get("data_offsets");
                    tensors.put(field.getKey(), new SafetensorsEntry(elements, offsets.get(1).asLong() - offsets.get(0).asLong()));
                }
            });
            return tensors;
        }
    }
}
