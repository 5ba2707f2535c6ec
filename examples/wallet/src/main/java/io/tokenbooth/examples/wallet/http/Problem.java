package io.tokenbooth.examples.wallet.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error answer: an RFC 9457 problem ({@code type}, {@code title}, {@code status}, {@code detail}) that also carries
 * an OAuth-style {@code error} code, and any extension members (the balance of an overdraft). The one error type of
 * the wallet's HTTP layer; {@link Problems} writes it. Immutable; no stack trace (these are routine answers).
 */
public final class Problem extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private static final String TYPES = "urn:tokenbooth:wallet:";

    private final int status;
    private final String type;
    private final String title;
    private final String error;
    private final String detail;
    private final Map<String, Object> extensions;

    private Problem(int status, String type, String title, String error, String detail, Map<String, Object> ext) {
        super(error + ": " + detail, null, false, false);
        this.status = status;
        this.type = type;
        this.title = title;
        this.error = error;
        this.detail = detail;
        this.extensions = Map.copyOf(ext);
    }

    /** A plain HTTP error ({@code type: about:blank}, RFC 9457 §4.2.1). */
    public static Problem of(int status, String title, String error, String detail) {
        return new Problem(status, "about:blank", title, error, detail, Map.of());
    }

    /** A wallet-specific problem, {@code type: urn:tokenbooth:wallet:<slug>}. */
    public static Problem typed(int status, String slug, String title, String error, String detail,
                                Map<String, Object> extensions) {
        return new Problem(status, TYPES + slug, title, error, detail, extensions);
    }

    public static Problem badRequest(String detail) {
        return of(400, "Bad Request", "invalid_request", detail);
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    public String detail() {
        return detail;
    }

    /** The JSON members, in order. */
    public Map<String, Object> body() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type);
        m.put("title", title);
        m.put("status", status);
        m.put("detail", detail);
        m.put("error", error);
        m.put("error_description", detail);
        m.putAll(new java.util.TreeMap<>(extensions));
        return m;
    }
}
