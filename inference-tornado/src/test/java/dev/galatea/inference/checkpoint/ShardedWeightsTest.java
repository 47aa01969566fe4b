package dev.galatea.inference.checkpoint;

import static dev.galatea.inference.checkpoint.SafetensorsFileTest.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.galatea.inference.model.ModelFixtures;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShardedWeightsTest {
    private static final String INDEX = "model.safetensors.index.json";

    @Test
    void everyShardIsMappedOnce() {
        Map<Path, Integer> mappings = new TreeMap<>();
        Path index = ModelFixtures.directory(ModelFixtures.BF16_SHARDED).resolve(INDEX);
        try (Arena arena = Arena.ofConfined()) {
            Map<String, Tensor> tensors = ShardedWeights.map(index, arena, (file, a) -> {
                mappings.merge(file.getFileName(), 1, Integer::sum);
                return SafetensorsFile.map(file, a);
            });
            assertEquals(Map.of(Path.of("model-00001-of-00002.safetensors"), 1,
                    Path.of("model-00002-of-00002.safetensors"), 1), mappings);
            // Every name in the index, buffers included: skipping them is Checkpoints' decision, not the index's.
            assertEquals(41, tensors.size());
        }
    }

    @Test
    void missingShardIsNamedWithTheIndexThatWantsIt(@TempDir Path temp) throws IOException {
        Path directory = ModelFixtures.copy(ModelFixtures.BF16_SHARDED, temp);
        Path shard = directory.resolve("model-00002-of-00002.safetensors");
        Files.delete(shard);
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.open(directory));
        assertEquals(shard + ": missing: " + INDEX + " names this shard for 20 tensors", e.getMessage());
    }

    @Test
    void tensorListedInTheIndexButAbsentFromItsShardNamesBoth(@TempDir Path temp) throws IOException {
        Path directory = ModelFixtures.copy(ModelFixtures.BF16_SHARDED, temp);
        Path index = directory.resolve(INDEX);
        // ln_f.weight lives in shard 2; point the index at shard 1 instead.
        Files.writeString(index, Files.readString(index).replace(
                "\"transformer.ln_f.weight\": \"model-00002-of-00002.safetensors\"",
                "\"transformer.ln_f.weight\": \"model-00001-of-00002.safetensors\""));
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.open(directory));
        assertEquals(directory.resolve("model-00001-of-00002.safetensors") + ": tensor transformer.ln_f.weight is listed in "
                + INDEX + " but absent from this shard", e.getMessage());
    }

    @Test
    void shardOutsideTheModelDirectoryIsRefused(@TempDir Path temp) throws IOException {
        for (String shard : List.of("../model-00001-of-00002.safetensors", "/etc/passwd", "..")) {
            Path index = Files.writeString(temp.resolve(INDEX), "{\"weight_map\": {\"lm_head.weight\": \"" + shard + "\"}}");
            CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.open(temp));
            assertEquals(index + ": weight_map gives tensor lm_head.weight the shard \"" + shard
                    + "\", which is not a file name in this directory", e.getMessage());
        }
    }

    @Test
    void indexWithoutAWeightMapNamesTheFile(@TempDir Path temp) throws IOException {
        Path index = Files.writeString(temp.resolve(INDEX), "{\"metadata\": {\"total_size\": 1}}");
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.open(temp));
        assertEquals(index + ": has no weight_map object naming the shard of each tensor", e.getMessage());
    }

    @Test
    void indexThatIsNotJsonNamesTheFile(@TempDir Path temp) throws IOException {
        Path index = Files.writeString(temp.resolve(INDEX), "{\"weight_map\": ");
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.open(temp));
        assertContains(index + ": not valid JSON (", e.getMessage());
    }

    @Test
    void brokenShardIsNamedItself(@TempDir Path temp) throws IOException {
        Path directory = ModelFixtures.copy(ModelFixtures.BF16_SHARDED, temp);
        Path shard = directory.resolve("model-00001-of-00002.safetensors");
        Files.write(shard, new byte[] {9});
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.open(directory));
        assertEquals(shard + ": truncated: 1 bytes, too short for a safetensors header", e.getMessage());
    }
}
