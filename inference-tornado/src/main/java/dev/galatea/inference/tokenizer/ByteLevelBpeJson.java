package dev.galatea.inference.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.galatea.inference.GalateaException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The tokenizer.json that Hugging Face's GPT-2 slow-to-fast converter would write for a directory holding only
 * the slow tokenizer's files (vocab.json, merges.txt, added_tokens.json, special_tokens_map.json,
 * tokenizer_config.json), which is what Pygmalion-6B ships: ByteLevel pre-tokenizer and decoder around a BPE model.
 */
final class ByteLevelBpeJson {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SPECIAL_TOKEN_KEYS =
            List.of("bos_token", "eos_token", "unk_token", "pad_token", "sep_token", "cls_token", "mask_token");

    private ByteLevelBpeJson() {}

    /** The tokenizer.json text for {@code modelDir}, and the id space it covers. */
    record Built(String json, int vocabSize) {}

    static Built build(Path modelDir) {
        Path vocabFile = modelDir.resolve("vocab.json");
        JsonNode vocab = readJson(vocabFile);
        if (!vocab.isObject() || vocab.isEmpty()) {
            throw new GalateaException(vocabFile + ": expected a JSON object mapping tokens to ids");
        }
        int maxId = maxId(vocab, vocabFile);
        ArrayNode merges = readMerges(modelDir.resolve("merges.txt"));

        Path configFile = modelDir.resolve("tokenizer_config.json");
        JsonNode config = Files.isRegularFile(configFile) ? readJson(configFile) : JSON.createObjectNode();
        Path specialFile = modelDir.resolve("special_tokens_map.json");
        JsonNode specialMap = Files.isRegularFile(specialFile) ? readJson(specialFile) : JSON.createObjectNode();
        Set<String> specials = specialTokens(specialMap, config);

        // id -> content of every token the BPE model must not split: the specials that vocab.json already holds,
        // added_tokens.json, and tokenizer_config.json's added_tokens_decoder (newer transformers write that).
        Map<Integer, String> added = new TreeMap<>();
        for (String special : specials) {
            JsonNode id = vocab.get(special);
            if (id != null) {
                added.put(id.asInt(), special);
            }
        }
        Path addedFile = modelDir.resolve("added_tokens.json");
        if (Files.isRegularFile(addedFile)) {
            JsonNode addedJson = readJson(addedFile);
            maxId = Math.max(maxId, maxId(addedJson, addedFile));
            addedJson.properties().forEach(e -> added.put(e.getValue().asInt(), e.getKey()));
        }
        JsonNode decoder = config.path("added_tokens_decoder");
        for (var entry : decoder.properties()) {
            int id = parseId(entry.getKey(), configFile);
            String content = entry.getValue().path("content").asText();
            added.put(id, content);
            if (entry.getValue().path("special").asBoolean(false)) {
                specials.add(content);
            }
            maxId = Math.max(maxId, id);
        }

        ObjectNode root = JSON.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode addedTokens = root.putArray("added_tokens");
        added.forEach((id, content) -> addedTokens.addObject()
                .put("id", id)
                .put("content", content)
                .put("single_word", false)
                .put("lstrip", false)
                .put("rstrip", false)
                .put("normalized", !specials.contains(content))
                .put("special", specials.contains(content)));
        root.putNull("normalizer");
        boolean addPrefixSpace = config.path("add_prefix_space").asBoolean(false);
        root.set("pre_tokenizer", byteLevel(addPrefixSpace, true));
        root.set("post_processor", byteLevel(true, false));
        root.set("decoder", byteLevel(true, true));
        ObjectNode model = root.putObject("model");
        model.put("type", "BPE");
        model.putNull("dropout");
        model.putNull("unk_token");
        model.put("continuing_subword_prefix", "");
        model.put("end_of_word_suffix", "");
        model.put("fuse_unk", false);
        model.put("byte_fallback", false);
        model.set("vocab", vocab);
        model.set("merges", merges);
        try {
            return new Built(JSON.writeValueAsString(root), maxId + 1);
        } catch (IOException e) {
            throw new IllegalStateException("a JSON tree of strings and numbers always serialises", e);
        }
    }

    private static ObjectNode byteLevel(boolean addPrefixSpace, boolean trimOffsets) {
        ObjectNode node = JSON.createObjectNode();
        node.put("type", "ByteLevel");
        node.put("add_prefix_space", addPrefixSpace);
        node.put("trim_offsets", trimOffsets);
        node.put("use_regex", true);
        return node;
    }

    private static Set<String> specialTokens(JsonNode specialMap, JsonNode config) {
        Set<String> specials = new HashSet<>();
        for (JsonNode source : List.of(specialMap, config)) {
            for (String key : SPECIAL_TOKEN_KEYS) {
                addTokenContent(source.get(key), specials);
            }
            for (JsonNode token : source.path("additional_special_tokens")) {
                addTokenContent(token, specials);
            }
        }
        return specials;
    }

    /** Special tokens are written either as a plain string or as an AddedToken object with a "content" field. */
    private static void addTokenContent(JsonNode token, Set<String> into) {
        if (token == null || token.isNull()) {
            return;
        }
        String content = token.isTextual() ? token.asText() : token.path("content").asText("");
        if (!content.isEmpty()) {
            into.add(content);
        }
    }

    private static ArrayNode readMerges(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new GalateaException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        ArrayNode merges = JSON.createArrayNode();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || (i == 0 && line.startsWith("#version"))) {
                continue;
            }
            String[] pair = line.split(" ");
            if (pair.length != 2 || pair[0].isEmpty() || pair[1].isEmpty()) {
                throw new GalateaException(file + ": line " + (i + 1) + " is not a merge of two tokens: \"" + line + "\"");
            }
            merges.add(line);
        }
        return merges;
    }

    private static int maxId(JsonNode tokenToId, Path file) {
        int max = -1;
        for (var entry : tokenToId.properties()) {
            JsonNode id = entry.getValue();
            if (!id.canConvertToInt() || id.asInt() < 0) {
                throw new GalateaException(file + ": token \"" + entry.getKey() + "\" has id " + id + ", not a non-negative integer");
            }
            max = Math.max(max, id.asInt());
        }
        return max;
    }

    private static int parseId(String id, Path file) {
        try {
            return Integer.parseInt(id);
        } catch (NumberFormatException e) {
            throw new GalateaException(file + ": added_tokens_decoder key \"" + id + "\" is not a token id", e);
        }
    }

    static JsonNode readJson(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new GalateaException(file + ": not valid JSON (" + firstLine(e.getMessage()) + ")", e);
        }
    }

    static String firstLine(String message) {
        String text = String.valueOf(message);
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
