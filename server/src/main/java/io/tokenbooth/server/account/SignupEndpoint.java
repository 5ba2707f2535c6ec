package io.tokenbooth.server.account;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.javalin.http.Context;
import io.tokenbooth.server.http.ClientAddress;
import io.tokenbooth.server.http.JsonResponse;
import io.tokenbooth.server.http.RateLimiter;
import io.tokenbooth.server.http.RequestBody;
import java.util.Optional;

/** {@code POST /api/v1/signup {username, password, email?}} → 201 with the new account. */
public final class SignupEndpoint {
    private final AccountService accounts;
    private final RequestBody body;
    private final RateLimiter perAddress;
    private final ClientAddress clientAddress;

    public SignupEndpoint(AccountService accounts, RequestBody body, RateLimiter perAddress, ClientAddress clientAddress) {
        this.accounts = accounts;
        this.body = body;
        this.perAddress = perAddress;
        this.clientAddress = clientAddress;
    }

    record SignupRequest(String username, String password, String email) {
    }

    public void handle(Context ctx) {
        perAddress.acquire(clientAddress.source(ctx));
        SignupRequest req = body.json(ctx, SignupRequest.class);
        Account account = accounts.signup(req.username(), req.password(), Optional.ofNullable(req.email()));
        ctx.header("Location", "/api/v1/me");
        JsonResponse.noStore(ctx, 201, AccountView.of(account));
    }

    /** The public face of an account: never the password hash. */
    record AccountView(String id, String username, String email, @JsonProperty("created_at") String createdAt) {
        static AccountView of(Account a) {
            return new AccountView(a.id(), a.username(), a.email().orElse(null), a.createdAt().toString());
        }
    }

    static Object view(Account account) {
        return AccountView.of(account);
    }
}
