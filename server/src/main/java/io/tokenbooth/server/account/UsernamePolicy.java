package io.tokenbooth.server.account;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.text.SpoofChecker;
import io.tokenbooth.server.oauth.OAuthException;

/**
 * Username rules: NFKC-normalised, 3-64 code points, letters, marks, digits and {@code . _ -} only, from a single
 * script (UTS #39 "highly restrictive" level, so "pаypal" with a Cyrillic а is refused), and compared case-insensitively
 * and by confusable skeleton. Thread-safe.
 */
public final class UsernamePolicy {
    public static final int MIN = 3;
    public static final int MAX = 64;

    /**
     * ICU's normalisers and spoof checker, built on the first username seen (a sign-up or login), not when the server
     * starts: their data and classes are a noticeable part of a start on one core. Initialisation-on-demand holder.
     */
    private static final class Icu {
        static final Normalizer2 NFKC = Normalizer2.getNFKCInstance();
        static final Normalizer2 NFKC_CASEFOLD = Normalizer2.getNFKCCasefoldInstance();
        static final SpoofChecker SPOOF = new SpoofChecker.Builder()
                .setRestrictionLevel(SpoofChecker.RestrictionLevel.HIGHLY_RESTRICTIVE)
                .setChecks(SpoofChecker.RESTRICTION_LEVEL | SpoofChecker.INVISIBLE | SpoofChecker.MIXED_NUMBERS)
                .build();
    }

    /** The username if acceptable; otherwise {@code invalid_request} naming the problem. */
    public Username validate(String raw) {
        if (raw == null) {
            throw OAuthException.invalidRequest("username is required");
        }
        if (raw.length() > MAX * 4) {
            throw OAuthException.invalidRequest("username must be " + MIN + "-" + MAX + " characters");
        }
        String display = Icu.NFKC.normalize(raw);
        int length = display.codePointCount(0, display.length());
        if (length < MIN || length > MAX) {
            throw OAuthException.invalidRequest("username must be " + MIN + "-" + MAX + " characters");
        }
        for (int i = 0; i < display.length(); ) {
            int cp = display.codePointAt(i);
            if (!allowed(cp)) {
                throw OAuthException.invalidRequest("username may contain only letters, digits, '.', '_' and '-'");
            }
            i += Character.charCount(cp);
        }
        if (Icu.SPOOF.failsChecks(display)) {
            throw OAuthException.invalidRequest("username mixes scripts or look-alike characters");
        }
        String key = key(display);
        // Skeleton before folding as well as after: folding first loses look-alikes that differ in case only in the
        // confusables table (capital I for l, digit 0 for capital O), so "keIly" or "g00gle" could sit beside "kelly"
        // or "google".
        return new Username(display, key, Icu.SPOOF.getSkeleton(key(Icu.SPOOF.getSkeleton(display))));
    }

    /** The lookup key for a login attempt: the same folding as at sign-up, without rejecting anything. */
    public static String key(String raw) {
        return Icu.NFKC_CASEFOLD.normalize(raw == null ? "" : raw);
    }

    private static boolean allowed(int cp) {
        if (cp == '.' || cp == '_' || cp == '-') {
            return true;
        }
        int type = UCharacter.getType(cp);
        return UCharacter.isLetter(cp) || UCharacter.isDigit(cp)
                || type == UCharacter.NON_SPACING_MARK || type == UCharacter.COMBINING_SPACING_MARK;
    }
}
