package io.tokenbooth.server.oauth;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The parameters of an {@code application/x-www-form-urlencoded} OAuth request (RFC 6749 Appendix B), decoded
 * strictly by {@code http.FormDecoder} and read by OAuth's rules: a parameter sent twice is refused (RFC 6749 §3.1,
 * §3.2) unless it is one of the {@code repeatable} ones (RFC 8707 {@code resource}); a parameter without a value
 * counts as omitted (RFC 6749 §3.2). Immutable.
 */
public final class OAuthParameters {
    private final Map<String, List<String>> values;

    private OAuthParameters(Map<String, List<String>> values) {
        this.values = values;
    }

    public static OAuthParameters empty() {
        return new OAuthParameters(Map.of());
    }

    /**
     * The OAuth reading of decoded form parameters (every value of each, in order, as {@code http.FormDecoder} gives
     * them); fails with {@code invalid_request} on a repeated parameter that is not {@code repeatable}.
     */
    public static OAuthParameters of(Map<String, List<String>> decoded, Set<String> repeatable) {
        Map<String, List<String>> nonEmpty = new LinkedHashMap<>();
        decoded.forEach((name, list) -> {
            if (list.size() > 1 && !repeatable.contains(name)) {
                throw OAuthException.invalidRequest("parameter '" + printable(name) + "' is repeated");
            }
            List<String> kept = nonEmpty(list);
            if (!kept.isEmpty()) {
                nonEmpty.put(name, kept);
            }
        });
        return new OAuthParameters(Map.copyOf(nonEmpty));
    }

    /** The non-empty values of {@code values}, in order; the list itself when none is empty (the common case). */
    private static List<String> nonEmpty(List<String> values) {
        for (String v : values) {
            if (v.isEmpty()) {
                return values.stream().filter(x -> !x.isEmpty()).toList();
            }
        }
        return List.copyOf(values);
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

    private static String printable(String name) {
        String cut = name.length() > 40 ? name.substring(0, 40) : name;
        // RFC 6749 §5.2: error_description is limited to %x20-21 / %x23-5B / %x5D-7E.
        return cut.replaceAll("[^\\x20\\x21\\x23-\\x5B\\x5D-\\x7E]", "?").replace("'", "?");
    }
}
