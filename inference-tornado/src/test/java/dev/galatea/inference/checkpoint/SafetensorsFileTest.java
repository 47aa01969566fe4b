package dev.galatea.inference.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.galatea.inference.model.ModelFixtures;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsFileTest {

    @Test
    void f16TensorsHoldTheValuesStoredAtTheirOffsets() throws IOException {
        Path directory = ModelFixtures.directory(ModelFixtures.F16);
        try (Checkpoint checkpoint = Checkpoints.open(directory)) {
            // Read with numpy from the fixture file.
            assertEquals(0.84033203125f, checkpoint.tensor("transformer.wte.weight").getFloat(50399L * 64 + 63));
            assertEquals(0.1751708984375f, checkpoint.tensor("lm_head.bias").getFloat(50399));
            assertEquals(0.1527099609375f, checkpoint.tensor("transformer.h.1.mlp.fc_out.weight").getFloat(5 * 256 + 200));
            assertEquals(1.1640625f, checkpoint.tensor("transformer.ln_f.weight").getFloat(0));
            assertEveryTensorMatchesANaiveDecode(checkpoint, Map.of("", new RawSafetensors(directory.resolve("model.safetensors"))));
        }
    }

    @Test
    void bf16ShardTensorsHoldTheValuesStoredAtTheirOffsets() throws IOException {
        Path directory = ModelFixtures.directory(ModelFixtures.BF16_SHARDED);
        try (Checkpoint checkpoint = Checkpoints.open(directory)) {
            // Read with numpy from the fixture's shard files.
            assertEquals(0.45703125f, checkpoint.tensor("transformer.h.2.mlp.fc_in.weight").getFloat(383L * 128 + 127));
            assertEquals(-0.271484375f, checkpoint.tensor("transformer.wte.weight").getFloat(999L * 128));
            assertEquals(0.26953125f, checkpoint.tensor("lm_head.weight").getFloat(128 + 2));
            assertEveryTensorMatchesANaiveDecode(checkpoint, Map.of(
                    "1", new RawSafetensors(directory.resolve("model-00001-of-00002.safetensors")),
                    "2", new RawSafetensors(directory.resolve("model-00002-of-00002.safetensors"))));
        }
    }

    /** First, middle and last element of every tensor, against whichever file's header lists it. */
    private static void assertEveryTensorMatchesANaiveDecode(Checkpoint checkpoint, Map<String, RawSafetensors> files) {
        for (Tensor tensor : checkpoint.tensors().values()) {
            RawSafetensors raw = files.values().stream().filter(f -> f.header().has(tensor.name())).findFirst().orElseThrow();
            long n = tensor.elementCount();
            for (long index : new long[] {0, n / 2, n - 1}) {
                assertEquals(raw.element(tensor.name(), index), tensor.getFloat(index), tensor.name() + "[" + index + "]");
            }
        }
    }

    @Test
    void truncatedSafetensorsNamesTheFileAndTheTensorPastTheEnd(@TempDir Path temp) throws IOException {
        Path model = ModelFixtures.copy(ModelFixtures.F16, temp).resolve("model.safetensors");
        byte[] whole = Files.readAllBytes(model);
        Files.write(model, Arrays.copyOf(whole, whole.length / 2));
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.open(model.getParent()));
        assertStartsWith(model + ": tensor ", e.getMessage());
        assertContains("past the end of the data", e.getMessage());
    }

    @Test
    void fileShorterThanTheLengthPrefixIsCalledTruncated(@TempDir Path temp) throws IOException {
        Path model = write(temp, new byte[] {1, 2, 3});
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.open(temp));
        assertEquals(model + ": truncated: 3 bytes, too short for a safetensors header", e.getMessage());
    }

    @Test
    void corruptHeaderLengthNamesTheFile(@TempDir Path temp) throws IOException {
        Path model = ModelFixtures.copy(ModelFixtures.F16, temp).resolve("model.safetensors");
        byte[] bytes = Files.readAllBytes(model);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1L << 40);
        Files.write(model, bytes);
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.open(model.getParent()));
        assertEquals(model + ": corrupt safetensors header: it claims 1099511627776 bytes of JSON but the file has "
                + bytes.length + " bytes", e.getMessage());
    }

    @Test
    void headerThatIsNotJsonNamesTheFile(@TempDir Path temp) throws IOException {
        Path model = write(temp, safetensors("{\"w\": {\"dtype\": \"F16\",", new byte[0]));
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.open(temp));
        assertEquals(model + ": corrupt safetensors header: not valid JSON", e.getMessage());
    }

    @Test
    void dataOffsetsPastTheEndNameTheTensor(@TempDir Path temp) throws IOException {
        Path model = write(temp, safetensors(
                "{\"lm_head.bias\": {\"dtype\": \"F16\", \"shape\": [4], \"data_offsets\": [8, 16]}}", new byte[12]));
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.open(temp));
        assertEquals(model + ": tensor lm_head.bias has data_offsets [8, 16] past the end of the data (12 bytes): "
                + "the file is truncated or corrupt", e.getMessage());
    }

    @Test
    void dataOffsetsThatDisagreeWithTheShapeNameTheTensor(@TempDir Path temp) throws IOException {
        Path model = write(temp, safetensors(
                "{\"lm_head.bias\": {\"dtype\": \"BF16\", \"shape\": [4], \"data_offsets\": [0, 6]}}", new byte[8]));
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.open(temp));
        assertEquals(model + ": tensor lm_head.bias spans 6 bytes but shape [4] of BF16 needs 8", e.getMessage());
    }

    @Test
    void unknownDtypeNamesTheTensorAndTheDtype(@TempDir Path temp) throws IOException {
        Path model = write(temp, safetensors(
                "{\"lm_head.bias\": {\"dtype\": \"F8_E4M3\", \"shape\": [4], \"data_offsets\": [0, 4]}}", new byte[4]));
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.open(temp));
        assertEquals(model + ": tensor lm_head.bias has unknown dtype \"F8_E4M3\"", e.getMessage());
    }

    @Test
    void shapeTooLargeToAddressNamesTheTensor(@TempDir Path temp) throws IOException {
        Path model = write(temp, safetensors("{\"lm_head.bias\": {\"dtype\": \"F32\", "
                + "\"shape\": [4294967296, 4294967296], \"data_offsets\": [0, 4]}}", new byte[4]));
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.open(temp));
        assertEquals(model + ": tensor lm_head.bias has a shape too large to address", e.getMessage());
    }

    private static byte[] safetensors(String header, byte[] data) {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + json.length + data.length).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(json.length).put(json).put(data).array();
    }

    private static Path write(Path directory, byte[] bytes) throws IOException {
        return Files.write(directory.resolve("model.safetensors"), bytes);
    }

    static void assertStartsWith(String prefix, String actual) {
        if (!actual.startsWith(prefix)) {
            throw new AssertionError("expected a message starting with <" + prefix + "> but was <" + actual + ">");
        }
    }

    static void assertContains(String part, String actual) {
        if (!actual.contains(part)) {
            throw new AssertionError("expected a message containing <" + part + "> but was <" + actual + ">");
        }
    }
}
