package io.tokenbooth.server.pages;

import java.util.List;

/**
 * The consent form: which client asks, who is signed in, the requested scopes in plain words, Allow and Deny.
 * {@code requestId} names the pending authorization request the form resumes.
 */
public record ConsentPage(Frame frame, String clientName, String clientId, String username, List<String> scopes,
                          String action, String requestId) {
    public ConsentPage {
        scopes = List.copyOf(scopes);
    }
}
