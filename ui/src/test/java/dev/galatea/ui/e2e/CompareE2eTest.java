package dev.galatea.ui.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.galatea.chat.prompt.ReplyParser;
import dev.galatea.ui.compare.ComparedColumn;
import dev.galatea.ui.compare.ComparisonStore;
import dev.galatea.ui.persistence.ChatStore;
import dev.galatea.ui.persistence.StoredMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The compare view in a real browser against the real demo model. */
class CompareE2eTest extends BrowserTest {

    private static final String REPLY = ".galatea-message.character:not(.pending)";

    @Autowired
    ChatStore chats;

    private int runs;

    @Autowired
    ComparisonStore comparisons;

    @Test
    void threeColumnsWithFixedSeedsGiveTheSameTextsTwiceAndOneIsKeptAsTheReply() {
        String name = fillCharacter("Megumin", "An explosion wizard.", "Explosion!");
        sendMessage("Show me magic.");
        page.locator(REPLY).nth(1).locator(".galatea-message-facts").waitFor();

        page.locator("#compare-chat").click();
        page.waitForURL(Pattern.compile(".*/compare\\?chat=\\d+"));
        page.locator("#compare-message").waitFor();
        long chatId = Long.parseLong(page.url().replaceFirst(".*[?&]chat=(\\d+).*", "$1"));
        assertThat(page.locator("#compare-context")).containsText(name);
        page.locator("#compare-message textarea").fill("Once more, with feeling.");
        page.locator("#compare-max-new-tokens input").fill("16");
        assertThat(page.locator("#compare-columns > vaadin-vertical-layout")).hasCount(3);
        assertThat(presetShown(1)).hasText("Pygmalion defaults");
        assertThat(presetShown(2)).hasText("Greedy");
        pickPreset(3, "Typical 0.2");
        assertThat(page.locator("#column-3-typical-p input")).hasValue("0.2");
        pickPreset(3, "Creative");
        assertThat(page.locator("#column-3-temperature input")).hasValue("1.2");
        assertThat(page.locator("#column-3-typical-p input")).hasValue("1");
        long[] seeds = {11, 22, 33};
        for (int column = 1; column <= 3; column++) {
            page.locator("#column-" + column + "-seed input").fill(Long.toString(seeds[column - 1]));
        }

        List<String> first = run();
        List<String> second = run();
        assertThat(second).isEqualTo(first);
        for (int column = 1; column <= 3; column++) {
            assertThat(page.locator("#column-" + column + "-stats")).hasText(Pattern.compile(
                    "\\d+\\.\\d tok/s · \\d+ tokens · mean logprob -\\d+\\.\\d{3} · (length|eos|stop)"));
        }
        assertThat(page.locator("#column-1-divergence")).hasText("Column 1: the others are compared with it.");
        // Greedy against temperature-0.5 sampling over random weights: they part somewhere, and the view marks where.
        Locator divergence = page.locator("#column-2-divergence");
        assertThat(divergence).hasText(Pattern.compile("(From token \\d+: .*)|(Same tokens as column 1\\.)"));
        if (divergence.textContent().startsWith("From token")) {
            int at = Integer.parseInt(divergence.textContent().replaceFirst("From token (\\d+):.*", "$1")) - 1;
            assertThat(page.locator("#column-2-text [data-diverged]")).hasAttribute("data-token", Integer.toString(at));
        }
        screenshot("compare");

        page.locator("#compare-share").click();
        String url = page.locator("#share-url input").inputValue();
        try (BrowserContext stranger = Chromium.browser().newContext(new Browser.NewContextOptions()
                .setViewportSize(1280, 900))) {
            stranger.setDefaultTimeout(15_000);
            Page visitor = stranger.newPage();
            visitor.navigate(url);
            visitor.locator("#share-columns").waitFor();
            for (int column = 1; column <= 3; column++) {
                assertThat(visitor.locator("#column-" + column + "-text")).hasText(first.get(column - 1));
                assertThat(visitor.locator("#column-" + column + "-settings"))
                        .hasText(Pattern.compile("seed " + seeds[column - 1] + " · .*max_new_tokens 16"));
                assertThat(visitor.locator("#column-" + column + "-stats"))
                        .hasText(page.locator("#column-" + column + "-stats").textContent());
            }
            assertThat(visitor.locator("#column-3-settings")).containsText("temperature 1.2");
            assertThat(visitor.locator("#column-2-settings")).containsText("greedy");
            assertThat(visitor.locator("vaadin-text-area, vaadin-text-field, #compare-run, [id$=-keep]")).hasCount(0);
            visitor.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("compare-shared.png"))
                    .setFullPage(true));
        }

        page.locator("#column-2-keep").click();
        page.locator("#messages .galatea-message").first().waitFor();
        assertThat(page.locator("#messages .galatea-message")).hasCount(5);
        assertThat(page.locator("#messages .galatea-message.user").last()).containsText("Once more, with feeling.");
        assertThat(page.locator("#messages " + REPLY).last().locator(".galatea-message-facts"))
                .hasText(Pattern.compile("seed 22 · .*"));

        List<ComparisonStore.SavedComparison> saved = comparisons.forChat(chatId);
        assertThat(saved).hasSize(1);
        assertThat(saved.getFirst().keptColumn()).isEqualTo(1);
        ComparedColumn kept = saved.getFirst().comparison().columns().get(1);
        assertThat(kept.seed()).isEqualTo(22);
        assertThat(kept.tokens().stream().map(t -> t.text()).reduce("", String::concat)).isEqualTo(first.get(1));
        StoredMessage reply = chats.messages(chatId).getLast();
        assertThat(saved.getFirst().messageId()).isEqualTo(reply.id());
        assertThat(reply.message().text()).isEqualTo(ReplyParser.characterMessage(kept.text(), name).text());
        assertThat(reply.provenance().seed()).isEqualTo(22);
        assertThat(reply.provenance().tokens()).isEqualTo(kept.tokens());
        assertThat(reply.provenance().settings().doSample()).isFalse();
        screenshot("compare-kept");
    }

    /** Runs the comparison and returns each column's streamed text. */
    private List<String> run() {
        runs++;
        page.locator("#compare-run").click();
        page.locator("#compare-view[data-finished-runs='" + runs + "']").waitFor();
        assertThat(page.locator("#compare-status")).hasText("Done.");
        List<String> texts = new ArrayList<>();
        for (int column = 1; column <= 3; column++) {
            texts.add(page.locator("#column-" + column + "-text").textContent());
            assertThat(texts.getLast()).as("column %d", column).isNotEmpty();
        }
        return texts;
    }

    private void pickPreset(int column, String preset) {
        page.locator("#column-" + column + "-preset").click();
        page.locator("vaadin-select-item:visible").filter(new Locator.FilterOptions().setHasText(preset)).first().click();
        assertThat(presetShown(column)).hasText(preset);
    }

    private Locator presetShown(int column) {
        return page.locator("#column-" + column + "-preset vaadin-select-value-button");
    }
}
