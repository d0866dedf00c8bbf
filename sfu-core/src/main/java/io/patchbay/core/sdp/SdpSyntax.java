package io.patchbay.core.sdp;

/**
 * Character classes of the SDP grammar (RFC 8866 section 9) and small checks shared by the value types and the
 * parser. Pure functions.
 */
final class SdpSyntax {
    private static final boolean[] TOKEN_CHARS = new boolean[128];

    static {
        for (char c = 0; c < 128; c++) {
            TOKEN_CHARS[c] = c == 0x21 || (c >= 0x23 && c <= 0x27) || c == 0x2A || c == 0x2B || c == 0x2D || c == 0x2E
                    || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x5E && c <= 0x7E);
        }
    }

    private SdpSyntax() {
    }

    /** RFC 8866 token-char: any visible US-ASCII character except the separators {@code "(),/:;<=>?@[\]}. */
    static boolean isTokenChar(char c) {
        return c < 128 && TOKEN_CHARS[c];
    }

    /** A non-empty RFC 8866 token. */
    static boolean isToken(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isTokenChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Non-empty visible US-ASCII without spaces (a URI, a byte-string field). */
    static boolean isVisibleAscii(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c >= 0x7F) {
                return false;
            }
        }
        return true;
    }

    /** RFC 8839 ice-char: ALPHA / DIGIT / "+" / "/". */
    static boolean isIceChars(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Index of the first space or tab, or -1 (SDP separates fields with spaces; tabs are tolerated). */
    static int indexOfBlank(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ' ' || c == '\t') {
                return i;
            }
        }
        return -1;
    }

    /** True if the text can sit inside one SDP line: no CR, LF or NUL. */
    static boolean isLineSafe(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) {
                return false;
            }
        }
        return true;
    }

    /** Validates an RFC 8839 ice-ufrag (4 to 256 ice-chars). */
    static boolean isIceUfrag(String s) {
        return s != null && s.length() >= 4 && s.length() <= 256 && isIceChars(s);
    }

    /** Validates an RFC 8839 ice-pwd (22 to 256 ice-chars). */
    static boolean isIcePwd(String s) {
        return s != null && s.length() >= 22 && s.length() <= 256 && isIceChars(s);
    }

    /**
     * Parses an unsigned decimal number within [min, max]; returns -1 when the text is not plain ASCII digits
     * or is out of range. {@code min} must be non-negative.
     */
    static long parseUnsigned(String s, long min, long max) {
        if (s == null || s.isEmpty() || s.length() > 19) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        // 19 digits fit in a long except above Long.MAX_VALUE, where the sum wraps negative.
        if (value < min || value > max) {
            return -1;
        }
        return value;
    }

    /** A printable excerpt of untrusted text for an error message: at most 40 characters, controls replaced. */
    static String excerpt(String s) {
        String cut = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        StringBuilder out = new StringBuilder(cut.length() + 2).append('"');
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            out.append(c < 0x20 || c == 0x7F ? '?' : c);
        }
        return out.append('"').toString();
    }
}
