package dev.galatea.chat.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SettingsJsonTest {
    private static String failure(String json) {
        return assertThrows(SettingsException.class, () -> SettingsJson.read("shared.json", json)).getMessage();
    }

    @Test
    void defaultsAreWrittenWithHuggingFaceNames() {
        assertEquals("{\"max_new_tokens\":196,\"temperature\":0.5,\"top_p\":0.9,\"top_k\":0,\"typical_p\":1.0,"
                        + "\"repetition_penalty\":1.05,\"penalty_alpha\":0.0,\"min_p\":0.0,\"do_sample\":true,\"seed\":null,"
                        + "\"stop_strings\":[\"\\nYou:\"],\"banned_words\":[\"Persona:\",\"Scenario:\",\"<START>\"],"
                        + "\"history_turns\":8}",
                SettingsJson.write(GenerationSettings.PYGMALION_DEFAULTS));
    }

    @Test
    void writtenSettingsReadBackEqual() {
        GenerationSettings settings = new GenerationSettings(64, 1.31, 0.14, 49, 0.2, 1.17, 0.6, 0.05, false,
                -9_007_199_254_740_993L, List.of("\nYou:", "\nKazuma:"), List.of("<START>", "ünïcode"), 0);

        assertEquals(settings, SettingsJson.read("shared.json", SettingsJson.write(settings)));
    }

    @Test
    void missingKeysTakeDefaultsAndUnknownKeysAreIgnored() {
        GenerationSettings read = SettingsJson.read("shared.json", "{\"temperature\": 0.7, \"mirostat_tau\": 5}");

        assertEquals(new GenerationSettings(196, 0.7, 0.9, 0, 1.0, 1.05, 0, 0, true, null, List.of("\nYou:"),
                List.of("Persona:", "Scenario:", "<START>"), 8), read);
    }

    @Test
    void wrongTypesAndRangesNameTheFileAndKey() {
        assertEquals("shared.json: temperature must be a number", failure("{\"temperature\": \"hot\"}"));
        assertEquals("shared.json: top_k must be between 0 and 100, got 1000000000000", failure("{\"top_k\": 1e12}"));
        assertEquals("shared.json: top_k must be a whole number, got 4.5", failure("{\"top_k\": 4.5}"));
        assertEquals("shared.json: max_new_tokens must be between 16 and 512, got 4096", failure("{\"max_new_tokens\": 4096}"));
        assertEquals("shared.json: do_sample must be true or false", failure("{\"do_sample\": \"yes\"}"));
        assertEquals("shared.json: history_turns must be between 0 and 100, got -1", failure("{\"history_turns\": -1}"));
        assertEquals("shared.json: seed must be a 64-bit whole number, or null for random", failure("{\"seed\": 1.5}"));
        assertEquals("shared.json: seed must be a 64-bit whole number, or null for random",
                failure("{\"seed\": 99999999999999999999}"));
        assertEquals("shared.json: stop_strings must be a list of texts", failure("{\"stop_strings\": \"\\nYou:\"}"));
        assertEquals("shared.json: banned_words must be a list of texts", failure("{\"banned_words\": [1]}"));
        assertEquals("shared.json: stop_strings entry 1 is empty", failure("{\"stop_strings\": [\"\"]}"));
        assertEquals("shared.json: generation settings must be a JSON object", failure("[1]"));
        assertTrue(failure("{\"top_k\": }").startsWith("shared.json: not valid JSON at line 1, column 11: "));
    }

    @Test
    void errorsPointAtTheSettingForTheForm() {
        SettingsException error = assertThrows(SettingsException.class,
                () -> SettingsJson.read("shared.json", "{\"top_p\": 2}"));

        assertEquals(Optional.of(Setting.TOP_P), error.setting());
        assertEquals(Optional.empty(),
                assertThrows(SettingsException.class, () -> SettingsJson.read("x", "nope")).setting());
    }
}
