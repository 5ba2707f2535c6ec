package io.tokenbooth.server.pages;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Picks the language of a page: the first supported tag of the OpenID Connect {@code ui_locales} parameter (a
 * space-separated list in order of preference, OIDC Core §3.1.2.1), else the best supported range of the browser's
 * {@code Accept-Language} (RFC 9110 §12.5.4, weights honoured), else English.
 */
public final class LocaleChoice {
    private static final int MAX_HEADER = 1024;

    private LocaleChoice() {
    }

    public static Locale choose(Optional<String> uiLocales, String acceptLanguage) {
        return fromUiLocales(uiLocales.orElse(""))
                .or(() -> fromAcceptLanguage(acceptLanguage))
                .orElse(Locale.ENGLISH);
    }

    static Optional<Locale> fromUiLocales(String uiLocales) {
        for (String tag : uiLocales.trim().split(" +")) {
            Optional<Locale> l = supported(tag);
            if (l.isPresent()) {
                return l;
            }
        }
        return Optional.empty();
    }

    static Optional<Locale> fromAcceptLanguage(String header) {
        if (header == null || header.isBlank() || header.length() > MAX_HEADER) {
            return Optional.empty();
        }
        List<Locale.LanguageRange> ranges;
        try {
            ranges = Locale.LanguageRange.parse(header); // sorted by weight, highest first
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
        for (Locale.LanguageRange r : ranges) {
            if (r.getWeight() > 0) {
                Optional<Locale> l = supported(r.getRange());
                if (l.isPresent()) {
                    return l;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Locale> supported(String tag) {
        if (tag.isEmpty() || tag.equals("*")) {
            return Optional.empty();
        }
        String language = Locale.forLanguageTag(tag).getLanguage();
        return Messages.SUPPORTED.stream().filter(l -> l.getLanguage().equals(language)).findFirst();
    }
}
