package dev.galatea.ui.e2e;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
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

    /** Opens the app and waits until Vaadin has rendered the view. */
    void openApp() {
        page.navigate(url("/"));
        page.locator("#header").waitFor();
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
}
