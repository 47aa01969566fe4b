package dev.galatea.ui.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.WaitForSelectorState;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Two browser sessions and one model: the second waits its turn and sees its place; a closed tab lets go. */
class SharingTheModelE2eTest extends BrowserTest {

    @Test
    void aSecondUserWaitsInLineAndSeesTheirPlace() {
        BrowserContext otherContext = Chromium.browser().newContext(new Browser.NewContextOptions().setViewportSize(1280, 900));
        try {
            Page other = otherContext.newPage();
            fillCharacter(page, "First", "The first user's character.", "Hi.");
            setMaxNewTokens(page, 512);
            fillCharacter(other, "Second", "The second user's character.", "Hello.");
            typeMessage(other, "Am I next?");
            other.evaluate("""
                    () => {
                      window.galateaStatuses = [];
                      const status = document.getElementById('chat-status');
                      new MutationObserver(() => window.galateaStatuses.push(status.textContent))
                          .observe(status, {childList: true, characterData: true, subtree: true});
                    }""");

            sendMessage(page, "Tell me everything.");
            waitForTheFirstStreamedToken(page);
            other.locator("#message-input textarea").press("Enter");

            other.locator(".galatea-message.character .galatea-message-facts").last().waitFor();
            @SuppressWarnings("unchecked")
            List<String> statuses = (List<String>) other.evaluate("window.galateaStatuses");
            assertThat(statuses).contains("Waiting for the model: 1 generation is ahead of yours.", "Generating…");
            assertThat(statuses.indexOf("Waiting for the model: 1 generation is ahead of yours."))
                    .isLessThan(statuses.indexOf("Generating…"));
            // Its prompt shares nothing with the first user's, so all of it is read before the reply starts.
            int reading = IntStream.range(0, statuses.size())
                    .filter(i -> statuses.get(i).matches("Reading the prompt: 0 of \\d+ tokens…")).findFirst().orElse(-1);
            assertThat(reading).as(statuses.toString()).isGreaterThan(statuses.indexOf("Generating…"));
            assertThat(statuses.lastIndexOf("Generating…")).isGreaterThan(reading);
            // The first reply ran to its own end, undisturbed by the second user: which end depends on its random seed.
            assertThat(page.locator(".galatea-message.character .galatea-message-facts").last())
                    .hasText(Pattern.compile("seed \\d+ · (length|eos|stop)"));
        } finally {
            otherContext.close();
        }
    }

    @Test
    void closingTheTabStopsItsReply() {
        fillCharacter("Closer", "Leaves early.", "Bye.");
        setMaxNewTokens(page, 512);
        sendMessage("Say a lot.");
        waitForTheFirstStreamedToken(page);
        page.close(new Page.CloseOptions().setRunBeforeUnload(true));

        page = context.newPage();
        openApp();
        page.locator("#tab-chat").click();
        var reply = page.locator(".galatea-message.character .galatea-message-facts").last();
        assertThat(reply).hasText(Pattern.compile("seed \\d+ · cancelled"));
    }

    /**
     * Attached, not visible: the first token may render as nothing, being half of a UTF-8 character whose text
     * comes with the next token, or a lone newline.
     */
    private static void waitForTheFirstStreamedToken(Page page) {
        page.locator("#pending-reply .token").first()
                .waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.ATTACHED));
    }
}
