package io.tokenbooth.server.pages;

/**
 * The sign-in form. {@code requestId} names the pending authorization request the form resumes (a hidden field;
 * the request itself stays on the server). {@code username} prefills the field (the {@code login_hint}, or what was
 * typed before an error); {@code error} is shown above the form and linked to the fields with
 * {@code aria-describedby}, or null.
 */
public record LoginPage(Frame frame, String clientName, String action, String requestId, String username,
                        String error) {
    public LoginPage {
        username = username == null ? "" : username;
    }
}
