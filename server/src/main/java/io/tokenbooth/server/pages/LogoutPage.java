package io.tokenbooth.server.pages;

import java.util.List;

/** Asks the user to confirm signing out (RP-Initiated Logout without a usable {@code id_token_hint}). */
public record LogoutPage(Frame frame, String action, List<HiddenField> hidden) {
    public LogoutPage {
        hidden = List.copyOf(hidden);
    }
}
