package dev.galatea.inference.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.galatea.inference.GalateaException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The GPT-J hyper-parameters of a Hugging Face config.json, with HF's defaults for absent keys. */
public record GptjConfig(
        int vocabSize,
        int nPositions,
        int nEmbd,
        int nLayer,
        int nHead,
        int rotaryDim,
        int nInner,
        float layerNormEpsilon,
        String activationFunction,
        int bosTokenId,
        int eosTokenId) {

    public int headDim() {
        return nEmbd / nHead;
    }

    public static GptjConfig read(Path modelDir) {
        Path file = modelDir.resolve("config.json");
        if (!Files.isRegularFile(file)) {
            throw new GalateaException(file + ": missing; a model directory needs the Hugging Face config.json");
        }
        JsonNode json;
        try {
            json = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new GalateaException(file + ": not valid JSON (" + oneLine(e) + ")", e);
        }
        String type = json.path("model_type").asText("gptj");
        if (!type.equals("gptj")) {
            throw new GalateaException(file + ": model_type is \"" + type + "\"; Galatea runs GPT-J models (model_type \"gptj\")");
        }
        int nEmbd = intKey(json, file, "n_embd", 4096);
        int nHead = intKey(json, file, "n_head", 16);
        if (nEmbd % nHead != 0) {
            throw new GalateaException(file + ": n_embd " + nEmbd + " is not a multiple of n_head " + nHead);
        }
        int headDim = nEmbd / nHead;
        int rotaryDim = json.hasNonNull("rotary_dim") ? intKey(json, file, "rotary_dim", 64) : headDim;
        if (rotaryDim > headDim || rotaryDim % 2 != 0) {
            throw new GalateaException(file + ": rotary_dim " + rotaryDim + " must be even and at most the head size " + headDim);
        }
        String activation = json.path("activation_function").asText("gelu_new");
        if (!activation.equals("gelu_new")) {
            throw new GalateaException(file + ": activation_function \"" + activation + "\" is not supported; GPT-J uses gelu_new");
        }
        return new GptjConfig(
                intKey(json, file, "vocab_size", 50400),
                intKey(json, file, "n_positions", 2048),
                nEmbd,
                intKey(json, file, "n_layer", 28),
                nHead,
                rotaryDim,
                json.hasNonNull("n_inner") ? intKey(json, file, "n_inner", 4 * nEmbd) : 4 * nEmbd,
                (float) json.path("layer_norm_epsilon").asDouble(1e-5),
                activation,
                tokenIdKey(json, file, "bos_token_id"),
                tokenIdKey(json, file, "eos_token_id"));
    }

    private static int intKey(JsonNode json, Path file, String key, int fallback) {
        JsonNode node = json.get(key);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.canConvertToInt() || node.asInt() <= 0) {
            throw new GalateaException(file + ": " + key + " must be a positive integer, not " + node);
        }
        return node.asInt();
    }

    /** Token ids may be 0 (small vocabularies often make id 0 their end of text); GPT-J's default is 50256. */
    private static int tokenIdKey(JsonNode json, Path file, String key) {
        JsonNode node = json.get(key);
        if (node == null || node.isNull()) {
            return 50256;
        }
        if (!node.canConvertToInt() || node.asInt() < 0) {
            throw new GalateaException(file + ": " + key + " must be a token id (0 or more), not " + node);
        }
        return node.asInt();
    }

    private static String oneLine(Exception e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
