package io.tokenbooth.server.pages;

import java.util.List;

/**
 * Asks the user to confirm signing out (RP-Initiated Logout without a usable {@code id_token_hint}, or with a return
 * address that was refused: {@code returnRefused} says so on the page).
 */
public record LogoutPage(Frame frame, String action, List<HiddenField> hidden, boolean returnRefused) {
    public LogoutPage {
        hidden = List.copyOf(hidden);
    }
}
