package io.tokenbooth.examples.wallet.browser;

import io.tokenbooth.server.browser.Chromium;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The wallet's browser app as a user (or a screen reader) finds it: controls by their accessible names, as computed
 * by Chromium itself ({@link WebElement#getAccessibleName()}), never by ids or classes — except the balance, whose id
 * the issue names.
 */
final class WalletPage {
    private final Chromium browser;
    private final WebDriverWait wait;

    WalletPage(Chromium browser) {
        this.browser = browser;
        // An element that went stale (the page navigated or re-rendered while a condition looked at it) means "not yet".
        this.wait = (WebDriverWait) new WebDriverWait(browser.driver, Duration.ofSeconds(15))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    }

    /** The one visible control of this role (button, textbox) whose accessible name is {@code name}. */
    WebElement control(String tag, String name) {
        return await("a visible " + tag + " named '" + name + "'", d -> {
            List<WebElement> found = d.findElements(By.tagName(tag)).stream()
                    .filter(e -> e.isDisplayed() && name.equals(e.getAccessibleName())).toList();
            return found.size() == 1 ? found.get(0) : null;
        });
    }

    WebElement button(String name) {
        return control("button", name);
    }

    boolean showsButton(String name) {
        return browser.driver.findElements(By.tagName("button")).stream()
                .anyMatch(e -> e.isDisplayed() && name.equals(e.getAccessibleName()));
    }

    void type(String field, String value) {
        WebElement input = control("input", field);
        input.clear();
        input.sendKeys(value);
    }

    /** Waits until {@code #balance} shows {@code text} (the app loads it asynchronously after each action). */
    void awaitBalance(String text) {
        await("the balance " + text, d -> text.equals(balance()) ? true : null);
    }

    String balance() {
        List<WebElement> b = browser.driver.findElements(By.id("balance"));
        return b.isEmpty() || !b.get(0).isDisplayed() ? null : b.get(0).getText();
    }

    /** Waits until the aria-live error region says something, and returns it. */
    String awaitError() {
        return await("an error in the alert region", d -> {
            String text = alert().getText();
            return text.isBlank() ? null : text;
        });
    }

    WebElement alert() {
        return browser.driver.findElement(By.cssSelector("[role=alert][aria-live]"));
    }

    String entries() {
        return browser.driver.findElement(By.id("entries")).getText();
    }

    <T> T await(String what, Function<WebDriver, T> condition) {
        return wait.withMessage(() -> "waited for " + what + "; " + browser.describe()).until(condition);
    }
}
