package io.tokenbooth.verifier;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.IOException;
import java.net.URI;
import java.text.ParseException;
import java.util.Map;

/**
 * What the verifier reads from its issuer's OpenID Connect discovery document
 * ({@code <issuer>/.well-known/openid-configuration}, RFC 8414 §3): the {@code jwks_uri}, after checking that the
 * document's {@code issuer} is exactly the configured one (RFC 8414 §3.3, a mix-up defence).
 */
record Discovery(String issuer, URI jwksUri) {

    static Discovery read(IssuerHttp http, String issuer) throws IOException {
        URI uri = URI.create(trimSlash(issuer) + "/.well-known/openid-configuration");
        IssuerHttp.Answer a = http.get(uri, "application/json", null);
        if (a.status() != 200) {
            throw new IOException(uri + " answered " + a.status());
        }
        try {
            Map<String, Object> doc = JSONObjectUtils.parse(a.body());
            String named = JSONObjectUtils.getString(doc, "issuer");
            if (!issuer.equals(named)) {
                throw new IOException(uri + " names the issuer " + named + ", not " + issuer);
            }
            URI jwks = JSONObjectUtils.getURI(doc, "jwks_uri");
            if (jwks == null || !jwks.isAbsolute()) {
                throw new IOException(uri + " has no absolute jwks_uri");
            }
            return new Discovery(issuer, jwks);
        } catch (ParseException e) {
            throw new IOException(uri + " is not a discovery document: " + e.getMessage(), e);
        }
    }

    static String trimSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
