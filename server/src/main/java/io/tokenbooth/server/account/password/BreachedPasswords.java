package io.tokenbooth.server.account.password;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * A blocklist of passwords known from breaches or in common use, which NIST SP 800-63B §5.1.1.2 requires verifiers to
 * reject. Entries and candidates are compared in lower case ({@link Locale#ROOT}). The bundled list is
 * {@code /passwords/breached.txt}: the zxcvbn common-password list (see {@code /passwords/NOTICE.txt}), entries of at
 * least 8 characters, one per line.
 *
 * <p>Thread safety: immutable and safe for concurrent use. The bundled list is read once, on the first check (a
 * sign-up or password change), not when the server starts.
 */
public final class BreachedPasswords {
    private static final String BUNDLED_RESOURCE = "/passwords/breached.txt";

    /** The bundled list's stand-in: null here, read from {@link Bundled} when first checked. */
    private static final BreachedPasswords BUNDLED = new BreachedPasswords(null);
    private final Set<String> passwords;

    private BreachedPasswords(Set<String> passwords) {
        this.passwords = passwords;
    }

    /** The bundled list, read on its first check (initialisation-on-demand holder). */
    public static BreachedPasswords bundled() {
        return BUNDLED;
    }

    private Set<String> passwords() {
        return passwords != null ? passwords : Bundled.INSTANCE.passwords;
    }

    /** A list of the given passwords, for example a larger one supplied by the operator. */
    public static BreachedPasswords of(Collection<String> passwords) {
        Set<String> lowerCase = HashSet.newHashSet(passwords.size());
        for (String password : passwords) {
            lowerCase.add(password.toLowerCase(Locale.ROOT));
        }
        return new BreachedPasswords(Set.copyOf(lowerCase));
    }

    /** Whether the list holds {@code password}, ignoring case; {@code false} for {@code null}. */
    public boolean contains(String password) {
        return password != null && passwords().contains(password.toLowerCase(Locale.ROOT));
    }

    public int size() {
        return passwords().size();
    }

    private static BreachedPasswords load(String resource) {
        InputStream in = BreachedPasswords.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("missing resource " + resource);
        }
        Set<String> passwords = new HashSet<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isEmpty()) {
                    passwords.add(line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
        return of(passwords);
    }

    private static final class Bundled {
        static final BreachedPasswords INSTANCE = load(BUNDLED_RESOURCE);
    }
}
