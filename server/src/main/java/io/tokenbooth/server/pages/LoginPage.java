package io.tokenbooth.server.pages;

import java.util.List;

/**
 * The sign-in form. {@code username} prefills the field (the {@code login_hint}, or what was typed before an error);
 * {@code error} is shown above the form and linked to the fields with {@code aria-describedby}, or null.
 */
public record LoginPage(Frame frame, String clientName, String action, List<HiddenField> hidden, String username,
                        String error) {
    public LoginPage {
        hidden = List.copyOf(hidden);
        username = username == null ? "" : username;
    }
}
