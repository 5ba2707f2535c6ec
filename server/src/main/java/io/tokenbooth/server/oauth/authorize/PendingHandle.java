package io.tokenbooth.server.oauth.authorize;

import io.tokenbooth.server.oauth.authorize.pending.PendingAuthorization;
import io.tokenbooth.server.oauth.authorize.pending.PendingAuthorization.Authenticated;
import io.tokenbooth.server.oauth.authorize.pending.PendingAuthorizations;
import java.util.Optional;

/**
 * Where the request being answered is kept between pages: nowhere yet for a request that has just arrived (answered
 * at once, it stores nothing; it is stored when a page must be shown), or the pending request a form resumed. One per
 * HTTP request; not thread-safe.
 */
final class PendingHandle {
    private final PendingAuthorizations pending;
    private final String binding;
    private final String source;
    private String id;
    private PendingAuthorization stored;

    private PendingHandle(PendingAuthorizations pending, String binding, String source, String id,
                          PendingAuthorization stored) {
        this.pending = pending;
        this.binding = binding;
        this.source = source;
        this.id = id;
        this.stored = stored;
    }

    /** A request that has just arrived from the browser holding {@code binding}, from {@code source}. */
    static PendingHandle fresh(PendingAuthorizations pending, String binding, String source) {
        return new PendingHandle(pending, binding, source, null, null);
    }

    /** A pending request resumed by id. */
    static PendingHandle resumed(PendingAuthorizations pending, String id, PendingAuthorization stored) {
        return new PendingHandle(pending, null, null, id, stored);
    }

    /**
     * The id the next page carries: the request is stored first if it is not yet (which may throw
     * {@link PendingAuthorizations.TooManyRequests}), with {@code who} as its progress when someone is signed in.
     */
    String pageId(AuthorizationRequest req, Optional<String> uiLocales, Optional<Authenticated> who) {
        if (id == null) {
            id = pending.start(req.client().clientId(), AuthorizationParameters.kept(req, uiLocales), who, binding,
                    source);
        } else if (who.isPresent() && !authenticatedAs(who.get().accountId())) {
            authenticated(who.get());
        }
        return id;
    }

    /** Records who has just authenticated for the stored request, for the steps that follow. */
    void authenticated(Authenticated who) {
        if (stored != null) {
            pending.recordAuthentication(stored, who);
            stored = new PendingAuthorization(stored.idHash(), stored.bindingHash(), stored.clientId(),
                    stored.parameters(), Optional.of(who), stored.createdAt(), stored.expiresAt(), stored.completedAt());
        }
    }

    /** Whether the stored request's progress names {@code accountId} as the one who authenticated. */
    boolean authenticatedAs(String accountId) {
        return stored != null && stored.authenticated().map(a -> a.accountId().equals(accountId)).orElse(false);
    }

    /**
     * Completes the request before it is answered by redirect: true when this caller won (always, when nothing was
     * stored), false when it was completed already or expired meanwhile.
     */
    boolean complete() {
        return stored == null || pending.complete(stored);
    }
}
