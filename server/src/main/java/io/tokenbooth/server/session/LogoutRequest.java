package io.tokenbooth.server.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parameters of an RP-Initiated Logout request (OpenID Connect RP-Initiated Logout 1.0 §2), query and form body
 * together. A parameter sent twice makes the request {@link #malformed()}; empty values count as absent.
 */
public record LogoutRequest(Optional<String> idTokenHint, Optional<String> clientId,
                            Optional<String> postLogoutRedirectUri, Optional<String> state, Optional<String> uiLocales,
                            boolean malformed) {
    static final List<String> NAMES = List.of("id_token_hint", "client_id", "post_logout_redirect_uri", "state",
            "ui_locales");
    private static final int MAX_LENGTH = 8192;

    public static LogoutRequest of(Map<String, List<String>> query, Map<String, List<String>> form) {
        boolean malformed = false;
        String[] v = new String[NAMES.size()];
        for (int i = 0; i < NAMES.size(); i++) {
            List<String> all = new ArrayList<>();
            for (Map<String, List<String>> source : List.of(query, form)) {
                source.getOrDefault(NAMES.get(i), List.of()).stream().filter(s -> s != null && !s.isEmpty()).forEach(all::add);
            }
            if (all.size() > 1 || (all.size() == 1 && all.get(0).length() > MAX_LENGTH)) {
                malformed = true;
            } else if (all.size() == 1) {
                v[i] = all.get(0);
            }
        }
        return new LogoutRequest(Optional.ofNullable(v[0]), Optional.ofNullable(v[1]), Optional.ofNullable(v[2]),
                Optional.ofNullable(v[3]), Optional.ofNullable(v[4]), malformed);
    }

    /** Name-value pairs to carry through the confirmation form. */
    public List<Map.Entry<String, String>> carried() {
        List<Map.Entry<String, String>> fields = new ArrayList<>();
        idTokenHint.ifPresent(x -> fields.add(Map.entry("id_token_hint", x)));
        clientId.ifPresent(x -> fields.add(Map.entry("client_id", x)));
        postLogoutRedirectUri.ifPresent(x -> fields.add(Map.entry("post_logout_redirect_uri", x)));
        state.ifPresent(x -> fields.add(Map.entry("state", x)));
        uiLocales.ifPresent(x -> fields.add(Map.entry("ui_locales", x)));
        return fields;
    }
}
