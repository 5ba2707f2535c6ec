package io.tokenbooth.server.pages;

/**
 * The two cookies of the browser pages, as {@code Set-Cookie} values: the SSO session ({@code tokenbooth_session})
 * and the CSRF token. Both are HttpOnly, {@code SameSite=Lax} (sent on the top-level navigation from a client to
 * {@code /oauth2/authorize}, not on cross-site POSTs or subresource requests), {@code Path=/}, host-only, and
 * {@code Secure} when the issuer is https. Neither has a {@code Max-Age}: they end with the browser session, and the
 * server enforces the SSO session's idle and absolute limits on its own. Immutable.
 */
public final class BrowserCookies {
    public static final String SESSION = "tokenbooth_session";
    private static final String EXPIRED = "; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT";

    private final boolean secure;

    public BrowserCookies(String issuer) {
        this.secure = issuer.startsWith("https://");
    }

    /** The CSRF cookie's name; on https with the {@code __Host-} prefix (RFC 6265bis §4.1.3.2). */
    public String csrfName() {
        return secure ? "__Host-tokenbooth_csrf" : "tokenbooth_csrf";
    }

    public String session(String value) {
        return SESSION + "=" + value + attributes();
    }

    public String expiredSession() {
        return SESSION + "=" + EXPIRED + attributes();
    }

    public String csrf(String value) {
        return csrfName() + "=" + value + attributes();
    }

    private String attributes() {
        return "; Path=/; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "");
    }
}
