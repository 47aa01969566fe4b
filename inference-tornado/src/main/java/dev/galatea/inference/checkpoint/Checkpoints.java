package dev.galatea.inference.checkpoint;

import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/** Opens the weights of a Hugging Face model directory, whatever format they are stored in. */
public final class Checkpoints {
    private record Layout(String fileName, BiFunction<Path, Arena, Map<String, Tensor>> reader) {}

    /** In the order Hugging Face's from_pretrained prefers them. */
    private static final List<Layout> LAYOUTS = List.of(
            new Layout("model.safetensors", SafetensorsFile::map),
            new Layout("model.safetensors.index.json", (index, arena) -> ShardedWeights.map(index, arena, SafetensorsFile::map)),
            new Layout("pytorch_model.bin", TorchArchive::map),
            new Layout("pytorch_model.bin.index.json", (index, arena) -> ShardedWeights.map(index, arena, TorchArchive::map)));

    private Checkpoints() {}

    /**
     * Maps the parameters of the model in {@code directory}. Only headers, the ZIP central directory and pickles are
     * read, so opening costs the same for 12 GB as for 12 MB; legacy buffers (attn.bias, attn.masked_bias) and
     * non-float tensors are left out.
     */
    public static Checkpoint open(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new CheckpointException(directory, "not a model directory");
        }
        Layout layout = LAYOUTS.stream()
                .filter(l -> Files.isRegularFile(directory.resolve(l.fileName())))
                .findFirst()
                .orElseThrow(() -> new CheckpointException(directory, "no weights found: looked for "
                        + LAYOUTS.stream().map(Layout::fileName).collect(Collectors.joining(", "))));
        Arena arena = Arena.ofShared();
        try {
            Map<String, Tensor> tensors = layout.reader().apply(directory.resolve(layout.fileName()), arena);
            tensors.values().removeIf(t -> !isParameter(t));
            return new Checkpoint(directory, tensors, arena);
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    /** GPT-J's causal mask (attn.bias) and its fill value (attn.masked_bias) are buffers older exports saved. */
    private static boolean isParameter(Tensor tensor) {
        return tensor.dtype().isParameterType()
                && !tensor.name().endsWith(".attn.bias")
                && !tensor.name().endsWith(".attn.masked_bias");
    }
}
