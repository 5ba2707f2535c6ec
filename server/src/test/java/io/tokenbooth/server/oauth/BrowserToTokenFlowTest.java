package io.tokenbooth.server.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.AuthenticationResponse;
import com.nimbusds.openid.connect.sdk.AuthenticationResponseParser;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.claims.UserInfo;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import io.tokenbooth.server.oauth.OAuthTestKit.RegisteredClient;
import io.tokenbooth.server.testing.RunningServer;
import java.net.URI;
import java.util.UUID;
import org.htmlunit.BrowserVersion;
import org.htmlunit.Page;
import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlButton;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole OpenID Connect code flow as a relying party sees it: the Nimbus SDK builds the authentication request
 * (PKCE S256, state, nonce), a browser without JavaScript (HtmlUnit) signs in on the real pages, the SDK parses the
 * redirect (with RFC 9207 {@code iss}), exchanges the code, validates the ID token from the JWKS, calls UserInfo and
 * refreshes. Ties the authorization endpoint to the token endpoint. H2 only.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrowserToTokenFlowTest {
    @RegisterExtension
    static final RunningServer app = RunningServer.h2();

    private OAuthTestKit kit;
    private OIDCProviderMetadata op;

    @BeforeAll
    void start() throws Exception {
        kit = new OAuthTestKit(app.server());
        op = OIDCProviderMetadata.parse(app.server().get("/.well-known/openid-configuration").body());
    }

    private static WebClient browser() {
        WebClient web = new WebClient(BrowserVersion.BEST_SUPPORTED);
        web.getOptions().setJavaScriptEnabled(false);
        web.getOptions().setCssEnabled(false);
        web.getOptions().setRedirectEnabled(false);
        web.getOptions().setThrowExceptionOnFailingStatusCode(false);
        return web;
    }

    /** Follows redirects within the server (up to a few) and stops at the first page or at a redirect elsewhere. */
    private Page follow(WebClient web, Page page) throws Exception {
        for (int i = 0; i < 5; i++) {
            int status = page.getWebResponse().getStatusCode();
            String location = page.getWebResponse().getResponseHeaderValue("Location");
            if ((status != 302 && status != 303) || location == null) {
                return page;
            }
            URI target = page.getUrl().toURI().resolve(location);
            if (!target.toString().startsWith(app.server().url(""))) {
                return page;
            }
            page = web.getPage(target.toURL());
        }
        return page;
    }

    @Test
    void flowWhenUserSignsInThenRelyingPartyGetsValidatedTokensUserInfoAndRefresh() throws Exception {
        RegisteredClient client = kit.client("rp").firstParty().register();
        String username = "flow_" + UUID.randomUUID().toString().substring(0, 8);
        String accountId = kit.newAccountNamed(username);
        ClientID clientId = new ClientID(client.id());
        CodeVerifier verifier = new CodeVerifier();
        State state = new State();
        Nonce nonce = new Nonce();
        AuthenticationRequest authn = new AuthenticationRequest.Builder(new ResponseType("code"),
                new Scope("openid", "profile", "offline_access"), clientId, URI.create(OAuthTestKit.REDIRECT))
                .endpointURI(op.getAuthorizationEndpointURI()).state(state).nonce(nonce)
                .codeChallenge(verifier, CodeChallengeMethod.S256).build();

        try (WebClient web = browser()) {
            Page login = follow(web, web.getPage(authn.toURI().toURL()));
            assertThat(login).as("the sign-in page").isInstanceOf(HtmlPage.class);
            HtmlForm form = ((HtmlPage) login).getForms().get(0);
            form.getInputByName("username").setValue(username);
            form.getInputByName("password").setValue(OAuthTestKit.PASSWORD);
            HtmlButton submit = form.getFirstByXPath(".//button[@type='submit']");
            Page back = follow(web, submit.click());
            String location = back.getWebResponse().getResponseHeaderValue("Location");
            assertThat(location).as("redirect to the client").startsWith(OAuthTestKit.REDIRECT);

            AuthenticationResponse response = AuthenticationResponseParser.parse(URI.create(location));
            assertThat(response.indicatesSuccess()).isTrue();
            AuthorizationSuccessResponse success = (AuthorizationSuccessResponse) response;
            assertThat(success.getState()).isEqualTo(state);
            assertThat(success.getIssuer()).isEqualTo(op.getIssuer());

            ClientSecretBasic auth = new ClientSecretBasic(clientId, new Secret(client.secret()));
            TokenResponse tokenResponse = OIDCTokenResponseParser.parse(new TokenRequest(op.getTokenEndpointURI(), auth,
                    new AuthorizationCodeGrant(success.getAuthorizationCode(), URI.create(OAuthTestKit.REDIRECT), verifier),
                    null).toHTTPRequest().send());
            assertThat(tokenResponse.indicatesSuccess())
                    .as(() -> tokenResponse.toErrorResponse().getErrorObject().toString()).isTrue();
            OIDCTokens tokens = ((OIDCTokenResponse) tokenResponse.toSuccessResponse()).getOIDCTokens();

            IDTokenClaimsSet claims = new IDTokenValidator(op.getIssuer(), clientId, JWSAlgorithm.RS256,
                    op.getJWKSetURI().toURL()).validate(tokens.getIDToken(), nonce);
            assertThat(claims.getSubject().getValue()).isEqualTo(accountId);
            assertThat(claims.getAuthenticationTime()).isNotNull();
            assertThat(claims.getAMR()).extracting(Object::toString).contains("pwd");

            UserInfoResponse info = UserInfoResponse.parse(new UserInfoRequest(op.getUserInfoEndpointURI(),
                    tokens.getBearerAccessToken()).toHTTPRequest().send());
            assertThat(info.indicatesSuccess()).isTrue();
            UserInfo user = info.toSuccessResponse().getUserInfo();
            assertThat(user.getSubject().getValue()).isEqualTo(accountId);
            assertThat(user.getPreferredUsername()).isEqualTo(username);

            TokenResponse refreshed = OIDCTokenResponseParser.parse(new TokenRequest(op.getTokenEndpointURI(), auth,
                    new RefreshTokenGrant(tokens.getRefreshToken()), null).toHTTPRequest().send());
            assertThat(refreshed.indicatesSuccess()).isTrue();

            // The code was single-use: the browser's code cannot be exchanged twice.
            TokenResponse replay = OIDCTokenResponseParser.parse(new TokenRequest(op.getTokenEndpointURI(), auth,
                    new AuthorizationCodeGrant(success.getAuthorizationCode(), URI.create(OAuthTestKit.REDIRECT), verifier),
                    null).toHTTPRequest().send());
            assertThat(replay.indicatesSuccess()).isFalse();
        }
    }
}
