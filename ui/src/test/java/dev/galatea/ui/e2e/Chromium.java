package dev.galatea.ui.e2e;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import java.nio.file.Path;
import java.util.List;

/**
 * One headless Debian Chromium for the whole test run: Playwright cannot download its own browsers here, and
 * starting Chromium once saves seconds per test class.
 */
final class Chromium {

    private static final Path EXECUTABLE = Path.of("/usr/bin/chromium");
    private static Browser browser;

    private Chromium() {
    }

    static synchronized Browser browser() {
        if (browser == null) {
            Playwright playwright = Playwright.create();
            browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                    .setExecutablePath(EXECUTABLE)
                    .setHeadless(true)
                    // Without the background-networking flags Chromium keeps dialling hosts this closed network refuses.
                    .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                            "--disable-component-update", "--disable-sync", "--no-first-run")));
            Runtime.getRuntime().addShutdownHook(new Thread(playwright::close));
        }
        return browser;
    }
}
