package dev.galatea.ui.share;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * The id in a share link {@code /s/{id}}: 128 bits from a {@link SecureRandom}, written as 22 characters of URL-safe
 * base64 without padding. Ids carry no order and no count, so links can be neither guessed nor enumerated.
 */
public final class ShareId {

    public static final int LENGTH = 22;
    private static final int BYTES = 16;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private ShareId() {
    }

    public static String next() {
        byte[] bits = new byte[BYTES];
        RANDOM.nextBytes(bits);
        return ENCODER.encodeToString(bits);
    }

    /**
     * True only for a text {@link #next} could have produced: 22 characters of the URL-safe alphabet whose last one
     * carries just the 2 bits left of 128 (A, Q, g or w). Anything else is refused without touching the database.
     */
    public static boolean isWellFormed(String text) {
        if (text == null || text.length() != LENGTH) {
            return false;
        }
        for (int i = 0; i < LENGTH; i++) {
            if (!isUrlSafeBase64(text.charAt(i))) {
                return false;
            }
        }
        // 22 characters hold 132 bits; the 4 surplus low bits of the last one must be zero.
        return (sextet(text.charAt(LENGTH - 1)) & 0b1111) == 0;
    }

    private static boolean isUrlSafeBase64(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }

    private static int sextet(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        return c == '-' ? 62 : 63;
    }
}
