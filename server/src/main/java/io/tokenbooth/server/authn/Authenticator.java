package io.tokenbooth.server.authn;

import io.tokenbooth.server.account.SignInMethod;

/**
 * One way to sign in (a password now; an upstream identity provider, a passkey, a one-time code later). It checks what
 * the user presented and answers with a typed {@link AuthnOutcome}: the account with how it was authenticated, or why
 * not. It never throws for an expected failure and never answers with text another class must interpret; the login
 * pages and the first-party API decide how each failure looks. Adding a method is one implementation and one line in
 * the composition root ({@code app/Services}). Implementations are thread-safe.
 *
 * @param <C> what the user presents for this method
 */
public interface Authenticator<C> {

    /** The sign-in method this authenticator checks, as an account lists it ({@link
     * io.tokenbooth.server.account.Account#signInMethods()}). */
    SignInMethod method();

    /**
     * Checks {@code credentials} presented from {@code source} (the client's {@link
     * io.tokenbooth.server.http.AddressPrefix}: its address, an IPv6 /64). Storage failures still propagate as
     * {@link io.tokenbooth.server.storage.StoreUnavailableException}.
     */
    AuthnOutcome authenticate(C credentials, String source);
}
