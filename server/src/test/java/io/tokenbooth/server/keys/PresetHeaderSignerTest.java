package io.tokenbooth.server.keys;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A token signed under the preset header is the one SigningKey.sign makes: same header, valid signature. */
class PresetHeaderSignerTest {
    private static final JOSEObjectType AT_JWT = new JOSEObjectType("at+jwt");

    @ParameterizedTest
    @ValueSource(strings = {"ES256", "RS256", "EdDSA"})
    void whenSignedUnderThePresetHeaderThenTheSameHeaderAndAValidSignature(String alg) throws Exception {
        JWK jwk = KeyGenerator.generate(alg);
        Instant now = Instant.now();
        SigningKey key = SigningKey.of(jwk, alg, now, now, null);
        String payload = "{\"iss\":\"https://id.example.com\",\"sub\":\"ü\",\"exp\":1765102530}";

        SignedJWT preset = SignedJWT.parse(new PresetHeaderSigner(key, AT_JWT).sign(payload.getBytes(StandardCharsets.UTF_8)));
        SignedJWT nimbus = SignedJWT.parse(key.sign(AT_JWT, JWTClaimsSet.parse(payload)));

        assertThat(preset.getHeader().toJSONObject()).isEqualTo(nimbus.getHeader().toJSONObject());
        assertThat(preset.verify(key.verifier())).isTrue();
        assertThat(preset.getJWTClaimsSet().toJSONObject()).isEqualTo(nimbus.getJWTClaimsSet().toJSONObject());
    }
}
