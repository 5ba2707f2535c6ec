package io.tokenbooth.server.authn.password;

/** A username and password as typed; either may be {@code null} when the request lacked it. */
public record PasswordCredentials(String username, String password) {

    @Override
    public String toString() {
        return "PasswordCredentials[username=" + username + ", password=***]";
    }
}
