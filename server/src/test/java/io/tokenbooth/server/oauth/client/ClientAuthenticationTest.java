package io.tokenbooth.server.oauth.client;

import static io.tokenbooth.server.oauth.OAuthTestKit.assertError;
import static io.tokenbooth.server.oauth.OAuthTestKit.assertInvalidClient;
import static io.tokenbooth.server.oauth.OAuthTestKit.form;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.tokenbooth.server.client.AuthMethod;
import io.tokenbooth.server.oauth.OAuthTestKit;
import io.tokenbooth.server.oauth.OAuthTestKit.RegisteredClient;
import io.tokenbooth.server.testing.RunningServer;
import io.tokenbooth.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Client authentication at the token endpoint (RFC 6749 §2.3, §5.2; RFC 7523; OIDC Core §9) with each of the four
 * methods, and every way it fails: each failure is 401 {@code invalid_client} with {@code WWW-Authenticate}, except
 * two methods at once, which RFC 6749 §5.2 names {@code invalid_request}. H2 only.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientAuthenticationTest {
    private static final String CC = "client_credentials";

    @RegisterExtension
    static final RunningServer app = RunningServer.h2();

    private OAuthTestKit kit;
    private RegisteredClient basic;
    private RegisteredClient post;
    private RegisteredClient jwt;
    private RegisteredClient publicApp;
    private RSAKey rsa;
    private ECKey ec;

    @BeforeAll
    void start() throws Exception {
        kit = new OAuthTestKit(app.server());
        basic = kit.client("basic").redirects().grants(CC).scopes("jobs")
                .secret("s3cret+with:colon/and%percent and space é-0123456789").register();
        post = kit.client("post").method(AuthMethod.CLIENT_SECRET_POST).redirects().grants(CC).scopes("jobs").register();
        rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
        jwt = kit.client("jwt").method(AuthMethod.PRIVATE_KEY_JWT).redirects().grants(CC).scopes("jobs")
                .jwks(new JWKSet(List.of(rsa.toPublicJWK(), ec.toPublicJWK())).toString(true)).register();
        publicApp = kit.client("spa").publicClient().register();
    }

    private TestServer.Response cc(String form, String... headers) {
        return kit.post("/oauth2/token", form, headers);
    }

    private JWTClaimsSet.Builder assertionClaims(String clientId) {
        Instant now = app.server().clock.instant();
        return new JWTClaimsSet.Builder().issuer(clientId).subject(clientId)
                .audience(app.server().issuer())
                .expirationTime(Date.from(now.plusSeconds(60))).issueTime(Date.from(now))
                .jwtID(UUID.randomUUID().toString());
    }

    private static String sign(JWSHeader header, JWTClaimsSet claims, JWSSigner signer) throws Exception {
        SignedJWT jwt = new SignedJWT(header, claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    private String rsaAssertion(UnaryOperator<JWTClaimsSet.Builder> change) throws Exception {
        return sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rsa-1").type(JOSEObjectType.JWT).build(),
                change.apply(assertionClaims(jwt.id())).build(), new RSASSASigner(rsa));
    }

    private TestServer.Response withAssertion(String assertion) {
        return cc(form("grant_type", CC, "client_assertion_type", ClientAssertionVerifier.JWT_BEARER,
                "client_assertion", assertion));
    }

    // ---- each method works ---------------------------------------------------------------------------------------

    @Test
    void basicWhenFormEncodedSecretWithReservedCharactersThenAuthenticated() {
        TestServer.Response r = cc(form("grant_type", CC), "Authorization", basic.basic());
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
    }

    @Test
    void basicWhenClientIdAlsoInBodyAndEqualThenAuthenticated() {
        assertThat(cc(form("grant_type", CC, "client_id", basic.id()), "Authorization", basic.basic()).status()).isEqualTo(200);
    }

    @Test
    void postWhenCredentialsInBodyThenAuthenticated() {
        assertThat(cc(form("grant_type", CC, "client_id", post.id(), "client_secret", post.secret())).status()).isEqualTo(200);
    }

    @Test
    void privateKeyJwtWhenRs256OrEs256WithRegisteredKeyThenAuthenticated() throws Exception {
        assertThat(withAssertion(rsaAssertion(c -> c)).status()).isEqualTo(200);
        String es = sign(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("ec-1").build(),
                assertionClaims(jwt.id()).audience(app.server().issuer()).build(), new ECDSASigner(ec));
        TestServer.Response r = withAssertion(es);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        // Without kid the registered keys are tried in turn; client_id may accompany the assertion.
        String noKid = sign(new JWSHeader.Builder(JWSAlgorithm.ES256).build(), assertionClaims(jwt.id()).build(),
                new ECDSASigner(ec));
        assertThat(cc(form("grant_type", CC, "client_id", jwt.id(), "client_assertion_type",
                ClientAssertionVerifier.JWT_BEARER, "client_assertion", noKid)).status()).isEqualTo(200);
    }

    @Test
    void privateKeyJwtWhenAtIntrospectionAndRevocationThenSameAuthenticator() throws Exception {
        String access = withAssertion(rsaAssertion(c -> c)).text("access_token");
        TestServer.Response introspected = kit.post("/oauth2/introspect", form("token", access, "client_assertion_type",
                ClientAssertionVerifier.JWT_BEARER, "client_assertion",
                rsaAssertion(c -> c)));
        assertThat(introspected.status()).as(introspected.toString()).isEqualTo(200);
        assertThat(introspected.json().get("active").asBoolean()).isTrue();
        TestServer.Response revoked = kit.post("/oauth2/revoke", form("token", access, "client_assertion_type",
                ClientAssertionVerifier.JWT_BEARER, "client_assertion", rsaAssertion(c -> c)));
        assertThat(revoked.status()).isEqualTo(200);
        assertThat(kit.post("/oauth2/introspect", form("token", access), "Authorization", basic.basic()).json()
                .get("active").asBoolean()).isFalse();
        assertInvalidClient(kit.post("/oauth2/revoke", form("token", access, "client_id", jwt.id())));
    }

    @Test
    void noneWhenPublicClientNamesItselfThenAuthenticatedForItsGrants() {
        // Authenticated, then refused the grant it is not registered for: unauthorized_client, not invalid_client.
        assertError(cc(form("grant_type", CC, "client_id", publicApp.id())), 400, "unauthorized_client");
    }

    // ---- failures --------------------------------------------------------------------------------------------

    @Test
    void basicWhenWrongSecretThenInvalidClient() {
        assertInvalidClient(cc(form("grant_type", CC), "Authorization", OAuthTestKit.basic(basic.id(), "wrong-secret")));
        assertInvalidClient(cc(form("grant_type", CC), "Authorization", OAuthTestKit.basic(basic.id(), "")));
    }

    @Test
    void basicWhenSecretSentUnencodedThenInvalidClient() {
        String raw = "Basic " + Base64.getEncoder().encodeToString((basic.id() + ":" + basic.secret())
                .getBytes(StandardCharsets.UTF_8));
        assertInvalidClient(cc(form("grant_type", CC), "Authorization", raw));
    }

    @Test
    void basicWhenMalformedOrOtherSchemeThenInvalidClient() {
        assertInvalidClient(cc(form("grant_type", CC), "Authorization", "Basic !!!not-base64"));
        assertInvalidClient(cc(form("grant_type", CC), "Authorization", "Basic "
                + Base64.getEncoder().encodeToString("no-colon".getBytes(StandardCharsets.UTF_8))));
        assertInvalidClient(cc(form("grant_type", CC), "Authorization", "Bearer " + basic.secret()));
    }

    @Test
    void basicWhenBodyClientIdDiffersThenInvalidClient() {
        assertInvalidClient(cc(form("grant_type", CC, "client_id", post.id()), "Authorization", basic.basic()));
    }

    @Test
    void postWhenWrongSecretOrNoClientIdThenInvalidClient() {
        assertInvalidClient(cc(form("grant_type", CC, "client_id", post.id(), "client_secret", "wrong")));
        assertInvalidClient(cc(form("grant_type", CC, "client_secret", post.secret())));
    }

    @Test
    void whenNoCredentialsThenInvalidClient() {
        assertInvalidClient(cc(form("grant_type", CC)));
        // A confidential client naming itself without credentials has not authenticated.
        assertInvalidClient(cc(form("grant_type", CC, "client_id", basic.id())));
    }

    @Test
    void whenUnknownClientThenInvalidClient() {
        assertInvalidClient(cc(form("grant_type", CC), "Authorization", OAuthTestKit.basic("nobody", "whatever")));
        assertInvalidClient(cc(form("grant_type", CC, "client_id", "nobody", "client_secret", "whatever")));
        assertInvalidClient(cc(form("grant_type", CC, "client_id", "nobody")));
        assertInvalidClient(cc(form("grant_type", CC, "client_id", "x".repeat(300))));
    }

    @Test
    void whenTwoMethodsAtOnceThenInvalidRequest() throws Exception {
        // RFC 6749 §5.2: "utilizes more than one mechanism for authenticating the client" is invalid_request.
        assertError(cc(form("grant_type", CC, "client_id", basic.id(), "client_secret", basic.secret()),
                "Authorization", basic.basic()), 400, "invalid_request");
        assertError(cc(form("grant_type", CC, "client_id", post.id(), "client_secret", post.secret(),
                "client_assertion_type", ClientAssertionVerifier.JWT_BEARER, "client_assertion", rsaAssertion(c -> c))),
                400, "invalid_request");
    }

    @Test
    void whenMethodOtherThanRegisteredThenInvalidClient() throws Exception {
        // A basic client posting its secret in the body, and the reverse.
        assertInvalidClient(cc(form("grant_type", CC, "client_id", basic.id(), "client_secret", basic.secret())));
        assertInvalidClient(cc(form("grant_type", CC), "Authorization", OAuthTestKit.basic(post.id(), post.secret())));
        // A public client presenting a secret.
        assertInvalidClient(cc(form("grant_type", CC, "client_id", publicApp.id(), "client_secret", "x".repeat(40))));
        // A secret client presenting an assertion signed by keys it does not have registered.
        String forBasic = sign(new JWSHeader.Builder(JWSAlgorithm.RS256).build(),
                assertionClaims(basic.id()).build(), new RSASSASigner(rsa));
        assertInvalidClient(withAssertion(forBasic));
    }

    @Test
    void privateKeyJwtWhenSignedByAnotherKeyThenInvalidClient() throws Exception {
        RSAKey attacker = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        String forged = sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rsa-1").build(),
                assertionClaims(jwt.id()).build(), new RSASSASigner(attacker));
        assertInvalidClient(withAssertion(forged));
        // An embedded jwk header is never trusted.
        String embedded = sign(new JWSHeader.Builder(JWSAlgorithm.RS256).jwk(attacker.toPublicJWK()).build(),
                assertionClaims(jwt.id()).build(), new RSASSASigner(attacker));
        assertInvalidClient(withAssertion(embedded));
    }

    @Test
    void privateKeyJwtWhenHs256OrNoneThenInvalidClient() throws Exception {
        // HMAC with a key an attacker could know (the RSA modulus, as in algorithm-confusion attacks): refused.
        byte[] key = rsa.toPublicJWK().getModulus().decode();
        String hs = sign(new JWSHeader.Builder(JWSAlgorithm.HS256).build(), assertionClaims(jwt.id()).build(),
                new MACSigner(key));
        assertInvalidClient(withAssertion(hs));
        String payload = Base64.getUrlEncoder().withoutPadding().encodeToString(
                assertionClaims(jwt.id()).build().toString().getBytes(StandardCharsets.UTF_8));
        String none = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8))
                + "." + payload + ".";
        assertInvalidClient(withAssertion(none));
    }

    @Test
    void privateKeyJwtWhenWrongAudienceThenInvalidClient() throws Exception {
        assertInvalidClient(withAssertion(rsaAssertion(c -> c.audience("https://elsewhere.example.com/token"))));
        assertInvalidClient(
                withAssertion(rsaAssertion(c -> c.audience(app.server().issuer() + "/oauth2/token/extra"))));
    }

    @Test
    void privateKeyJwtWhenAudIsAnEndpointUrlThenInvalidClient() throws Exception {
        // draft-ietf-oauth-rfc7523bis (the 2025 audience-injection findings): the issuer identifier is the only
        // audience; an endpoint URL, the one RFC 7523 §3 used to suggest, is refused at every endpoint.
        String issuer = app.server().issuer();
        for (String endpoint : List.of("/oauth2/token", "/oauth2/introspect", "/oauth2/revoke")) {
            assertInvalidClient(withAssertion(rsaAssertion(c -> c.audience(issuer + endpoint))));
        }
        assertInvalidClient(kit.post("/oauth2/introspect", form("token", "x", "client_assertion_type",
                ClientAssertionVerifier.JWT_BEARER, "client_assertion",
                rsaAssertion(c -> c.audience(issuer + "/oauth2/introspect")))));
    }

    @Test
    void privateKeyJwtWhenAudHasSeveralValuesThenInvalidClient() throws Exception {
        String issuer = app.server().issuer();
        assertInvalidClient(withAssertion(rsaAssertion(c -> c.audience(List.of(issuer, issuer + "/oauth2/token")))));
        assertInvalidClient(withAssertion(rsaAssertion(c -> c.audience(List.of(issuer, "https://other.example")))));
        assertInvalidClient(withAssertion(rsaAssertion(c -> c.audience(List.of(issuer, issuer)))));
    }

    @Test
    void privateKeyJwtWhenAudIsTheIssuerAloneAsStringOrOneElementArrayThenAuthenticated() throws Exception {
        // Nimbus writes a one-element audience as a string; a one-element array is built by hand.
        assertThat(withAssertion(rsaAssertion(c -> c.audience(app.server().issuer()))).status()).isEqualTo(200);
        String issuer = app.server().issuer();
        String json = assertionClaims(jwt.id()).build().toString().replaceFirst("\"aud\":\"[^\"]*\"",
                java.util.regex.Matcher.quoteReplacement("\"aud\":[\"" + issuer + "\"]"));
        JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rsa-1").build(), new Payload(json));
        jws.sign(new RSASSASigner(rsa));
        String array = jws.serialize();
        assertThat(SignedJWT.parse(array).getPayload().toString()).contains("\"aud\":[");
        TestServer.Response r = withAssertion(array);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
    }

    @Test
    void privateKeyJwtWhenExpiredOrTooLongOrNoExpThenInvalidClient() throws Exception {
        Instant now = app.server().clock.instant();
        assertInvalidClient(withAssertion(rsaAssertion(c -> c.expirationTime(Date.from(now.minusSeconds(120))))));
        assertInvalidClient(withAssertion(rsaAssertion(c -> c.expirationTime(Date.from(now.plusSeconds(3600))))));
        assertInvalidClient(withAssertion(rsaAssertion(c -> c.expirationTime(null))));
        assertInvalidClient(withAssertion(rsaAssertion(c -> c.notBeforeTime(Date.from(now.plusSeconds(300))))));
    }

    @Test
    void privateKeyJwtWhenJtiReplayedOrMissingThenInvalidClient() throws Exception {
        String once = rsaAssertion(c -> c);
        assertThat(withAssertion(once).status()).isEqualTo(200);
        assertInvalidClient(withAssertion(once));
        assertInvalidClient(withAssertion(rsaAssertion(c -> c.jwtID(null))));
    }

    @Test
    void privateKeyJwtWhenIssOrSubOrClientIdMismatchThenInvalidClient() throws Exception {
        assertInvalidClient(withAssertion(rsaAssertion(c -> c.subject("someone-else"))));
        assertInvalidClient(cc(form("grant_type", CC, "client_id", basic.id(), "client_assertion_type",
                ClientAssertionVerifier.JWT_BEARER, "client_assertion", rsaAssertion(c -> c))));
    }

    @Test
    void privateKeyJwtWhenWrongAssertionTypeOrGarbageThenInvalidClient() throws Exception {
        assertInvalidClient(cc(form("grant_type", CC, "client_assertion_type", "urn:example:other",
                "client_assertion", rsaAssertion(c -> c))));
        assertInvalidClient(withAssertion("not.a.jwt"));
        assertInvalidClient(cc(form("grant_type", CC, "client_assertion_type", ClientAssertionVerifier.JWT_BEARER)));
    }
}
