package io.tokenbooth.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jwt.JWTClaimsSet;
import io.tokenbooth.server.keys.SigningKey;
import io.tokenbooth.server.oauth.OAuthTestKit;
import io.tokenbooth.server.oauth.OAuthTestKit.RegisteredClient;
import io.tokenbooth.server.testing.RunningServer;
import io.tokenbooth.server.testing.TestServer;
import io.tokenbooth.server.token.AccessTokenVerifier;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwk.JsonWebKey;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 15, defect 4: one token must not have many spellings. RFC 7515 §3.1 and §2 allow exactly one compact
 * serialisation of a JWS (three base64url parts, no padding, no other characters, no spare bits), and an ES256
 * signature has two valid {@code s} values of which we accept only the low one. Every other spelling of a real token
 * is refused at every endpoint that takes a bearer token, and none of them becomes an entry of the verified-token
 * cache. H2 only: nothing here depends on the database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NonCanonicalTokenTest {
    /** The order of the P-256 group (FIPS 186-4 D.1.2.3). */
    private static final BigInteger P256_N =
            new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);

    private static final String USERNAME = "canonical_owner";

    @RegisterExtension
    static final RunningServer app = RunningServer.h2();

    private OAuthTestKit kit;
    private RegisteredClient resourceServer;
    private SigningKey serverKey;
    private String accountId;

    @BeforeAll
    void start() {
        kit = new OAuthTestKit(app.server());
        resourceServer = kit.webClient();
        accountId = kit.newAccountNamed(USERNAME);
        serverKey = app.server().tokenbooth().services().keys.ring()
                .signingKey("ES256", app.server().clock.instant()).orElseThrow();
    }

    /** A token every bearer endpoint accepts: the first-party audience, and both the api and openid scopes. */
    private String validToken() {
        Instant now = app.server().clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(app.server().issuer()).subject(accountId)
                .audience(app.server().issuer()).expirationTime(Date.from(now.plusSeconds(300)))
                .issueTime(Date.from(now)).jwtID(UUID.randomUUID().toString()).claim("client_id", "first-party")
                .claim("scope", "api openid").build();
        return serverKey.sign(new JOSEObjectType("at+jwt"), claims);
    }

    /** Spellings of {@code token} that an HTTP header can carry. */
    private static Map<String, String> headerVariants(String token) {
        String[] p = token.split("\\.");
        Map<String, String> v = new LinkedHashMap<>();
        v.put("padding '='", token + "=");
        v.put("padding '=='", token + "==");
        v.put("stray '~' at the end", token + "~");
        v.put("stray '~' inside the signature",
                p[0] + "." + p[1] + "." + p[2].substring(0, 10) + "~" + p[2].substring(10));
        v.put("stray '+' (base64, not base64url)", p[0] + "." + p[1] + "." + p[2] + "+");
        v.put("a fourth part", token + ".AAAA");
        v.put("an empty fourth part", token + ".");
        v.put("high s (n - s)", highS(token));
        v.put("non-canonical last character", spareBitsSet(token));
        return v;
    }

    /** Spellings only a form body can carry (an HTTP header value has no trailing white space, RFC 9110 §5.5). */
    private static Map<String, String> bodyVariants(String token) {
        Map<String, String> v = new LinkedHashMap<>(headerVariants(token));
        v.put("trailing space", token + " ");
        v.put("trailing newline", token + "\n");
        v.put("trailing CRLF", token + "\r\n");
        v.put("leading tab", "\t" + token);
        return v;
    }

    /** The same signature with {@code s} replaced by {@code n - s}: still valid ECDSA, a different string. */
    static String highS(String token) {
        int dot = token.lastIndexOf('.');
        byte[] sig = Base64.getUrlDecoder().decode(token.substring(dot + 1));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(sig, 32, 64));
        byte[] flipped = P256_N.subtract(s).toByteArray();
        byte[] out = Arrays.copyOf(sig, 64);
        Arrays.fill(out, 32, 64, (byte) 0);
        int len = Math.min(flipped.length, 32);
        System.arraycopy(flipped, flipped.length - len, out, 64 - len, len);
        return token.substring(0, dot + 1) + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
    }

    /** The last character of the signature with its unused low bits set: decodes to the same bytes. */
    private static String spareBitsSet(String token) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        int last = alphabet.indexOf(token.charAt(token.length() - 1));
        int spare = (token.length() - token.lastIndexOf('.') - 1) % 4 == 2 ? 0x0F : 0x03;
        return token.substring(0, token.length() - 1) + alphabet.charAt(last | spare);
    }

    private static boolean isLowS(String token) {
        byte[] sig = Base64.getUrlDecoder().decode(token.substring(token.lastIndexOf('.') + 1));
        return new BigInteger(1, Arrays.copyOfRange(sig, 32, 64)).compareTo(P256_N.shiftRight(1)) <= 0;
    }

    private TestServer.Response me(String token) {
        return app.server().get("/api/v1/me", "Authorization", "Bearer " + token);
    }

    private TestServer.Response userInfoGet(String token) {
        return app.server().get("/oauth2/userinfo", "Authorization", "Bearer " + token);
    }

    private TestServer.Response userInfoPostHeader(String token) {
        return app.server().send(HttpRequest.newBuilder(URI.create(app.server().url("/oauth2/userinfo")))
                .POST(HttpRequest.BodyPublishers.noBody()), "Authorization", "Bearer " + token);
    }

    private TestServer.Response userInfoPostBody(String token) {
        return kit.post("/oauth2/userinfo", OAuthTestKit.form("access_token", token));
    }

    private TestServer.Response introspect(String token) {
        return kit.introspect(resourceServer, token);
    }

    private AccessTokenVerifier verifier() {
        return app.server().tokenbooth().services().verifier;
    }

    @Test
    void whenCanonicalTokenThenEveryBearerEndpointAcceptsIt() {
        String token = validToken();
        assertThat(me(token).status()).as(me(token).toString()).isEqualTo(200);
        assertThat(userInfoGet(token).status()).isEqualTo(200);
        assertThat(userInfoPostHeader(token).status()).isEqualTo(200);
        assertThat(userInfoPostBody(token).status()).isEqualTo(200);
        assertThat(introspect(token).json().get("active").asBoolean()).isTrue();
        // An independent library agrees that the token is validly signed.
        assertThat(jose4jVerifies(token)).isTrue();
    }

    @Test
    void whenAnyVariantOfARealTokenInAHeaderThen401AtMeAndUserInfo() {
        String token = validToken();
        for (Map.Entry<String, String> v : headerVariants(token).entrySet()) {
            Answers.assertError(me(v.getValue()), 401, "invalid_token");
            Answers.assertError(userInfoGet(v.getValue()), 401, "invalid_token");
            TestServer.Response post = userInfoPostHeader(v.getValue());
            assertThat(post.status()).as(v.getKey() + ": " + post).isEqualTo(401);
        }
    }

    @Test
    void whenAnyVariantOfARealTokenInAFormBodyThen401AtUserInfoAndInactiveAtIntrospection() {
        String token = validToken();
        for (Map.Entry<String, String> v : bodyVariants(token).entrySet()) {
            TestServer.Response r = userInfoPostBody(v.getValue());
            assertThat(r.status()).as(v.getKey() + ": " + r).isEqualTo(401);
            TestServer.Response i = introspect(v.getValue());
            assertThat(i.status()).as(v.getKey() + ": " + i).isEqualTo(200);
            assertThat(i.json().get("active").asBoolean()).as(v.getKey() + ": " + i).isFalse();
        }
    }

    @Test
    void whenVariantsAreIntrospectedThenTheVerifiedTokenCacheDoesNotGrow() {
        String token = validToken();
        assertThat(introspect(token).json().get("active").asBoolean()).isTrue();
        long before = verifier().rememberedCount();
        for (int round = 0; round < 3; round++) {
            for (String variant : bodyVariants(token).values()) {
                introspect(variant);
            }
        }
        assertThat(verifier().rememberedCount()).isEqualTo(before);
        // The real token is still remembered and still active.
        assertThat(introspect(token).json().get("active").asBoolean()).isTrue();
        assertThat(verifier().rememberedCount()).isEqualTo(before);
    }

    @Test
    void whenTheServerSignsEs256ThenSIsAlwaysLow() {
        // ECDSA gives s or n - s at random; the JDK and ACCP do not normalise. Sixty-four tokens all low-s would
        // happen by chance once in 2^64.
        for (int i = 0; i < 64; i++) {
            String token = validToken();
            assertThat(isLowS(token)).as("token %d has a high s", i).isTrue();
            assertThat(jose4jVerifies(token)).isTrue();
        }
        String login = app.server().login(USERNAME, OAuthTestKit.PASSWORD).text("access_token");
        assertThat(isLowS(login)).isTrue();
    }

    @Test
    void whenHighSVariantThenAnIndependentLibraryStillFindsItValid() {
        // The control for the high-s refusal: n - s is a correct signature, refused only because it is the second one.
        String variant = highS(validToken());
        assertThat(jose4jVerifies(variant)).isTrue();
        Answers.assertError(me(variant), 401, "invalid_token");
    }

    private boolean jose4jVerifies(String token) {
        try {
            JsonWebSignature jws = new JsonWebSignature();
            jws.setCompactSerialization(token);
            jws.setKey(JsonWebKey.Factory.newJwk(serverKey.publicJwk().toJSONString()).getKey());
            return jws.verifySignature();
        } catch (Exception e) {
            return false;
        }
    }
}
