package io.tokenbooth.server.browser;

import java.io.File;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.NoSuchSessionException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real browser for the end-to-end tests: Debian's Chromium, headless, driven by Debian's chromedriver through
 * Selenium. Both paths are given explicitly, so Selenium Manager never runs (and never tries to download anything).
 * Every instance has a fresh profile in a temporary directory (no cookies, no saved passwords), deleted on close.
 * The browser asks for English pages ({@code Accept-Language: en-US,en}) unless a request says otherwise. Public for
 * the end-to-end tests of other modules (the wallet's browser app), through this module's test jar.
 */
public final class Chromium implements AutoCloseable {
    /** Overridable (e.g. {@code -Dtokenbooth.test.chromium=...}) for other layouts; Debian's paths by default. */
    static final Path BINARY = Path.of(System.getProperty("tokenbooth.test.chromium", "/usr/bin/chromium"));
    static final Path DRIVER = Path.of(System.getProperty("tokenbooth.test.chromedriver", "/usr/bin/chromedriver"));
    static final Path TARGET = Path.of(System.getProperty("basedir", "")).toAbsolutePath().resolve("target");

    public final ChromeDriver driver;
    private final WebDriverWait wait;
    private final Path profile;

    /**
     * What keeps the real-browser tests from running here, if anything: empty when Chromium and chromedriver are
     * installed. When something is missing and {@code CI=true} (CI installs them), fails the calling test instead.
     */
    public static Optional<String> missing() {
        List<String> missing = new ArrayList<>();
        for (Path p : List.of(BINARY, DRIVER)) {
            if (!Files.isExecutable(p)) {
                missing.add(p.toString());
            }
        }
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        String message = "SKIPPED real-browser test: no " + String.join(" and no ", missing)
                + " (Debian: apt-get install -y chromium chromium-driver)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail(message.replace("SKIPPED", "FAILED") + "; CI=true, so not skipping");
        }
        // Straight to the process's stderr: surefire keeps System.err in a file (redirectTestOutputToFile).
        new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8).println(message);
        return Optional.of(message);
    }

    /** Skips the calling test, with the message of {@link #missing()}, when the browser is not installed. */
    public static void assumeInstalled(Optional<String> missing) {
        missing.ifPresent(Assumptions::abort);
    }

    public Chromium() throws IOException {
        profile = Files.createTempDirectory("tokenbooth-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BINARY.toString());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile, "--window-size=1280,900", "--lang=en-US");
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "en-US,en",
                "credentials_enable_service", false, "profile.password_manager_enabled", false));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        Files.createDirectories(TARGET);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort()
                .withLogFile(TARGET.resolve("chromedriver.log").toFile())
                .build();
        ChromeDriver d;
        try {
            d = new ChromeDriver(service, options);
        } catch (RuntimeException e) {
            deleteProfile();
            throw e;
        }
        driver = d;
        wait = new WebDriverWait(driver, Duration.ofSeconds(10));
    }

    /** Opens a URL as if typed in the address bar; returns when the final page (after redirects) has loaded. */
    public void open(String url) {
        driver.get(url);
    }

    public void fill(String name, String value) {
        WebElement field = driver.findElement(By.name(name));
        field.clear();
        field.sendKeys(value);
    }

    /**
     * Clicks an element that submits a form, and waits until another document has replaced this one and loaded
     * (following any redirects). The current document is marked with a script property that a new document lacks;
     * errors while the documents are swapped (stale nodes, a destroyed script context) just mean "not yet".
     */
    public void clickAndWait(By selector) {
        WebElement button = driver.findElement(selector);
        driver.executeScript("document.tokenboothTestOld = true");
        button.click();
        wait.withMessage(() -> "no new page loaded after clicking " + selector + "; " + describe()).until(d -> {
            try {
                return Boolean.TRUE.equals(driver.executeScript(
                        "return document.tokenboothTestOld !== true && document.readyState === 'complete'"));
            } catch (NoSuchSessionException e) {
                throw e;
            } catch (WebDriverException e) {
                return false;
            }
        });
    }

    public boolean showsLoginForm() {
        return !driver.findElements(By.cssSelector("form input[name='password'][type='password']")).isEmpty();
    }

    public boolean showsConsent() {
        return !driver.findElements(By.cssSelector("form button[value='allow']")).isEmpty();
    }

    public String url() {
        return driver.getCurrentUrl();
    }

    public String lang() {
        return driver.findElement(By.tagName("html")).getDomAttribute("lang");
    }

    public String text(By selector) {
        return driver.findElement(selector).getText();
    }

    public Object script(String js) {
        return driver.executeScript(js);
    }

    /** What the page's own scripts could read: {@code document.cookie} (fails if the script did not run). */
    String documentCookie() {
        Object value = script("return document.cookie");
        if (!(value instanceof String s)) {
            throw new AssertionError("document.cookie could not be read: " + value);
        }
        return s;
    }

    /** A cookie the browser holds for the current page's URL, as the browser (not the page) sees it; null if none. */
    Cookie cookie(String name) {
        return driver.manage().getCookieNamed(name);
    }

    /** Console messages about Content-Security-Policy since the last call (the browser log is drained by reading). */
    List<String> cspViolations() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .map(LogEntry::getMessage)
                .filter(m -> m.contains("Content Security Policy") || m.contains("Refused to"))
                .toList();
    }

    public Path screenshot(String fileName) throws IOException {
        Path dir = TARGET.resolve("screenshots");
        Files.createDirectories(dir);
        Path file = dir.resolve(fileName);
        File shot = driver.getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return file;
    }

    /** Where the browser is and what it shows, for assertion messages. */
    public String describe() {
        String body;
        try {
            body = driver.findElement(By.tagName("body")).getText();
        } catch (RuntimeException e) {
            body = "(no body: " + e.getMessage() + ")";
        }
        return "browser at " + url() + " titled '" + driver.getTitle() + "' showing: " + body.replace('\n', ' ');
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteProfile();
        }
    }

    private void deleteProfile() {
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a temporary directory
        }
    }
}
