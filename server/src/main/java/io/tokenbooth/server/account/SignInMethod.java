package io.tokenbooth.server.account;

/**
 * A way an account can sign in. An account's methods are derived from what it holds (a password hash means
 * {@link #PASSWORD}), never stored beside it, so they cannot disagree (decisions.md "Issue 6: authenticators and
 * accounts"). An account may have none: it exists, but nothing signs in to it until a method is added.
 */
public enum SignInMethod {
    PASSWORD("password");

    private final String value;

    SignInMethod(String value) {
        this.value = value;
    }

    /** The name shown to operators ({@code user show}). */
    public String value() {
        return value;
    }
}
