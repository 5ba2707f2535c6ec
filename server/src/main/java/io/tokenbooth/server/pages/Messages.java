package io.tokenbooth.server.pages;

import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The texts of the browser pages in one language, from the {@code messages*.properties} bundles beside this class
 * (UTF-8). English is the base bundle; Korean overrides it. Values are plain text: the templates escape them.
 * Immutable and thread-safe.
 */
public final class Messages {
    /** The languages the pages are written in, the first being the fallback. */
    public static final List<Locale> SUPPORTED = List.of(Locale.ENGLISH, Locale.KOREAN);
    private static final String BUNDLE = "io.tokenbooth.server.pages.messages";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([0-9])}");

    private final Locale locale;
    private final ResourceBundle bundle;

    private Messages(Locale locale) {
        this.locale = locale;
        // No fallback to the JVM's default locale: English is the base bundle, whatever the machine says.
        this.bundle = ResourceBundle.getBundle(BUNDLE, locale,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    /** The texts for {@code locale}; anything but a supported language gets English. */
    public static Messages of(Locale locale) {
        return new Messages(SUPPORTED.stream().filter(l -> l.getLanguage().equals(locale.getLanguage()))
                .findFirst().orElse(Locale.ENGLISH));
    }

    /** The BCP 47 tag for {@code <html lang>}. */
    public String lang() {
        return locale.toLanguageTag();
    }

    public Locale locale() {
        return locale;
    }

    public String get(String key) {
        return bundle.getString(key);
    }

    /** The text with {@code {0}}, {@code {1}}, … replaced by the arguments as they are (escaping is the template's). */
    public String format(String key, Object... args) {
        // One pass, so that an argument containing "{1}" is not itself substituted.
        return PLACEHOLDER.matcher(get(key)).replaceAll(m -> {
            int i = Integer.parseInt(m.group(1));
            return Matcher.quoteReplacement(i < args.length ? String.valueOf(args[i]) : m.group());
        });
    }

    /** A scope in plain words: its own description if it has one, else a generic one naming it. */
    public String scope(String scope) {
        try {
            return bundle.getString("scope." + scope);
        } catch (MissingResourceException e) {
            return format("scope.other", scope);
        }
    }
}
