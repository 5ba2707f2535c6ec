package io.tokenbooth.server.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.TokenIntrospectionResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionSuccessResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import com.nimbusds.openid.connect.sdk.validators.AccessTokenValidator;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import io.tokenbooth.server.client.AuthMethod;
import io.tokenbooth.server.oauth.OAuthTestKit.RegisteredClient;
import io.tokenbooth.server.testing.RunningServer;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Interoperability with a stock third-party client library, the Nimbus OAuth 2.0 SDK with OpenID Connect extensions:
 * it discovers the server, exchanges a code (created directly, as the authorization endpoint would) with PKCE,
 * validates the ID token from the JWKS URL, refreshes, gets client_credentials tokens (secret and private-key JWT),
 * introspects and revokes. H2 only.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NimbusInteropTest {
    @RegisterExtension
    static final RunningServer app = RunningServer.h2();

    private OAuthTestKit kit;
    private OIDCProviderMetadata op;
    private RegisteredClient web;
    private ClientAuthentication webAuth;

    @BeforeAll
    void start() throws Exception {
        kit = new OAuthTestKit(app.server());
        op = OIDCProviderMetadata.parse(app.server().get("/.well-known/openid-configuration").body());
        web = kit.webClient();
        webAuth = new ClientSecretBasic(new ClientID(web.id()), new Secret(web.secret()));
    }

    private OIDCTokens codeExchange(String nonce, CodeVerifier verifier) throws Exception {
        String code = kit.code(web, kit.newAccount()).nonce(nonce).pkce(verifier.getValue()).create();
        TokenRequest request = new TokenRequest(op.getTokenEndpointURI(), webAuth,
                new AuthorizationCodeGrant(new AuthorizationCode(code), URI.create(OAuthTestKit.REDIRECT), verifier), null);
        TokenResponse response = OIDCTokenResponseParser.parse(request.toHTTPRequest().send());
        assertThat(response.indicatesSuccess()).as(() -> response.toErrorResponse().getErrorObject().toString()).isTrue();
        return ((OIDCTokenResponse) response.toSuccessResponse()).getOIDCTokens();
    }

    private IDTokenValidator idTokenValidator() throws Exception {
        return new IDTokenValidator(op.getIssuer(), new ClientID(web.id()), JWSAlgorithm.RS256, op.getJWKSetURI().toURL());
    }

    @Test
    void nimbusWhenCodeExchangedWithPkceThenIdTokenValidatesWithNonceAndAtHash() throws Exception {
        CodeVerifier verifier = new CodeVerifier();
        OIDCTokens tokens = codeExchange("nonce-abc", verifier);
        IDTokenClaimsSet claims = idTokenValidator().validate(tokens.getIDToken(), new Nonce("nonce-abc"));
        assertThat(claims.getIssuer()).isEqualTo(new Issuer(app.server().issuer()));
        assertThat(claims.getAuthorizedParty().getValue()).isEqualTo(web.id());
        assertThat(claims.getAuthenticationTime()).isNotNull();
        AccessTokenValidator.validate(tokens.getAccessToken(), JWSAlgorithm.RS256, claims.getAccessTokenHash());
        assertThat(tokens.getRefreshToken()).isNotNull();
        assertThat(tokens.getAccessToken().getLifetime()).isEqualTo(600);
    }

    @Test
    void nimbusWhenCodeReplayedThenInvalidGrantError() throws Exception {
        CodeVerifier verifier = new CodeVerifier();
        String code = kit.code(web, kit.newAccount()).pkce(verifier.getValue()).create();
        TokenRequest request = new TokenRequest(op.getTokenEndpointURI(), webAuth,
                new AuthorizationCodeGrant(new AuthorizationCode(code), URI.create(OAuthTestKit.REDIRECT), verifier), null);
        assertThat(OIDCTokenResponseParser.parse(request.toHTTPRequest().send()).indicatesSuccess()).isTrue();
        TokenResponse again = OIDCTokenResponseParser.parse(request.toHTTPRequest().send());
        assertThat(again.indicatesSuccess()).isFalse();
        assertThat(((TokenErrorResponse) again).getErrorObject()).isEqualTo(OAuth2Error.INVALID_GRANT);
    }

    @Test
    void nimbusWhenRefreshedThenNewTokensAndIdTokenStillValid() throws Exception {
        OIDCTokens first = codeExchange("n1", new CodeVerifier());
        TokenRequest refresh = new TokenRequest(op.getTokenEndpointURI(), webAuth,
                new RefreshTokenGrant(first.getRefreshToken()), null);
        TokenResponse response = OIDCTokenResponseParser.parse(refresh.toHTTPRequest().send());
        assertThat(response.indicatesSuccess()).isTrue();
        OIDCTokens second = ((OIDCTokenResponse) response.toSuccessResponse()).getOIDCTokens();
        assertThat(second.getRefreshToken()).isNotEqualTo(first.getRefreshToken());
        IDTokenClaimsSet claims = idTokenValidator().validate(second.getIDToken(), null);
        assertThat(claims.getSubject()).isEqualTo(idTokenValidator().validate(first.getIDToken(), new Nonce("n1")).getSubject());
    }

    @Test
    void nimbusWhenClientCredentialsWithSecretPostOrPrivateKeyJwtThenAccessToken() throws Exception {
        RegisteredClient post = kit.client("svc").method(AuthMethod.CLIENT_SECRET_POST).redirects()
                .grants("client_credentials").scopes("jobs.run").register();
        TokenRequest withSecret = new TokenRequest(op.getTokenEndpointURI(),
                new ClientSecretPost(new ClientID(post.id()), new Secret(post.secret())), new ClientCredentialsGrant(),
                new Scope("jobs.run"));
        TokenResponse r1 = TokenResponse.parse(withSecret.toHTTPRequest().send());
        assertThat(r1.indicatesSuccess()).isTrue();
        AccessTokenResponse ok = r1.toSuccessResponse();
        assertThat(ok.getTokens().getRefreshToken()).isNull();
        assertThat(ok.getTokens().getAccessToken().getScope()).isEqualTo(new Scope("jobs.run"));

        RSAKey key = new RSAKeyGenerator(2048).keyID("k1").generate();
        RegisteredClient jwt = kit.client("svc").method(AuthMethod.PRIVATE_KEY_JWT).redirects().grants("client_credentials")
                .scopes("jobs.run").jwks(new JWKSet(key.toPublicJWK()).toString(true)).register();
        // draft-ietf-oauth-rfc7523bis: the audience is the issuer identifier, not the token endpoint (issue 15).
        PrivateKeyJWT assertion = new PrivateKeyJWT(new ClientID(jwt.id()), URI.create(op.getIssuer().getValue()),
                JWSAlgorithm.RS256, key.toRSAPrivateKey(), "k1", null);
        TokenResponse r2 = TokenResponse.parse(new TokenRequest(op.getTokenEndpointURI(), assertion,
                new ClientCredentialsGrant(), null).toHTTPRequest().send());
        assertThat(r2.indicatesSuccess()).as(() -> r2.toErrorResponse().getErrorObject().toString()).isTrue();
        PrivateKeyJWT endpointAudience = new PrivateKeyJWT(new ClientID(jwt.id()), op.getTokenEndpointURI(),
                JWSAlgorithm.RS256, key.toRSAPrivateKey(), "k1", null);
        TokenResponse r3 = TokenResponse.parse(new TokenRequest(op.getTokenEndpointURI(), endpointAudience,
                new ClientCredentialsGrant(), null).toHTTPRequest().send());
        assertThat(r3.toErrorResponse().getErrorObject().getCode()).isEqualTo("invalid_client");
    }

    @Test
    void nimbusWhenIntrospectingAndRevokingThenActiveThenInactive() throws Exception {
        OIDCTokens tokens = codeExchange("n2", new CodeVerifier());
        AccessToken access = tokens.getAccessToken();
        RefreshToken refresh = tokens.getRefreshToken();
        URI introspection = op.getIntrospectionEndpointURI();

        TokenIntrospectionResponse r = TokenIntrospectionResponse.parse(
                new TokenIntrospectionRequest(introspection, webAuth, access).toHTTPRequest().send());
        TokenIntrospectionSuccessResponse active = r.toSuccessResponse();
        assertThat(active.isActive()).isTrue();
        assertThat(active.getClientID()).isEqualTo(new ClientID(web.id()));
        assertThat(active.getScope()).isEqualTo(Scope.parse("openid profile email offline_access"));
        assertThat(active.getIssuer()).isEqualTo(new Issuer(app.server().issuer()));
        assertThat(active.getAudience()).extracting(a -> a.getValue()).containsExactly(app.server().issuer());

        for (var token : List.of(access, refresh)) {
            HTTPResponse revoked = new TokenRevocationRequest(op.getRevocationEndpointURI(), webAuth, token)
                    .toHTTPRequest().send();
            assertThat(revoked.getStatusCode()).isEqualTo(200);
        }
        assertThat(TokenIntrospectionResponse.parse(new TokenIntrospectionRequest(introspection, webAuth, access)
                .toHTTPRequest().send()).toSuccessResponse().isActive()).isFalse();
        assertThat(TokenIntrospectionResponse.parse(new TokenIntrospectionRequest(introspection, webAuth, refresh)
                .toHTTPRequest().send()).toSuccessResponse().isActive()).isFalse();
    }

    @Test
    void nimbusWhenWrongSecretThenInvalidClientError() throws Exception {
        ClientAuthentication wrong = new ClientSecretBasic(new ClientID(web.id()), new Secret("not-the-secret-0123456789"));
        TokenResponse r = TokenResponse.parse(new TokenRequest(op.getTokenEndpointURI(), wrong,
                new RefreshTokenGrant(new RefreshToken("whatever")), null).toHTTPRequest().send());
        assertThat(r.indicatesSuccess()).isFalse();
        assertThat(r.toErrorResponse().getErrorObject().getCode()).isEqualTo("invalid_client");
        assertThat(r.toErrorResponse().getErrorObject().getHTTPStatusCode()).isEqualTo(401);
    }
}
