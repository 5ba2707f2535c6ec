package io.tokenbooth.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenbooth.verifier.TokenRejectedException.Reason;
import org.junit.jupiter.api.Test;

class BearerChallengeTest {
    @Test
    void aBareChallengeForAMissingToken() {
        assertThat(BearerChallenge.missingToken("api")).isEqualTo("Bearer realm=\"api\"");
    }

    @Test
    void valuesCannotLeaveTheirQuotes() {
        assertThat(BearerChallenge.missingToken("a \"b\" \\c\r\n")).isEqualTo("Bearer realm=\"a \\\"b\\\" \\\\c\"");
        TokenRejectedException e = new TokenRejectedException(Reason.CLAIMS, "bad \"aud\", x=\"y\"\n\\ é");
        assertThat(e.wwwAuthenticate("api")).isEqualTo("Bearer realm=\"api\", error=\"invalid_token\", "
                + "error_description=\"bad 'aud', x='y''' '\"");
    }

    @Test
    void insufficientScopeNamesTheScopes() {
        TokenRejectedException e = TokenRejectedException.insufficientScope("needs more", "a:read", "b\"");
        assertThat(e.status()).isEqualTo(403);
        assertThat(e.errorCode()).isEqualTo("insufficient_scope");
        assertThat(e.scope()).isEqualTo("a:read b\"");
        assertThat(e.wwwAuthenticate("r")).isEqualTo("Bearer realm=\"r\", error=\"insufficient_scope\", "
                + "error_description=\"needs more\", scope=\"a:read b_\"");
        assertThat(new TokenRejectedException(Reason.REVOKED, "x").wwwAuthenticate("r")).doesNotContain("scope=");
    }
}
