package dev.galatea.chat.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SettingHelpTest {
    private static final List<SettingHelp> PANEL = Setting.helpPanel();

    private static SettingHelp help(String key) {
        return PANEL.stream().filter(entry -> entry.key().equals(key)).findFirst().orElseThrow();
    }

    @Test
    void panelCoversEverySettingInFormOrder() {
        assertEquals(List.of("max_new_tokens", "history_turns", "temperature", "top_p", "top_k", "typical_p", "repetition_penalty",
                "penalty_alpha", "min_p", "do_sample", "seed", "stop_strings", "banned_words"),
                PANEL.stream().map(SettingHelp::key).toList());
    }

    @Test
    void rangesAndDefaultsComeFromTheChecksAndDefaults() {
        assertEquals(new SettingHelp("max_new_tokens", "Max new tokens", help("max_new_tokens").description(),
                "16 to 512, whole numbers", "196"), help("max_new_tokens"));
        assertEquals("0 to 100, whole numbers", help("history_turns").range());
        assertEquals("8", help("history_turns").defaultValue());
        assertEquals("0.1 to 2", help("temperature").range());
        assertEquals("0.5", help("temperature").defaultValue());
        assertEquals("1.05", help("repetition_penalty").defaultValue());
        assertEquals("1 to 3", help("repetition_penalty").range());
        assertEquals("0 to 100, whole numbers", help("top_k").range());
        assertEquals("on", help("do_sample").defaultValue());
        assertEquals("random", help("seed").defaultValue());
        assertEquals("\"\\nYou:\"", help("stop_strings").defaultValue());
        assertEquals("\"Persona:\", \"Scenario:\", \"<START>\"", help("banned_words").defaultValue());
    }

    @Test
    void everyEntryExplainsItself() {
        for (SettingHelp entry : PANEL) {
            assertTrue(entry.description().length() > 60, entry.key());
            assertTrue(entry.label().length() > 2, entry.key());
        }
        assertTrue(help("typical_p").description().contains("0.2"));
        assertTrue(help("penalty_alpha").description().contains("top_k"));
    }
}
