package dev.galatea.chat.settings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.galatea.chat.JsonSupport;
import dev.galatea.chat.JsonSupport.InvalidJsonException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Settings as JSON for persistence and sharing, keyed by the Hugging Face names ({@code max_new_tokens},
 * {@code top_p}, ...). Reading is forgiving where it is safe: a missing key takes the Pygmalion default and an unknown
 * key is ignored (a newer version may add settings); a wrong type or out-of-range value is an error naming the key.
 */
public final class SettingsJson {
    private SettingsJson() {
    }

    public static String write(GenerationSettings settings) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put(Setting.MAX_NEW_TOKENS.key(), settings.maxNewTokens());
        root.put(Setting.TEMPERATURE.key(), settings.temperature());
        root.put(Setting.TOP_P.key(), settings.topP());
        root.put(Setting.TOP_K.key(), settings.topK());
        root.put(Setting.TYPICAL_P.key(), settings.typicalP());
        root.put(Setting.REPETITION_PENALTY.key(), settings.repetitionPenalty());
        root.put(Setting.PENALTY_ALPHA.key(), settings.penaltyAlpha());
        root.put(Setting.MIN_P.key(), settings.minP());
        root.put(Setting.DO_SAMPLE.key(), settings.doSample());
        root.put(Setting.SEED.key(), settings.seed());
        ArrayNode stops = root.putArray(Setting.STOP_STRINGS.key());
        settings.stopStrings().forEach(stops::add);
        ArrayNode banned = root.putArray(Setting.BANNED_WORDS.key());
        settings.bannedWords().forEach(banned::add);
        root.put(Setting.HISTORY_TURNS.key(), settings.historyTurns());
        return new String(JsonSupport.toBytes(root), StandardCharsets.UTF_8);
    }

    /**
     * @param source where the JSON came from (a file name, "shared link"), for error messages
     * @throws SettingsException naming {@code source} and the key at fault
     */
    public static GenerationSettings read(String source, String json) {
        JsonNode root;
        try {
            root = JsonSupport.readTree(json.getBytes(StandardCharsets.UTF_8));
        } catch (InvalidJsonException e) {
            throw new SettingsException(null, source + ": " + e.getMessage());
        }
        if (!root.isObject()) {
            throw new SettingsException(null, source + ": generation settings must be a JSON object");
        }
        Reader reader = new Reader(source, root);
        GenerationSettings defaults = GenerationSettings.PYGMALION_DEFAULTS;
        try {
            return new GenerationSettings(
                    (int) reader.number(Setting.MAX_NEW_TOKENS, defaults.maxNewTokens()),
                    reader.number(Setting.TEMPERATURE, defaults.temperature()),
                    reader.number(Setting.TOP_P, defaults.topP()),
                    (int) reader.number(Setting.TOP_K, defaults.topK()),
                    reader.number(Setting.TYPICAL_P, defaults.typicalP()),
                    reader.number(Setting.REPETITION_PENALTY, defaults.repetitionPenalty()),
                    reader.number(Setting.PENALTY_ALPHA, defaults.penaltyAlpha()),
                    reader.number(Setting.MIN_P, defaults.minP()),
                    reader.bool(Setting.DO_SAMPLE, defaults.doSample()),
                    reader.seed(defaults.seed()),
                    reader.texts(Setting.STOP_STRINGS, defaults.stopStrings()),
                    reader.texts(Setting.BANNED_WORDS, defaults.bannedWords()),
                    (int) reader.number(Setting.HISTORY_TURNS, defaults.historyTurns()));
        } catch (SettingsException e) {
            throw new SettingsException(e.setting().orElse(null), source + ": " + e.getMessage());
        }
    }

    private record Reader(String source, JsonNode root) {
        /** Checked here, before an int cast could turn 1e12 into a valid-looking value. */
        double number(Setting setting, double fallback) {
            JsonNode value = root.get(setting.key());
            if (value == null) {
                return fallback;
            }
            if (!value.isNumber()) {
                throw wrongType(setting, "a number");
            }
            double number = value.doubleValue();
            setting.check(number);
            return number;
        }

        boolean bool(Setting setting, boolean fallback) {
            JsonNode value = root.get(setting.key());
            if (value == null) {
                return fallback;
            }
            if (!value.isBoolean()) {
                throw wrongType(setting, "true or false");
            }
            return value.booleanValue();
        }

        Long seed(Long fallback) {
            JsonNode value = root.get(Setting.SEED.key());
            if (value == null) {
                return fallback;
            }
            if (value.isNull()) {
                return null;
            }
            if (!value.isIntegralNumber() || !value.canConvertToLong()) {
                throw wrongType(Setting.SEED, "a 64-bit whole number, or null for random");
            }
            return value.longValue();
        }

        List<String> texts(Setting setting, List<String> fallback) {
            JsonNode value = root.get(setting.key());
            if (value == null) {
                return fallback;
            }
            if (!value.isArray()) {
                throw wrongType(setting, "a list of texts");
            }
            List<String> texts = new ArrayList<>(value.size());
            for (JsonNode entry : value) {
                if (!entry.isTextual()) {
                    throw wrongType(setting, "a list of texts");
                }
                texts.add(entry.textValue());
            }
            return texts;
        }

        private SettingsException wrongType(Setting setting, String expected) {
            return new SettingsException(setting, setting.key() + " must be " + expected);
        }
    }
}
