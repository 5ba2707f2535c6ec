package io.tokenbooth.server.client;

import java.util.Arrays;
import java.util.Optional;

/** How a client authenticates at the token endpoint (RFC 7591 §2 {@code token_endpoint_auth_method}). */
public enum AuthMethod {
    CLIENT_SECRET_BASIC("client_secret_basic"),
    CLIENT_SECRET_POST("client_secret_post"),
    PRIVATE_KEY_JWT("private_key_jwt"),
    NONE("none");

    private final String value;

    AuthMethod(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    public boolean usesSecret() {
        return this == CLIENT_SECRET_BASIC || this == CLIENT_SECRET_POST;
    }

    public static Optional<AuthMethod> parse(String value) {
        return Arrays.stream(values()).filter(m -> m.value.equals(value)).findFirst();
    }
}
