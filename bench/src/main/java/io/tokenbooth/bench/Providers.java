package io.tokenbooth.bench;

import io.tokenbooth.server.keys.CryptoProviders;
import java.security.GeneralSecurityException;
import java.security.Security;
import java.security.Signature;

/**
 * Puts this JVM on the requested JCA provider through the server's own {@link CryptoProviders}, and proves it: a
 * benchmark labelled {@code accp} that silently ran on the JDK's providers (or the reverse) would be worse than none.
 */
final class Providers {
    static final String ACCP_NAME = "AmazonCorrettoCryptoProvider";

    private Providers() {
    }

    /**
     * @param provider {@code jdk} or {@code accp}
     * @return a one-line description of who serves each signature algorithm the benchmarks use
     */
    static String use(String provider) {
        String active;
        switch (provider) {
            case "accp" -> {
                active = CryptoProviders.install("auto");
                if (!active.startsWith("ACCP")) {
                    throw new IllegalStateException("Amazon Corretto Crypto Provider did not install here (" + active
                            + "); refusing to report JDK figures as ACCP's");
                }
                require("SHA256withECDSA", ACCP_NAME);
            }
            case "jdk" -> {
                active = CryptoProviders.install("jdk");
                if (Security.getProvider(ACCP_NAME) != null) {
                    throw new IllegalStateException("ACCP is installed in this JVM; the jdk figures need a fork without it"
                            + " (do not run with -f 0)");
                }
                require("SHA256withECDSA", "SunEC");
            }
            default -> throw new IllegalArgumentException("provider must be jdk or accp, not " + provider);
        }
        return "crypto " + active + ": ES256=" + providerOf("SHA256withECDSA") + " RS256=" + providerOf("SHA256withRSA")
                + " EdDSA=" + providerOf("Ed25519");
    }

    static String providerOf(String signatureAlgorithm) {
        try {
            return Signature.getInstance(signatureAlgorithm).getProvider().getName();
        } catch (GeneralSecurityException e) {
            return "unavailable";
        }
    }

    private static void require(String signatureAlgorithm, String expected) {
        String actual = providerOf(signatureAlgorithm);
        if (!expected.equals(actual)) {
            throw new IllegalStateException(signatureAlgorithm + " is served by " + actual + ", expected " + expected);
        }
    }
}
