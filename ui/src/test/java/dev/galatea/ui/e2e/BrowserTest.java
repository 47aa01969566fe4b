package dev.galatea.ui.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Starts the real app on a random port with an empty data directory, and gives each test a fresh browser page.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class BrowserTest {

    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Path DATA_DIR = createDataDir();

    @LocalServerPort
    int port;

    BrowserContext context;
    Page page;

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) {
        registry.add("galatea.data-dir", DATA_DIR::toString);
    }

    /**
     * A failing test's page at the moment it failed, before an {@code @AfterEach} tidies it (the {@code last-}
     * screenshot comes after those): a notice on screen then shows why a step timed out.
     */
    @RegisterExtension
    final TestExecutionExceptionHandler screenshotOnFailure = (test, failure) -> {
        try {
            screenshot("failed-" + test.getRequiredTestMethod().getName());
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
        throw failure;
    };

    @BeforeEach
    void openPage() {
        Browser browser = Chromium.browser();
        context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900));
        context.setDefaultTimeout(15_000);
        page = context.newPage();
    }

    @AfterEach
    void closePage(TestInfo test) {
        // The page as the test left it: the first thing to look at when one fails.
        screenshot("last-" + test.getTestMethod().map(m -> m.getName()).orElse("test"));
        context.close();
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    void openApp() {
        openApp(page);
    }

    /** Opens the app and waits until Vaadin has rendered the view. */
    void openApp(Page on) {
        on.navigate(url("/"));
        on.locator("#header").waitFor();
    }

    void screenshot(String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")).setFullPage(true));
    }

    private static Path createDataDir() {
        try {
            Path dir = Files.createTempDirectory("galatea-e2e-");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The notification on screen: Vaadin renders its text in an overlay card, outside the notification element. */
    Locator notice() {
        return page.locator("vaadin-notification-card");
    }

    String fillCharacter(String baseName, String persona, String greeting) {
        return fillCharacter(page, baseName, persona, greeting);
    }

    /** Opens the app and fills the Character tab; the name gets a unique suffix so tests never share a chat. */
    String fillCharacter(Page on, String baseName, String persona, String greeting) {
        openApp(on);
        String name = baseName + " " + UUID.randomUUID().toString().substring(0, 6);
        on.locator("#tab-character").click();
        on.locator("#new-character").click();
        // The server clears the form in answer to the click; fill it only after that answer.
        assertThat(on.locator("#char-name input")).hasValue("");
        on.locator("#char-name input").fill(name);
        on.locator("#persona textarea").fill(persona);
        on.locator("#greeting textarea").fill(greeting);
        return name;
    }

    void sendMessage(String text) {
        sendMessage(page, text);
    }

    static void sendMessage(Page on, String text) {
        typeMessage(on, text);
        on.locator("#message-input textarea").press("Enter");
        on.locator(".galatea-message.user").last().waitFor();
    }

    static void typeMessage(Page on, String text) {
        on.locator("#tab-chat").click();
        on.locator("#message-input textarea").fill(text);
    }

    static void setMaxNewTokens(Page on, int tokens) {
        on.locator("#tab-generation").click();
        Locator maxTokens = on.locator("#max-new-tokens input");
        maxTokens.fill(Integer.toString(tokens));
        maxTokens.press("Tab");
    }
}
