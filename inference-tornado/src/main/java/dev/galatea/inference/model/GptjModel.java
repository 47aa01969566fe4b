package dev.galatea.inference.model;

import dev.galatea.inference.checkpoint.Checkpoint;
import dev.galatea.inference.checkpoint.Checkpoints;
import dev.galatea.inference.checkpoint.DType;
import dev.galatea.inference.checkpoint.Tensor;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A loaded GPT-J model directory: its config, its weights bound by Hugging Face names, and the memory-mapped
 * checkpoint that holds them. Closing it unmaps the weights, so close every backend built on it first.
 */
public final class GptjModel implements AutoCloseable {
    private final String name;
    private final GptjConfig config;
    private final Checkpoint checkpoint;
    private final GptjWeights weights;

    private GptjModel(String name, GptjConfig config, Checkpoint checkpoint, GptjWeights weights) {
        this.name = name;
        this.config = config;
        this.checkpoint = checkpoint;
        this.weights = weights;
    }

    /** Reads config.json, maps the weights and checks every tensor's shape; errors name the file or tensor. */
    public static GptjModel load(Path directory) {
        GptjConfig config = GptjConfig.read(directory);
        Checkpoint checkpoint = Checkpoints.open(directory);
        try {
            GptjWeights weights = GptjWeights.bind(checkpoint, config);
            Path fileName = directory.toAbsolutePath().normalize().getFileName();
            return new GptjModel(fileName == null ? directory.toString() : fileName.toString(), config, checkpoint, weights);
        } catch (RuntimeException e) {
            checkpoint.close();
            throw e;
        }
    }

    /** The directory's name, e.g. "pygmalion-6b": what the UI header and the bench print. */
    public String name() {
        return name;
    }

    public GptjConfig config() {
        return config;
    }

    public GptjWeights weights() {
        return weights;
    }

    public Checkpoint checkpoint() {
        return checkpoint;
    }

    public long parameterCount() {
        return weights.tensors().mapToLong(Tensor::elementCount).sum();
    }

    /** The dtype holding most of the parameters (a checkpoint may keep a few small tensors in F32). */
    public DType dtype() {
        Map<DType, Long> elements = weights.tensors()
                .collect(Collectors.groupingBy(Tensor::dtype, Collectors.summingLong(Tensor::elementCount)));
        return elements.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }

    @Override
    public void close() {
        checkpoint.close();
    }
}
