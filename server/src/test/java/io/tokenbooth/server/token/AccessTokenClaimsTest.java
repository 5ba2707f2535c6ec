package io.tokenbooth.server.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import io.tokenbooth.server.token.status.StatusIndex;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The claims written with Jackson are the claims Nimbus' JWTClaimsSet wrote before (issue 11), read by Nimbus. */
class AccessTokenClaimsTest {
    private static final String ISSUER = "https://id.example.com";
    private static final Instant IAT = Instant.parse("2026-12-07T10:15:30.987654321Z");
    private static final Instant EXP = IAT.plusSeconds(600);
    private static final StatusIndex STATUS = new StatusIndex(7, 123_456);

    static List<AccessTokenRequest> requests() {
        return List.of(
                new AccessTokenRequest("5b0c-account", "first-party", "api", List.of(ISSUER)),
                new AccessTokenRequest("5b0c-account", "web-app", "openid orders:read", List.of("https://api.example.com",
                        "https://other.example.com")),
                AccessTokenRequest.forClient("load-cc", "orders:read", List.of("https://api.example.com")),
                AccessTokenRequest.forClient("load-cc", null, List.of(ISSUER)),
                AccessTokenRequest.forClient("load-cc", "", List.of()),
                new AccessTokenRequest("ü-ñ \"quoted\" \\ account", "client", "a b", List.of(ISSUER)));
    }

    @ParameterizedTest
    @MethodSource("requests")
    void whenWrittenWithJacksonThenNimbusReadsTheClaimsTheJwtClaimsSetPathWrote(AccessTokenRequest request)
            throws Exception {
        byte[] json = AccessTokenClaims.json(ISSUER, request, IAT, EXP, "the-jti", STATUS);

        JWTClaimsSet written = JWTClaimsSet.parse(new String(json, StandardCharsets.UTF_8));
        JWTClaimsSet before = JWTClaimsSet.parse(nimbusPath(request).toString());
        assertThat(written.toJSONObject()).isEqualTo(before.toJSONObject());
        assertThat(written.getExpirationTime()).isEqualTo(Date.from(EXP.minusNanos(EXP.getNano())));
        assertThat(StatusClaim.read(written.getClaims(), ISSUER)).contains(STATUS);
    }

    /** What AccessTokenMinter built before issue 11, claim by claim. */
    private static JWTClaimsSet nimbusPath(AccessTokenRequest request) {
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(request.subject())
                .audience(request.audiences())
                .expirationTime(Date.from(EXP))
                .issueTime(Date.from(IAT))
                .jwtID("the-jti")
                .claim("client_id", request.clientId())
                .claim("scope", request.scope() == null || request.scope().isEmpty() ? null : request.scope())
                .claim(AccessTokenMinter.GRANT_TYPE_CLAIM, request.clientOnly() ? AccessTokenMinter.CLIENT_CREDENTIALS : null)
                .claim(StatusClaim.NAME, StatusClaim.of(STATUS, ISSUER))
                .build();
    }
}
