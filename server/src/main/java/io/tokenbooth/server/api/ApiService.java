package io.tokenbooth.server.api;

import io.tokenbooth.server.client.ClientService;
import io.tokenbooth.server.client.FirstPartyClient;
import io.tokenbooth.server.oauth.OAuthException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Registers, lists and removes APIs, with the rules of docs/decisions.md "Issue 7: API registry": a name like a client
 * id; an audience that is an absolute URI without fragment (RFC 8707 §2) and no other API's; one to
 * {@value #MAX_SCOPES} scopes, each a scope token, no other API's, and none of the OpenID Connect user scopes or the
 * first-party {@code api} scope (those mean something else everywhere); an optional access-token lifetime within
 * the bounds of a client's. At most {@value #MAX_APIS} APIs, so the token paths' snapshot stays small. Thread-safe.
 */
public final class ApiService {
    public static final int MAX_APIS = 1_000;
    public static final int MAX_SCOPES = 32;
    public static final int MAX_AUDIENCE_LENGTH = 512;
    public static final Duration MIN_TTL = Duration.ofSeconds(30);
    public static final Duration MAX_TTL = Duration.ofDays(1);
    /** Scopes an API cannot own: the OpenID Connect user scopes and the first-party API's own. */
    public static final Set<String> RESERVED_SCOPES = Set.of("openid", "profile", "email", "address", "phone",
            "offline_access", FirstPartyClient.SCOPE);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._~-]{1,128}");

    private final ApiStore store;
    private final RegisteredApis registered;
    private final Clock clock;

    public ApiService(ApiStore store, RegisteredApis registered, Clock clock) {
        this.store = store;
        this.registered = registered;
        this.clock = clock;
    }

    public Api register(String name, String audience, List<String> scopes, Optional<Duration> accessTokenTtl) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw OAuthException.invalidRequest("name must be 1-128 characters of A-Z a-z 0-9 . _ ~ -");
        }
        if (audience == null || audience.isEmpty() || audience.length() > MAX_AUDIENCE_LENGTH) {
            throw OAuthException.invalidRequest("audience must be an absolute URI of at most " + MAX_AUDIENCE_LENGTH
                    + " characters");
        }
        ClientService.checkAudience(audience);
        Set<String> ordered = new LinkedHashSet<>(scopes == null ? List.of() : scopes);
        if (ordered.isEmpty() || ordered.size() > MAX_SCOPES) {
            throw OAuthException.invalidRequest("an API needs 1 to " + MAX_SCOPES + " scopes");
        }
        for (String s : ordered) {
            if (!ClientService.isScopeToken(s)) {
                throw OAuthException.invalidRequest("scope '" + truncated(s) + "' is not a valid scope token (RFC 6749 §3.3)");
            }
            if (RESERVED_SCOPES.contains(s)) {
                throw OAuthException.invalidRequest("scope '" + s + "' is reserved (OpenID Connect or the first-party API)");
            }
        }
        if (accessTokenTtl.isPresent()
                && (accessTokenTtl.get().compareTo(MIN_TTL) < 0 || accessTokenTtl.get().compareTo(MAX_TTL) > 0)) {
            throw OAuthException.invalidRequest("the access-token lifetime must be between 30 seconds and 24 hours");
        }
        List<Api> existing = store.list();
        if (existing.size() >= MAX_APIS) {
            throw OAuthException.of("invalid_request", "at most " + MAX_APIS + " APIs can be registered", 409);
        }
        for (Api other : existing) {
            if (other.name().equals(name)) {
                throw conflict("API '" + name + "' already exists");
            }
            if (other.audience().equals(audience)) {
                throw conflict("audience '" + audience + "' belongs to API '" + other.name() + "'");
            }
            for (String s : ordered) {
                if (other.scopes().contains(s)) {
                    throw conflict("scope '" + s + "' belongs to API '" + other.name() + "'");
                }
            }
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Api api = new Api(name, audience, List.copyOf(ordered), accessTokenTtl, now);
        try {
            store.create(api);
        } catch (ApiStore.ApiExistsException e) {
            throw conflict("an API with this name, audience or scope was registered at the same time");
        } finally {
            registered.changed();
        }
        return api;
    }

    /** Removes an API; returns whether it existed. Tokens already minted for it stay valid until they expire. */
    public boolean remove(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            return false;
        }
        try {
            return store.delete(name);
        } finally {
            registered.changed();
        }
    }

    public List<Api> list() {
        return store.list();
    }

    public Api require(String name) {
        Optional<Api> found = name == null || !NAME.matcher(name).matches() ? Optional.empty() : store.find(name);
        return found.orElseThrow(() -> OAuthException.of("not_found", "no such API: " + truncated(name), 404));
    }

    private static OAuthException conflict(String description) {
        return OAuthException.of("invalid_request", description, 409);
    }

    private static String truncated(String s) {
        return s == null || s.length() <= 64 ? String.valueOf(s) : s.substring(0, 64) + "…";
    }
}
