package io.tokenbooth.server.authn;

/**
 * OpenID Connect {@code acr} values (OIDC Core §2), in the ISO/IEC 29115 level numbering it refers to: "0" would be
 * no assurance at all, "1" a single factor.
 */
public final class Acr {
    /** A single factor, such as a password. */
    public static final String SINGLE_FACTOR = "1";

    private Acr() {
    }
}
