package io.tokenbooth.server.token;

/** What the first-party API returns on login and refresh. Field names follow RFC 6749 §5.1. */
public record TokenPair(String accessToken, String tokenType, long expiresIn, String refreshToken, long refreshExpiresIn) {
}
