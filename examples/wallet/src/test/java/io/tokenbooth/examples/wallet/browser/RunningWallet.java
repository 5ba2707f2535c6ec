package io.tokenbooth.examples.wallet.browser;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.jwk.JWKSet;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.tokenbooth.examples.wallet.WalletServer;
import io.tokenbooth.examples.wallet.WalletSettings;
import io.tokenbooth.examples.wallet.http.Authorization;
import io.tokenbooth.verifier.JwtVerifier;
import io.tokenbooth.verifier.TokenRejectedException;
import io.tokenbooth.verifier.VerificationKeys;
import io.tokenbooth.verifier.VerifiedToken;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.Optional;

/**
 * A real wallet (its ledger on a fresh H2 file, its routes, the browser app from the classpath) on a free loopback
 * port, checking the real Tokenbooth's tokens with the verifier library over the issuer's published JWKS.
 */
final class RunningWallet implements AutoCloseable {
    /**
     * The wallet's resource indicator. Any absolute URI works: the app reads it from {@code /config.json}; this one is
     * fixed because the wallet's port is only known once it listens.
     */
    static final String AUDIENCE = "https://wallet.tokenbooth.test";
    private final WalletServer server;

    private RunningWallet(WalletServer server) {
        this.server = server;
    }

    static RunningWallet start(String issuer, String clientId) throws IOException, ParseException {
        Path data = Files.createTempDirectory("wallet-browser-test-");
        JWKSet keys = JWKSet.load(URI.create(issuer + "/.well-known/jwks.json").toURL());
        JwtVerifier verifier = JwtVerifier.builder(VerificationKeys.of(keys)).issuer(issuer).audience(AUDIENCE)
                .type(new JOSEObjectType("at+jwt")).build();
        WalletSettings settings = new WalletSettings("127.0.0.1", 0, issuer, clientId, AUDIENCE, data,
                Optional.empty(), WalletSettings.DEFAULT_KEY_RETENTION);
        return new RunningWallet(WalletServer.start(settings, new VerifierAuthorization(verifier)));
    }

    String origin() {
        return "http://127.0.0.1:" + server.port();
    }

    @Override
    public void close() {
        server.close();
    }

    /** Bearer checks with {@link JwtVerifier} (RFC 6750 answers), until the wallet wires its resource-server verifier. */
    private record VerifierAuthorization(JwtVerifier verifier) implements Authorization {
        @Override
        public Handler require(String scope) {
            return ctx -> {
                String header = ctx.header("Authorization");
                try {
                    if (header == null || !header.startsWith("Bearer ")) {
                        throw new TokenRejectedException(TokenRejectedException.Reason.MALFORMED, "no bearer token");
                    }
                    ctx.attribute("token", verifier.verify(header.substring(7)).requireScope(scope));
                } catch (TokenRejectedException e) {
                    ctx.status(e.status()).header("WWW-Authenticate", "Bearer realm=\"wallet\", error=\"" + e.error()
                            + "\"").contentType("application/json").result("{\"error\":\"" + e.error() + "\"}");
                    ctx.skipRemainingHandlers();
                }
            };
        }

        @Override
        public VerifiedToken token(Context ctx) {
            return ctx.attribute("token");
        }
    }
}
