package dev.galatea.inference.checkpoint;

import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The named tensors of a model directory, memory-mapped in place. Closing it unmaps every file, so the
 * tensors must not be used afterwards.
 */
public final class Checkpoint implements AutoCloseable {
    private final Path directory;
    private final Map<String, Tensor> tensors;
    private final Arena arena;

    Checkpoint(Path directory, Map<String, Tensor> tensors, Arena arena) {
        this.directory = directory;
        this.tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        this.arena = arena;
    }

    public Path directory() {
        return directory;
    }

    public Map<String, Tensor> tensors() {
        return tensors;
    }

    /** The tensor with this Hugging Face name; a missing one is an error that names the directory. */
    public Tensor tensor(String name) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new CheckpointException(directory, "tensor " + name + " is missing from the checkpoint");
        }
        return t;
    }

    /** Bytes of the parameter tensors: what a decode step reads. */
    public long parameterBytes() {
        return tensors.values().stream().mapToLong(Tensor::byteSize).sum();
    }

    @Override
    public void close() {
        arena.close();
    }
}
