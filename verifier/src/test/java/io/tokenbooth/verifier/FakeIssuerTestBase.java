package io.tokenbooth.verifier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A fresh {@link FakeIssuer} per test, and the verifier a test built, closed after it. */
abstract class FakeIssuerTestBase {
    static final String AUD = "http://127.0.0.1:8081";
    FakeIssuer issuer;
    ResourceServerVerifier verifier;

    @BeforeEach
    void startIssuer() throws Exception {
        issuer = new FakeIssuer();
        issuer.list("1", 64);
    }

    @AfterEach
    void stopIssuer() {
        if (verifier != null) {
            verifier.close();
        }
        issuer.close();
    }
}
