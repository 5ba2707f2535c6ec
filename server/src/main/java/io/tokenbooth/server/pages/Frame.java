package io.tokenbooth.server.pages;

/**
 * What every page shares: its texts (and so its language), the inline stylesheet that the page's
 * Content-Security-Policy allows by hash, and the browser's CSRF token for the page's form (null when it has none).
 */
public record Frame(Messages text, String stylesheet, String csrfToken) {
    public String lang() {
        return text.lang();
    }
}
