package io.tokenbooth.server.oauth.token;

import io.tokenbooth.server.api.Api;
import io.tokenbooth.server.api.RegisteredApis;
import io.tokenbooth.server.client.FirstPartyClient;
import io.tokenbooth.server.oauth.OAuthException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a first-party login's {@code scope} and {@code resource} ask for (docs/api.md "POST /api/v1/login"). Neither:
 * the first-party API ({@code api}, the configured audience), exactly as before. A {@code resource} must be a
 * registered API's audience ({@code invalid_target} otherwise; the configured first-party audience also names the
 * first-party API) and the scopes must be that API's ({@code invalid_scope}); without {@code scope}, all of them. A
 * {@code scope} alone names its API through the scopes: all must belong to one API, or be just {@code api}. One API per
 * token: the first-party apps ask for a second token for a second API. Thread-safe.
 */
final class FirstPartyTarget {
    private final RegisteredApis apis;
    private final List<String> firstPartyAudiences;

    FirstPartyTarget(RegisteredApis apis, List<String> firstPartyAudiences) {
        this.apis = apis;
        this.firstPartyAudiences = List.copyOf(firstPartyAudiences);
    }

    /**
     * The access token's scope and audiences, and the audiences the refresh family remembers (none for the
     * first-party API, whose refreshes follow the configured audience as before).
     */
    record Target(String scope, List<String> audiences, List<String> remembered) {
    }

    Target resolve(Optional<String> scope, Optional<String> resource) {
        Optional<Set<String>> scopes = scope.map(Scopes::parse);
        if (resource.isPresent()) {
            String r = resource.get();
            if (firstPartyAudiences.contains(r)) {
                return firstParty(scopes);
            }
            Api api = apis.byAudience(r).orElseThrow(() ->
                    OAuthException.invalidTarget("the resource is not a registered API"));
            return forApi(api, scopes);
        }
        if (scopes.isEmpty()) {
            return firstParty(scopes);
        }
        if (scopes.get().contains(FirstPartyClient.SCOPE)) {
            return firstParty(scopes);
        }
        String first = scopes.get().iterator().next();
        Api api = apis.byScope(first).orElseThrow(() ->
                OAuthException.invalidScope("the scope '" + first + "' is not a registered API's"));
        return forApi(api, scopes);
    }

    private Target firstParty(Optional<Set<String>> scopes) {
        if (scopes.isPresent() && !scopes.get().equals(Set.of(FirstPartyClient.SCOPE))) {
            throw OAuthException.invalidScope("the first-party API's only scope is '" + FirstPartyClient.SCOPE + "'");
        }
        return new Target(FirstPartyClient.SCOPE, firstPartyAudiences, List.of());
    }

    private static Target forApi(Api api, Optional<Set<String>> scopes) {
        if (scopes.isPresent() && !api.scopes().containsAll(scopes.get())) {
            throw OAuthException.invalidScope("a requested scope is not one of the API's scopes");
        }
        String scope = Scopes.join(scopes.isPresent() ? scopes.get() : api.scopes());
        return new Target(scope, List.of(api.audience()), List.of(api.audience()));
    }
}
