package dev.galatea.inference.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.galatea.inference.GalateaException;
import dev.galatea.inference.checkpoint.DType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GptjModelTest {

    @Test
    void loadsTheF16FixtureWithEveryTensorBound() {
        try (GptjModel model = GptjModel.load(ModelFixtures.directory(ModelFixtures.F16))) {
            // wte and lm_head 50400 × 64 each, lm_head bias, ln_f, and per layer ln_1, q/k/v/out 64 × 64, fc_in, fc_out.
            assertEquals(2 * 50400 * 64 + 50400 + 2 * 64 + 2 * (2 * 64 + 4 * 64 * 64 + 256 * 64 + 256 + 64 * 256 + 64),
                    model.parameterCount());
            assertEquals(DType.F16, model.dtype());
            assertEquals("tiny-gptj-f16", model.name());
            assertEquals(2, model.weights().layers().size());
            assertEquals("transformer.h.1.mlp.fc_out.weight", model.weights().layers().get(1).fcOutWeight().name());
            assertEquals(256, model.weights().layers().get(0).fcInWeight().shape()[0], "n_inner null means 4 × n_embd");
        }
    }

    @Test
    void embeddingWidthThatDisagreesWithConfigNamesTheTensorAndBothShapes(@TempDir Path temp) throws IOException {
        Path dir = editedConfig(temp, "\"n_embd\": 64", "\"n_embd\": 32");
        GalateaException e = assertThrows(GalateaException.class, () -> GptjModel.load(dir));
        assertTrue(e.getMessage().contains("tensor transformer.wte.weight has shape [50400, 64]"), e.getMessage());
        assertTrue(e.getMessage().contains("expects [50400, 32]"), e.getMessage());
        assertTrue(e.getMessage().startsWith(dir.toString()), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void innerWidthThatDisagreesWithConfigNamesFcIn(@TempDir Path temp) throws IOException {
        Path dir = editedConfig(temp, "\"n_inner\": null", "\"n_inner\": 128");
        GalateaException e = assertThrows(GalateaException.class, () -> GptjModel.load(dir));
        assertTrue(e.getMessage().contains("tensor transformer.h.0.mlp.fc_in.weight has shape [256, 64]"), e.getMessage());
        assertTrue(e.getMessage().contains("expects [128, 64]"), e.getMessage());
    }

    @Test
    void layerMissingFromTheCheckpointIsNamed(@TempDir Path temp) throws IOException {
        Path dir = editedConfig(temp, "\"n_layer\": 2", "\"n_layer\": 3");
        GalateaException e = assertThrows(GalateaException.class, () -> GptjModel.load(dir));
        assertTrue(e.getMessage().contains("transformer.h.2.ln_1.weight is missing"), e.getMessage());
    }

    private static Path editedConfig(Path temp, String from, String to) throws IOException {
        Path dir = ModelFixtures.copy(ModelFixtures.F16, temp);
        Path config = dir.resolve("config.json");
        String text = Files.readString(config);
        assertTrue(text.contains(from), "fixture config.json has " + from);
        Files.writeString(config, text.replace(from, to));
        return dir;
    }
}
