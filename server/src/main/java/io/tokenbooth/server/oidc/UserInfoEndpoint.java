package io.tokenbooth.server.oidc;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.tokenbooth.server.http.BearerToken;
import io.tokenbooth.server.http.FormBody;
import io.tokenbooth.server.http.JsonResponse;
import io.tokenbooth.server.oauth.OAuthException;
import io.tokenbooth.server.oauth.OAuthParameters;
import java.util.Optional;

/**
 * {@code GET} and {@code POST /oauth2/userinfo} (OIDC Core §5.3). The access token comes in the Authorization header
 * (RFC 6750 §2.1) or, on POST only, as {@code access_token} in a form body (§2.2); never from the URL query (§2.3 is
 * not supported), and never two ways at once. Errors per RFC 6750 §3: 401 {@code invalid_token} and 403
 * {@code insufficient_scope}, with {@code WWW-Authenticate: Bearer}.
 */
public final class UserInfoEndpoint {
    public static final String PATH = "/oauth2/userinfo";

    private final FormBody form;
    private final UserInfoService userInfo;

    public UserInfoEndpoint(FormBody form, UserInfoService userInfo) {
        this.form = form;
        this.userInfo = userInfo;
    }

    public void handle(Context ctx) {
        JsonResponse.noStore(ctx, 200, userInfo.claims(token(ctx)));
    }

    private String token(Context ctx) {
        boolean header = ctx.header("Authorization") != null;
        Optional<String> inBody = Optional.empty();
        if (ctx.method() == HandlerType.POST) {
            OAuthParameters params = form.readIfPresent(ctx);
            inBody = params.get("access_token");
        }
        if (header && inBody.isPresent()) {
            throw OAuthException.invalidRequest("send the access token one way only (RFC 6750 section 2)");
        }
        return inBody.orElseGet(() -> BearerToken.from(ctx));
    }
}
