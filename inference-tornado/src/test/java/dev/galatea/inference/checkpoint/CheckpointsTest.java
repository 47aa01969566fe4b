package dev.galatea.inference.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.galatea.inference.model.ModelFixtures;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CheckpointsTest {

    @ParameterizedTest
    @CsvSource({"tiny-gptj-f16, F16", "tiny-gptj-bf16-sharded, BF16", "tiny-gptj-torchbin, F16"})
    void everyFixtureHoldsExactlyTheGptjParametersItsConfigDescribes(String fixture, DType dtype) throws IOException {
        Path directory = ModelFixtures.directory(fixture);
        Map<String, long[]> expected = gptjParameterShapes(directory.resolve("config.json"));
        try (Checkpoint checkpoint = Checkpoints.open(directory)) {
            // Equal key sets: nothing missing, and no attn.bias / attn.masked_bias buffer slipped through.
            assertEquals(new TreeMap<>(expected).keySet(), new TreeMap<>(checkpoint.tensors()).keySet());
            for (Map.Entry<String, long[]> e : expected.entrySet()) {
                Tensor tensor = checkpoint.tensor(e.getKey());
                assertArrayEquals(e.getValue(), tensor.shape(), e.getKey());
                assertEquals(dtype, tensor.dtype(), e.getKey());
                assertEquals(tensor.byteSize(), tensor.data().byteSize(), e.getKey());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {ModelFixtures.F16, ModelFixtures.BF16_SHARDED, ModelFixtures.TORCHBIN})
    void tensorsAreReadOnlySlicesOfFileMappingsNotHeapCopies(String fixture) {
        try (Checkpoint checkpoint = Checkpoints.open(ModelFixtures.directory(fixture))) {
            for (Tensor tensor : checkpoint.tensors().values()) {
                MemorySegment data = tensor.data();
                assertTrue(data.isNative(), tensor.name());
                assertTrue(data.isMapped(), tensor.name());
                assertTrue(data.heapBase().isEmpty(), tensor.name());
                assertTrue(data.isReadOnly(), tensor.name());
            }
        }
    }

    @Test
    void closingTheCheckpointUnmapsItsTensors() {
        Checkpoint checkpoint = Checkpoints.open(ModelFixtures.directory(ModelFixtures.F16));
        MemorySegment wte = checkpoint.tensor("transformer.wte.weight").data();
        checkpoint.close();
        assertThrows(IllegalStateException.class, () -> wte.get(ValueLayout.JAVA_BYTE, 0));
    }

    @Test
    void directoryWithoutWeightsNamesItselfAndTheFilesItLookedFor(@TempDir Path empty) throws IOException {
        Files.writeString(empty.resolve("config.json"), "{}");
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.open(empty));
        assertEquals(empty + ": no weights found: looked for model.safetensors, model.safetensors.index.json, "
                + "pytorch_model.bin, pytorch_model.bin.index.json", e.getMessage());
    }

    @Test
    void missingDirectoryIsNamed(@TempDir Path parent) {
        Path absent = parent.resolve("pygmalion-6b");
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.open(absent));
        assertEquals(absent + ": not a model directory", e.getMessage());
    }

    @Test
    void missingTensorIsNamedWithTheDirectory() {
        Path directory = ModelFixtures.directory(ModelFixtures.F16);
        try (Checkpoint checkpoint = Checkpoints.open(directory)) {
            CheckpointException e = assertThrows(CheckpointException.class,
                    () -> checkpoint.tensor("transformer.h.2.ln_1.weight"));
            assertEquals(directory + ": tensor transformer.h.2.ln_1.weight is missing from the checkpoint", e.getMessage());
        }
    }

    /** The parameters of Hugging Face's GPTJForCausalLM, worked out from config.json alone. */
    private static Map<String, long[]> gptjParameterShapes(Path config) throws IOException {
        JsonNode json = new ObjectMapper().readTree(config.toFile());
        long vocab = json.get("vocab_size").asLong();
        long embd = json.get("n_embd").asLong();
        long inner = json.get("n_inner").isNull() ? 4 * embd : json.get("n_inner").asLong();
        Map<String, long[]> shapes = new TreeMap<>();
        shapes.put("transformer.wte.weight", new long[] {vocab, embd});
        shapes.put("transformer.ln_f.weight", new long[] {embd});
        shapes.put("transformer.ln_f.bias", new long[] {embd});
        shapes.put("lm_head.weight", new long[] {vocab, embd});
        shapes.put("lm_head.bias", new long[] {vocab});
        for (int i = 0; i < json.get("n_layer").asInt(); i++) {
            String layer = "transformer.h." + i + ".";
            shapes.put(layer + "ln_1.weight", new long[] {embd});
            shapes.put(layer + "ln_1.bias", new long[] {embd});
            for (String projection : new String[] {"q_proj", "k_proj", "v_proj", "out_proj"}) {
                shapes.put(layer + "attn." + projection + ".weight", new long[] {embd, embd});
            }
            shapes.put(layer + "mlp.fc_in.weight", new long[] {inner, embd});
            shapes.put(layer + "mlp.fc_in.bias", new long[] {inner});
            shapes.put(layer + "mlp.fc_out.weight", new long[] {embd, inner});
            shapes.put(layer + "mlp.fc_out.bias", new long[] {embd});
        }
        return shapes;
    }
}
