package io.tokenbooth.server.pages;

/**
 * The cookies of the browser pages, as {@code Set-Cookie} values: the SSO session, the CSRF token, and the binding
 * that ties pending authorization requests to this browser (issue 6). All are
 * HttpOnly, {@code SameSite=Lax} (sent on the top-level navigation from a client to {@code /oauth2/authorize}, not on
 * cross-site POSTs or subresource requests), {@code Path=/}, host-only, and {@code Secure} when the issuer is https.
 * None has a {@code Max-Age}: they end with the browser session, and the server enforces the SSO session's idle
 * and absolute limits and the pending requests' expiry on its own.
 * <p>
 * On https the names carry the {@code __Host-} prefix (RFC 6265bis §4.1.3.2): a browser accepts such a cookie only
 * from this host, {@code Secure}, with {@code Path=/} and no {@code Domain}, so a page on a sibling subdomain can
 * neither plant a CSRF token it knows nor sign the user in to its own session (login CSRF). Only the prefixed names
 * are read on https; a cookie under the plain name (planted, or left from before) is ignored. Plain http (development
 * on 127.0.0.1) keeps the plain names, since browsers refuse {@code __Host-} without {@code Secure}. Immutable.
 */
public final class BrowserCookies {
    /** The session cookie's name over plain http; on https {@link #sessionName()} prefixes it. */
    public static final String SESSION = "tokenbooth_session";
    private static final String CSRF = "tokenbooth_csrf";
    /** The binding cookie's name over plain http: a random value, one per browser, never shown in a page. */
    public static final String PENDING = "tokenbooth_authz";
    private static final String HOST_PREFIX = "__Host-";
    private static final String EXPIRED = "; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT";

    private final boolean secure;

    public BrowserCookies(String issuer) {
        this.secure = issuer.startsWith("https://");
    }

    /** The CSRF cookie's name; on https with the {@code __Host-} prefix. */
    public String csrfName() {
        return named(CSRF);
    }

    /** The SSO session cookie's name; on https with the {@code __Host-} prefix. */
    public String sessionName() {
        return named(SESSION);
    }

    /** The binding cookie's name (pending authorization requests); on https with the {@code __Host-} prefix. */
    public String pendingName() {
        return named(PENDING);
    }

    public String pending(String value) {
        return pendingName() + "=" + value + attributes();
    }

    public String session(String value) {
        return sessionName() + "=" + value + attributes();
    }

    public String expiredSession() {
        return sessionName() + "=" + EXPIRED + attributes();
    }

    public String csrf(String value) {
        return csrfName() + "=" + value + attributes();
    }

    private String named(String name) {
        return secure ? HOST_PREFIX + name : name;
    }

    private String attributes() {
        return "; Path=/; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "");
    }
}
