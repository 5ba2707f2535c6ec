package io.tokenbooth.examples.wallet.http;

import io.tokenbooth.verifier.BearerChallenge;
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
    /** The {@code WWW-Authenticate} value of a refused bearer token, else null. */
    private final String challenge;

    private Problem(int status, String type, String title, String error, String detail, Map<String, Object> ext,
                    String challenge) {
        super(error + ": " + detail, null, false, false);
        this.status = status;
        this.type = type;
        this.title = title;
        this.error = error;
        this.detail = detail;
        this.extensions = Map.copyOf(ext);
        this.challenge = challenge;
    }

    /** A plain HTTP error ({@code type: about:blank}, RFC 9457 §4.2.1). */
    public static Problem of(int status, String title, String error, String detail) {
        return new Problem(status, "about:blank", title, error, detail, Map.of(), null);
    }

    /**
     * A verified token this wallet cannot serve, with its RFC 6750 §3.1 challenge: {@code invalid_token} with 401
     * (the token itself is unusable here: get another), {@code insufficient_scope} with 403 (a valid token without
     * the right: another token of the same kind would not help either).
     */
    public static Problem refusedToken(String error, String detail) {
        boolean forbidden = "insufficient_scope".equals(error);
        return new Problem(forbidden ? 403 : 401, "about:blank", forbidden ? "Forbidden" : "Unauthorized", error,
                detail, Map.of(), BearerChallenge.of(VerifierAuthorization.REALM, error, detail, null));
    }

    /** A wallet-specific problem, {@code type: urn:tokenbooth:wallet:<slug>}. */
    public static Problem typed(int status, String slug, String title, String error, String detail,
                                Map<String, Object> extensions) {
        return new Problem(status, TYPES + slug, title, error, detail, extensions, null);
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

    /** The {@code WWW-Authenticate} value to send, if any. */
    public java.util.Optional<String> challenge() {
        return java.util.Optional.ofNullable(challenge);
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
