package dev.galatea.inference.checkpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * A sharded checkpoint: an index JSON whose {@code weight_map} names, for every tensor, the shard file that holds it.
 * Each shard is mapped once, whatever its format.
 */
final class ShardedWeights {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ShardedWeights() {}

    /** The tensors {@code index} lists, each taken from its shard as {@code shardReader} maps it into {@code arena}. */
    static Map<String, Tensor> map(Path index, Arena arena, BiFunction<Path, Arena, Map<String, Tensor>> shardReader) {
        Map<String, List<String>> namesByShard = weightMap(index);
        Path directory = index.toAbsolutePath().getParent();
        // Every shard is checked before any is mapped, so a partial download fails at once and names what is missing.
        for (Map.Entry<String, List<String>> shard : namesByShard.entrySet()) {
            Path file = directory.resolve(shard.getKey());
            if (!Files.isRegularFile(file)) {
                throw new CheckpointException(file, "missing: " + index.getFileName() + " names this shard for "
                        + shard.getValue().size() + " tensors");
            }
        }
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> shard : namesByShard.entrySet()) {
            Path file = directory.resolve(shard.getKey());
            Map<String, Tensor> inShard = shardReader.apply(file, arena);
            for (String name : shard.getValue()) {
                Tensor tensor = inShard.get(name);
                if (tensor == null) {
                    throw new CheckpointException(file, "tensor " + name + " is listed in " + index.getFileName()
                            + " but absent from this shard");
                }
                tensors.put(name, tensor);
            }
        }
        return tensors;
    }

    /** Tensor names grouped by shard file name, both in index order. */
    private static Map<String, List<String>> weightMap(Path index) {
        JsonNode json;
        try {
            json = JSON.readTree(index.toFile());
        } catch (IOException e) {
            String why = e instanceof JsonProcessingException parse ? parse.getOriginalMessage() : e.getMessage();
            throw new CheckpointException(index, "not valid JSON (" + why + ")", e);
        }
        JsonNode weightMap = json == null ? null : json.get("weight_map");
        if (weightMap == null || !weightMap.isObject() || weightMap.isEmpty()) {
            throw new CheckpointException(index, "has no weight_map object naming the shard of each tensor");
        }
        Map<String, List<String>> namesByShard = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : weightMap.properties()) {
            String shard = entry.getValue().asText("");
            if (!entry.getValue().isTextual() || !isPlainFileName(shard)) {
                throw new CheckpointException(index, "weight_map gives tensor " + entry.getKey() + " the shard "
                        + entry.getValue() + ", which is not a file name in this directory");
            }
            namesByShard.computeIfAbsent(shard, s -> new ArrayList<>()).add(entry.getKey());
        }
        return namesByShard;
    }

    /** A shard must sit beside its index: a path could point the loader at any file on the machine. */
    private static boolean isPlainFileName(String name) {
        return !name.isEmpty() && !name.equals(".") && !name.equals("..") && name.indexOf('/') < 0 && name.indexOf('\\') < 0;
    }
}
