package dev.galatea.inference.checkpoint;

import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Opens the weights of a Hugging Face model directory, whatever format they are stored in. */
public final class Checkpoints {
    private Checkpoints() {}

    public static Checkpoint open(Path directory) {
        Arena arena = Arena.ofShared();
        try {
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            Path single = directory.resolve("model.safetensors");
            if (SafetensorsFile.exists(single)) {
                tensors.putAll(SafetensorsFile.map(single, arena));
            } else {
                throw new CheckpointException(directory, "no weights found: expected model.safetensors");
            }
            tensors.values().removeIf(t -> !t.dtype().isParameterType()
                    || t.name().endsWith(".attn.bias") || t.name().endsWith(".attn.masked_bias"));
            return new Checkpoint(directory, tensors, arena);
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }
}
