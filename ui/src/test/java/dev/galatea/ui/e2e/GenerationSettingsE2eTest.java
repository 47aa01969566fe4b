package dev.galatea.ui.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GenerationSettingsE2eTest extends BrowserTest {

    @AfterEach
    void backToDefaults() {
        // Settings are remembered for everyone: leave the Pygmalion defaults for the other tests.
        openApp();
        page.locator("#tab-generation").click();
        page.locator("#reset-settings").click();
        assertThat(page.locator("#temperature input")).hasValue("0.5");
    }

    @Test
    void slidersStartAtThePygmalionDefaultsAndExplainThemselves() {
        openApp();
        page.locator("#tab-generation").click();
        page.locator("#reset-settings").click();

        assertThat(page.locator("#max-new-tokens input")).hasValue("196");
        assertThat(page.locator("#history-turns input")).hasValue("8");
        assertThat(page.locator("#history-turns-slider")).hasAttribute("max", "100");
        assertThat(page.locator("#temperature input")).hasValue("0.5");
        assertThat(page.locator("#top-p input")).hasValue("0.9");
        assertThat(page.locator("#typical-p input")).hasValue("1");
        assertThat(page.locator("#repetition-penalty input")).hasValue("1.05");
        assertThat(page.locator("#top-k input")).hasValue("0");
        assertThat(page.locator("#penalty-alpha input")).hasValue("0");
        assertThat(page.locator("#min-p input")).hasValue("0");
        assertThat(page.locator("#temperature-slider")).hasAttribute("min", "0.1");
        assertThat(page.locator("#temperature-slider")).hasAttribute("max", "2");
        assertThat(page.locator("#stop-strings textarea")).hasValue("\\nYou:");
        assertThat(page.locator("#banned-words textarea")).hasValue("Persona:\nScenario:\n<START>");

        page.locator("#settings-help").click();
        assertThat(page.locator("#settings-help")).containsText("Typical p (typical_p)");
        assertThat(page.locator("#settings-help")).containsText("Range: 0 to 1. Pygmalion default: 0.9.");
        assertThat(page.locator("#settings-help")).containsText("Turns in the prompt (history_turns)");
        screenshot("generation-settings");
    }

    @Test
    void aFixedSeedAndASavedPresetAreRememberedAndUsed() {
        String preset = "Warm " + UUID.randomUUID().toString().substring(0, 6);
        String name = fillCharacter("Seeded", "Reproducible.", "Again?");
        page.locator("#tab-generation").click();
        Locator temperature = page.locator("#temperature input");
        temperature.fill("0.8");
        temperature.press("Tab");
        page.locator("#seed-mode vaadin-radio-button").filter(new Locator.FilterOptions().setHasText("Fixed")).click();
        page.locator("#seed input").fill("42");
        page.locator("#seed input").press("Tab");
        Locator historyTurns = page.locator("#history-turns input");
        historyTurns.fill("0");
        historyTurns.press("Tab");
        page.locator("#preset-name input").fill(preset);
        page.locator("#save-preset").click();
        assertThat(notice()).containsText("Saved preset \"" + preset + "\".");

        page.reload();
        page.locator("#tab-generation").click();
        assertThat(page.locator("#temperature input")).hasValue("0.8");
        assertThat(page.locator("#seed input")).hasValue("42");
        assertThat(page.locator("#history-turns input")).hasValue("0");
        page.locator("#preset").click();
        assertThat(page.locator("vaadin-select-item").filter(new Locator.FilterOptions().setHasText(preset)))
                .hasText(preset + " (saved by you)");
        page.keyboard().press("Escape");

        fillCharacter(name.substring(0, 6), "Reproducible.", "Again?");
        sendMessage("Once more.");
        assertThat(page.locator(".galatea-message.character .galatea-message-facts").last())
                .hasText(Pattern.compile("seed 42 · \\w+"));
    }
}
