package io.tokenbooth.server.oauth;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The parameters of an {@code application/x-www-form-urlencoded} OAuth request (RFC 6749 Appendix B), parsed
 * strictly: a parameter sent twice is refused (RFC 6749 §3.1, §3.2) unless it is one of the {@code repeatable} ones
 * (RFC 8707 {@code resource}); a parameter without a value counts as omitted (RFC 6749 §3.2). Immutable.
 */
public final class OAuthParameters {
    private static final int MAX_PARAMETERS = 64;
    private final Map<String, List<String>> values;

    private OAuthParameters(Map<String, List<String>> values) {
        this.values = values;
    }

    public static OAuthParameters empty() {
        return new OAuthParameters(Map.of());
    }

    /** Parses a form body; fails with {@code invalid_request} on bad encoding or a repeated parameter. */
    public static OAuthParameters parse(String body, Set<String> repeatable) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        if (body.isEmpty()) {
            return new OAuthParameters(Map.of());
        }
        String[] pairs = body.split("&", -1);
        if (pairs.length > MAX_PARAMETERS) {
            throw OAuthException.invalidRequest("too many parameters");
        }
        for (String pair : pairs) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            List<String> list = values.computeIfAbsent(name, n -> new ArrayList<>(1));
            if (!list.isEmpty() && !repeatable.contains(name)) {
                throw OAuthException.invalidRequest("parameter '" + printable(name) + "' is repeated");
            }
            list.add(value);
        }
        Map<String, List<String>> nonEmpty = new LinkedHashMap<>();
        values.forEach((name, list) -> {
            List<String> kept = list.stream().filter(v -> !v.isEmpty()).toList();
            if (!kept.isEmpty()) {
                nonEmpty.put(name, kept);
            }
        });
        return new OAuthParameters(Map.copyOf(nonEmpty));
    }

    /** The value of a single-valued parameter, absent when omitted or empty. */
    public Optional<String> get(String name) {
        List<String> list = values.get(name);
        return list == null ? Optional.empty() : Optional.of(list.get(0));
    }

    /** The value of a parameter that must be present, or {@code invalid_request} naming it. */
    public String require(String name) {
        return get(name).orElseThrow(() -> OAuthException.invalidRequest("parameter '" + name + "' is required"));
    }

    /** Every value of a repeatable parameter, in order. */
    public List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw OAuthException.invalidRequest("the form body is not correctly percent-encoded");
        }
    }

    private static String printable(String name) {
        String cut = name.length() > 40 ? name.substring(0, 40) : name;
        // RFC 6749 §5.2: error_description is limited to %x20-21 / %x23-5B / %x5D-7E.
        return cut.replaceAll("[^\\x20\\x21\\x23-\\x5B\\x5D-\\x7E]", "?").replace("'", "?");
    }
}
