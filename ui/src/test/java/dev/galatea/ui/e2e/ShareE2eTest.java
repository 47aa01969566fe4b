package dev.galatea.ui.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import dev.galatea.ui.generation.ReplyEngine;

/** Share links in a real browser against the real demo model: the author shares, a stranger opens, forks, replays. */
class ShareE2eTest extends BrowserTest {

    private static final String REPLY = ".galatea-message.character:not(.pending)";

    @Autowired
    ReplyEngine engine;

    @Test
    void aSharedChatOpensReadOnlyInAFreshBrowserForksRepliesAndRevokes() throws Exception {
        context.grantPermissions(List.of("clipboard-read", "clipboard-write"));
        String name = fillCharacter("Aqua", "A goddess of water. <b>bold</b>", "*waves* Hello, traveller!");
        sendMessage("Where are we?");
        page.locator(REPLY).nth(1).locator(".galatea-message-facts").waitFor();
        List<String> shownToAuthor = page.locator("#messages .galatea-message .message-body").allTextContents();
        assertThat(shownToAuthor).hasSize(3);

        String url = share();
        assertThat(url).matches(Pattern.quote(url("/s/")) + "[A-Za-z0-9_-]{22}");
        page.locator("#share-copy").click();
        assertThat(clipboard()).isEqualTo(url);
        screenshot("share-dialog");
        page.locator("#share-close").click();

        // The author chats on: the link keeps the chat as it was when shared.
        sendMessage("And now?");
        page.locator(REPLY).nth(2).locator(".galatea-message-facts").waitFor();

        try (BrowserContext stranger = Chromium.browser().newContext(new Browser.NewContextOptions()
                .setViewportSize(1280, 900))) {
            stranger.setDefaultTimeout(15_000);
            Page visitor = stranger.newPage();
            Response response = visitor.navigate(url);
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.headers()).containsEntry("x-frame-options", "DENY")
                    .containsEntry("content-security-policy", "frame-ancestors 'none'");

            visitor.locator("#share-messages .galatea-message").first().waitFor();
            assertThat(visitor.locator("#share-title")).containsText(name);
            assertThat(visitor.locator("#share-messages .galatea-message .message-body").allTextContents())
                    .isEqualTo(shownToAuthor);
            assertThat(visitor.locator("#share-persona")).hasText("A goddess of water. <b>bold</b>");
            assertThat(visitor.locator("#share-model")).hasText("Made with Demo (tiny random GPT-J) (fingerprint "
                    + engine.model().fingerprint() + "). That is the model loaded here now, so replays reproduce it.");
            assertThat(engine.model().fingerprint()).matches("[0-9a-f]{12}");
            assertThat(visitor.locator("vaadin-text-area, vaadin-text-field, vaadin-upload, #message-input, #send, "
                    + "#regenerate, #undo, #stop, #new-character, #tabs")).hasCount(0);
            assertThat(visitor.locator("#share-messages .galatea-message.character em").first()).hasText("waves");
            visitor.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("share-page.png"))
                    .setFullPage(true));

            visitor.locator("#replay-2").click();
            assertThat(visitor.locator("#replay-result-2")).hasAttribute("data-verdict", "MATCHES");
            assertThat(visitor.locator("#replay-result-2"))
                    .hasText("Replay matches: the same settings and seed gave the same text.");

            visitor.locator("#share-fork").click();
            visitor.locator("#messages .galatea-message").first().waitFor();
            assertThat(visitor.locator("#messages " + REPLY)).hasCount(2);
            assertThat(visitor.locator("#messages .galatea-message .message-body").allTextContents())
                    .isEqualTo(shownToAuthor);
            Locator input = visitor.locator("#message-input textarea");
            input.fill("I forked this chat.");
            input.press("Enter");
            visitor.locator("#messages " + REPLY).nth(2).locator(".galatea-message-facts").waitFor();
            assertThat(visitor.locator("#messages .galatea-message.user").last()).containsText("I forked this chat.");
            visitor.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("share-forked.png"))
                    .setFullPage(true));

            visitor.navigate(url);
            visitor.locator("#share-messages .galatea-message").first().waitFor();
            assertThat(visitor.locator("#share-messages .galatea-message .message-body").allTextContents())
                    .isEqualTo(shownToAuthor);

            // Sharing again lists both links; revoking the first leaves the second working.
            String second = share();
            page.locator("#revoke-" + id(url)).click();
            assertThat(page.locator("#share-links [data-link]")).hasCount(1);
            assertThat(page.locator("#share-links [data-link]")).hasAttribute("data-link", id(second));

            Response revoked = visitor.navigate(url);
            assertThat(revoked.status()).isEqualTo(404);
            assertThat(visitor.locator("#share-not-found-reason")).hasText("The link may be mistyped, or its author "
                    + "may have revoked it. Shared sessions cannot be listed or searched, so ask the person who sent "
                    + "it for a new link.");
            visitor.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("share-revoked.png")));
            assertThat(visitor.navigate(second).status()).isEqualTo(200);
        }
    }

    @Test
    void unknownAndMalformedLinksGetTheFriendly404PageWithAntiFramingHeaders() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String id : List.of("AAAAAAAAAAAAAAAAAAAAAA", "not-an-id", "AAAAAAAAAAAAAAAAAAAAAB",
                "%27%20OR%201%3D1--AAAAAAAAAA")) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url("/s/" + id)))
                    .header("Accept", "text/html").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(id).isEqualTo(404);
            assertThat(response.headers().firstValue("X-Frame-Options")).as(id).contains("DENY");
            assertThat(response.headers().firstValue("Content-Security-Policy")).as(id)
                    .contains("frame-ancestors 'none'");
            assertThat(response.headers().firstValue("Referrer-Policy")).as(id).contains("no-referrer");
            assertThat(response.body()).as(id).contains("This shared session is not here")
                    .doesNotContain("Exception").doesNotContain("at dev.galatea");
        }

        Response response = page.navigate(url("/s/AAAAAAAAAAAAAAAAAAAAAA"));
        assertThat(response.status()).isEqualTo(404);
        assertThat(page.locator("#share-not-found h2")).hasText("This shared session is not here");
        screenshot("share-not-found");
    }

    private String share() {
        page.locator("#share-chat").click();
        Locator address = page.locator("#share-url input");
        address.waitFor();
        return address.inputValue();
    }

    /** The clipboard once it is not empty: the copy runs in the browser after the click's round trip. */
    private String clipboard() {
        String text = "";
        for (int attempt = 0; attempt < 50 && text.isEmpty(); attempt++) {
            page.waitForTimeout(100);
            text = (String) page.evaluate("navigator.clipboard.readText()");
        }
        return text;
    }

    private static String id(String url) {
        return url.substring(url.lastIndexOf('/') + 1);
    }
}
