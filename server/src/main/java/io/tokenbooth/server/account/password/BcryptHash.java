package io.tokenbooth.server.account.password;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * A bcrypt hash (Provos and Mazières, "A Future-Adaptable Password Scheme", USENIX 1999) in the OpenBSD modular crypt
 * format {@code $2b$<cost>$<22 chars salt><31 chars hash>}, for importing existing hashes. {@code $2a$}, {@code $2b$}
 * and {@code $2y$} are accepted and verified identically; {@code $2x$} (crypt_blowfish's buggy variant) and {@code $2$}
 * are not. bcrypt only uses the first 72 bytes of the password: longer passwords that share those bytes verify alike.
 * Immutable; thread-safe.
 */
record BcryptHash(String encoded, int cost) {
    static final int MIN_COST = 4;
    /** Limit for hashes read from storage (2^16 Blowfish key expansions), so that a poisoned row cannot exhaust CPU. */
    static final int MAX_COST = 16;

    private static final Pattern MCF = Pattern.compile("\\$2[aby]\\$([0-9]{2})\\$[./A-Za-z0-9]{53}");

    static Optional<BcryptHash> parse(String encoded) {
        Matcher m = MCF.matcher(encoded);
        if (!m.matches()) {
            return Optional.empty();
        }
        int cost = Integer.parseInt(m.group(1));
        return cost < MIN_COST ? Optional.empty() : Optional.of(new BcryptHash(encoded, cost));
    }

    boolean withinLimits() {
        return cost <= MAX_COST;
    }

    /** BouncyCastle recomputes the hash and compares the strings in constant time. */
    boolean matches(byte[] password) {
        return OpenBSDBCrypt.checkPassword(encoded, password);
    }
}
