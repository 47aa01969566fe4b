package dev.galatea.ui.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import org.junit.jupiter.api.Test;

class HeaderE2eTest extends BrowserTest {

    @Test
    void headerNamesTheModelAndWarnsAboutTheDemoWeights() {
        openApp();
        assertThat(page.locator("#model-name")).hasText("Demo (tiny random GPT-J)");
        assertThat(page.locator("#model-parameters")).hasText("6.60M parameters");
        assertThat(page.locator("#model-dtype")).hasText("F16");
        assertThat(page.locator("#model-backend")).hasText("cpu");
        assertThat(page.locator("#demo-notice")).hasText("Demo model: random weights, replies are gibberish. "
                + "Point Galatea at Pygmalion-6B with --model DIR or GALATEA_MODEL.");
        screenshot("header");
    }
}
