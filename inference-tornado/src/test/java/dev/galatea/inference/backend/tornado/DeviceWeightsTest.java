package dev.galatea.inference.backend.tornado;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.galatea.inference.GalateaException;
import dev.galatea.inference.model.GptjModel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints the tornado backend cannot run are refused with the tensor's name, before anything reaches a device. */
class DeviceWeightsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String Q_PROJ = "transformer.h.1.attn.q_proj.weight";

    @TempDir
    Path model;

    @Test
    void bf16MatrixIsRefusedWithItsName() throws IOException {
        copyFixture(header -> ((ObjectNode) header.get(Q_PROJ)).put("dtype", "BF16"), 0, (short) 0);
        GalateaException e = assertThrows(GalateaException.class, this::copy);
        assertEquals(model + ": " + Q_PROJ + " is BF16; the tornado backend runs F16 weights (use --backend cpu for BF16)",
                e.getMessage());
    }

    @Test
    void nanWeightIsRefusedWithItsPosition() throws IOException {
        copyFixture(header -> {}, 1234, (short) 0x7E00);
        GalateaException e = assertThrows(GalateaException.class, this::copy);
        assertEquals(model + ": " + Q_PROJ + " holds a NaN or infinite value at element 1234; the checkpoint is corrupt",
                e.getMessage());
    }

    private void copy() {
        try (GptjModel loaded = GptjModel.load(model)) {
            DeviceWeights.copy(loaded);
        }
    }

    /**
     * Copies tiny-gptj-f16 with its safetensors header edited, and q_proj's element {@code element} of layer 1 set
     * to {@code bits} when they are not zero.
     */
    private void copyFixture(Consumer<ObjectNode> editHeader, int element, short bits) throws IOException {
        Files.copy(TinyGptj.MODEL.resolve("config.json"), model.resolve("config.json"));
        ByteBuffer file = ByteBuffer.wrap(Files.readAllBytes(TinyGptj.MODEL.resolve("model.safetensors")))
                .order(ByteOrder.LITTLE_ENDIAN);
        int headerLength = (int) file.getLong(0);
        ObjectNode header = (ObjectNode) JSON.readTree(new String(file.array(), 8, headerLength, StandardCharsets.UTF_8));
        ByteBuffer data = file.slice(8 + headerLength, file.capacity() - 8 - headerLength).order(ByteOrder.LITTLE_ENDIAN);
        if (bits != 0) {
            data.putShort(header.get(Q_PROJ).get("data_offsets").get(0).asInt() + 2 * element, bits);
        }
        editHeader.accept(header);
        byte[] newHeader = JSON.writeValueAsBytes(header);
        ByteBuffer out = ByteBuffer.allocate(8 + newHeader.length + data.capacity()).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(newHeader.length).put(newHeader).put(data.rewind());
        Files.write(model.resolve("model.safetensors"), out.array());
    }
}
