package io.tokenbooth.server.keys;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs Amazon Corretto Crypto Provider (native AWS-LC) as the preferred JCA provider where it loads and passes its
 * self-tests (Linux x86-64), and falls back to the JDK's providers elsewhere. Idempotent.
 */
public final class CryptoProviders {
    private static final Logger LOG = LoggerFactory.getLogger(CryptoProviders.class);
    private static volatile String active;

    private CryptoProviders() {
    }

    /** @param mode {@code auto} or {@code jdk}; returns the name of the provider now in use */
    public static synchronized String install(String mode) {
        if (active != null) {
            return active;
        }
        active = "jdk".equals(mode) ? "JDK" : tryCorretto();
        return active;
    }

    /**
     * Installs in the background: loading and self-testing the native provider takes a few hundred milliseconds that a
     * starting server need not wait for. Until it is in, the JDK's providers serve; both produce the same signatures.
     */
    public static void installInBackground(String mode) {
        if (active != null || "jdk".equals(mode)) {
            install(mode);
            return;
        }
        Thread t = new Thread(() -> install(mode), "tokenbooth-crypto-provider");
        t.setDaemon(true);
        t.start();
    }

    public static String active() {
        return active == null ? "JDK (ACCP loading)" : active;
    }

    private static String tryCorretto() {
        try {
            var accp = com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider.INSTANCE;
            accp.assertHealthy();
            com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider.install();
            return "ACCP " + accp.getVersionStr();
        } catch (Throwable e) {
            LOG.info("Amazon Corretto Crypto Provider is not usable here ({}); using the JDK's providers", e.toString());
            return "JDK";
        }
    }
}
