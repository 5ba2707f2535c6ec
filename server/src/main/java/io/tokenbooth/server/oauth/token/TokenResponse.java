package io.tokenbooth.server.oauth.token;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tokenbooth.server.http.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A successful token response (RFC 6749 §5.1, OpenID Connect Core §3.1.3.3); absent members are left out. Written
 * with Jackson's streaming generator in the order of the components, as the object mapper wrote the record, without
 * its per-call serializer lookup and reflective accessor calls (issue 11 profiles: the token endpoint writes one per
 * request). Immutable.
 */
public record TokenResponse(String accessToken, String tokenType, long expiresIn, String scope, String refreshToken,
                            String idToken) {

    static TokenResponse of(IssuedTokens t) {
        return new TokenResponse(t.access().value(), "Bearer", t.access().expiresIn(), t.scope().orElse(null),
                t.refresh().map(r -> r.token()).orElse(null), t.idToken().orElse(null));
    }

    /** The JSON object, UTF-8. */
    byte[] json() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + (accessToken == null ? 0 : accessToken.length())
                + (idToken == null ? 0 : idToken.length()));
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
            g.writeStartObject();
            stringIfPresent(g, "access_token", accessToken);
            stringIfPresent(g, "token_type", tokenType);
            g.writeNumberField("expires_in", expiresIn);
            stringIfPresent(g, "scope", scope);
            stringIfPresent(g, "refresh_token", refreshToken);
            stringIfPresent(g, "id_token", idToken);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return out.toByteArray();
    }

    private static void stringIfPresent(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }
}
