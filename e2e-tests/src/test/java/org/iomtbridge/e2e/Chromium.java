package org.iomtbridge.e2e;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The system's Chromium driven by Playwright: Playwright cannot download a browser of its own here, so it starts
 * {@code /usr/bin/chromium} (Debian's package {@code chromium}; {@code bash .ci/run} installs it when missing), or the
 * browser named by the {@code CHROMIUM} environment variable.
 */
final class Chromium implements AutoCloseable {

    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final Playwright playwright;
    private final Browser browser;

    Chromium() {
        Path executable = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
        if (!Files.isExecutable(executable)) {
            throw new IllegalStateException("The browser tests need Chromium at " + executable
                    + ": apt-get install chromium (bash .ci/run does), or set CHROMIUM to its path");
        }
        playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        // The machine has no internet: without these flags Chromium keeps trying to reach Google's services.
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(executable)
                .setHeadless(true).setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--no-first-run")));
    }

    /** A new page in a fresh context (no cookies), sized like a laptop screen. */
    Page newPage() {
        return browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900)).newPage();
    }

    /** A full-page screenshot under {@code target/screenshots/}. */
    static void screenshot(Page page, String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")).setFullPage(true));
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
