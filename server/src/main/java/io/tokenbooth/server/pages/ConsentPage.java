package io.tokenbooth.server.pages;

import java.util.List;

/** The consent form: which client asks, who is signed in, the requested scopes in plain words, Allow and Deny. */
public record ConsentPage(Frame frame, String clientName, String clientId, String username, List<String> scopes,
                          String action, List<HiddenField> hidden) {
    public ConsentPage {
        scopes = List.copyOf(scopes);
        hidden = List.copyOf(hidden);
    }
}
