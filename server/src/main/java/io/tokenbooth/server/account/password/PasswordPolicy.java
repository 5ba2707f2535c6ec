package io.tokenbooth.server.account.password;

import java.text.Normalizer;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks a new password against NIST SP 800-63B §5.1.1.2 (memorized secret verifiers): at least 8 and at most 256
 * characters, counted as Unicode code points after NFKC normalisation (the normalised form is used for counting only;
 * the password is hashed exactly as given); no composition rules; not in a list of breached or common passwords; not
 * the username (a context-specific word, compared ignoring case). Passwords containing C0 control characters
 * (U+0000..U+001F) are also rejected, as they cannot be typed reliably and break line-based tooling.
 *
 * <p>Thread safety: immutable and safe for concurrent use.
 */
public final class PasswordPolicy {
    public static final int MIN_LENGTH = 8;
    public static final int MAX_LENGTH = 256;
    /** Above this many UTF-16 units no NFKC form can be short enough, so skip normalising (bounds the work). */
    private static final int MAX_RAW_LENGTH = MAX_LENGTH * 16;

    private final BreachedPasswords breached;

    public PasswordPolicy(BreachedPasswords breached) {
        this.breached = Objects.requireNonNull(breached, "breached");
    }

    /**
     * Why {@code password} is not acceptable for the account {@code username}, or empty if it is acceptable. The reason
     * is a predicate to follow the word "password", fit to show the user: {@code "must be at least 8 characters"},
     * {@code "must be at most 256 characters"}, {@code "is too common: it appears in lists of breached passwords"},
     * {@code "must not be the same as the username"}, {@code "contains control characters"} or {@code "is required"}.
     * {@code username} may be {@code null} when there is none yet.
     */
    public Optional<String> problem(String password, String username) {
        if (password == null) {
            return Optional.of("is required");
        }
        if (password.chars().anyMatch(c -> c < 0x20)) {
            return Optional.of("contains control characters");
        }
        if (password.length() > MAX_RAW_LENGTH) {
            return Optional.of(tooLong());
        }
        String normalised = Normalizer.normalize(password, Normalizer.Form.NFKC);
        int length = normalised.codePointCount(0, normalised.length());
        if (length < MIN_LENGTH) {
            return Optional.of("must be at least " + MIN_LENGTH + " characters");
        }
        if (length > MAX_LENGTH) {
            return Optional.of(tooLong());
        }
        if (breached.contains(password)) {
            return Optional.of("is too common: it appears in lists of breached passwords");
        }
        if (username != null && normalised.equalsIgnoreCase(Normalizer.normalize(username, Normalizer.Form.NFKC))) {
            return Optional.of("must not be the same as the username");
        }
        return Optional.empty();
    }

    private static String tooLong() {
        return "must be at most " + MAX_LENGTH + " characters";
    }
}
