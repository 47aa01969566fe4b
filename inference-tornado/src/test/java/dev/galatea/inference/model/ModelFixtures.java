package dev.galatea.inference.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The tiny GPT-J model directories under src/test/resources/fixtures and their golden.json. */
public final class ModelFixtures {
    public static final String F16 = "tiny-gptj-f16";
    public static final String BF16_SHARDED = "tiny-gptj-bf16-sharded";
    public static final String TORCHBIN = "tiny-gptj-torchbin";

    /** One golden case; {@code lastLogits} or {@code logitsAllPositions} is null when the fixture lists the other. */
    public record Case(int[] inputIds, float[] lastLogits, float[][] logitsAllPositions, int[] greedyNewIds) {}

    /** A golden greedy run: argmax at every step through the KV cache. */
    public record Greedy(int[] inputIds, int[] greedyNewIds) {}

    public record Golden(String dtype, List<Case> cases, Greedy longGreedy) {}

    private ModelFixtures() {}

    public static Path directory(String name) {
        URL url = ModelFixtures.class.getResource("/fixtures/" + name);
        if (url == null) {
            throw new IllegalStateException("fixture " + name + " is not on the test class path");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A copy of fixture {@code name} inside {@code parent}, safe to edit. */
    public static Path copy(String name, Path parent) {
        Path target = parent.resolve(name);
        try (Stream<Path> files = Files.list(directory(name))) {
            Files.createDirectories(target);
            for (Path file : files.toList()) {
                Files.copy(file, target.resolve(file.getFileName().toString()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    public static Golden golden(String name) {
        JsonNode json;
        try {
            json = new ObjectMapper().readTree(directory(name).resolve("golden.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Case> cases = new ArrayList<>();
        for (JsonNode c : json.get("cases")) {
            float[][] all = null;
            if (c.has("logits_all_positions")) {
                all = new float[c.get("logits_all_positions").size()][];
                for (int i = 0; i < all.length; i++) {
                    all[i] = floats(c.get("logits_all_positions").get(i));
                }
            }
            cases.add(new Case(ints(c.get("input_ids")), c.has("last_logits") ? floats(c.get("last_logits")) : null,
                    all, ints(c.get("greedy_new_ids"))));
        }
        JsonNode lg = json.get("long_greedy");
        Greedy longGreedy = lg == null ? null : new Greedy(ints(lg.get("input_ids")), ints(lg.get("greedy_new_ids")));
        return new Golden(json.get("dtype").asText(), cases, longGreedy);
    }

    private static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }

    private static float[] floats(JsonNode array) {
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) array.get(i).asDouble();
        }
        return out;
    }
}
