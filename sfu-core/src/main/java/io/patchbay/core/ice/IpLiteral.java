package io.patchbay.core.ice;

/**
 * Strict parsing of IP address literals as ICE candidates carry them (RFC 8839 section 5.1: the connection-address
 * of a candidate is an IPv4 or IPv6 address, or an mDNS name). Nothing here ever resolves a name: a candidate that is
 * not a literal is refused, so no client can make the server query DNS (which blocked the event loop before).
 *
 * <p>IPv4: four decimal parts 0-255 of 1-3 digits. IPv6: RFC 4291 section 2.2 text forms (hex groups of 1-4 digits,
 * at most one {@code ::}, an optional trailing dotted IPv4); zone identifiers are refused.
 */
public final class IpLiteral {
    /** Longest IPv6 text form with an embedded IPv4 address. */
    static final int MAX_LENGTH = 45;

    private IpLiteral() {
    }

    /** The 4 or 16 address bytes of {@code text}, or null if it is not a strict IP literal. */
    public static byte[] parse(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_LENGTH) return null;
        return text.indexOf(':') >= 0 ? parseIpv6(text) : parseIpv4(text, 0, text.length());
    }

    public static boolean isLiteral(String text) {
        return parse(text) != null;
    }

    private static byte[] parseIpv4(String s, int from, int to) {
        byte[] out = new byte[4];
        int part = 0;
        int i = from;
        while (part < 4) {
            int start = i;
            int value = 0;
            while (i < to && s.charAt(i) >= '0' && s.charAt(i) <= '9' && i - start < 3) {
                value = value * 10 + (s.charAt(i) - '0');
                i++;
            }
            if (i == start || value > 255) return null;
            out[part++] = (byte) value;
            if (part < 4) {
                if (i >= to || s.charAt(i) != '.') return null;
                i++;
            }
        }
        return i == to ? out : null;
    }

    private static byte[] parseIpv6(String s) {
        int[] groups = new int[8];
        int count = 0;
        int gap = -1; // index in groups where '::' stands
        int i = 0;
        int n = s.length();
        if (s.startsWith("::")) {
            gap = 0;
            i = 2;
            if (i == n) return new byte[16];
        } else if (s.charAt(0) == ':') {
            return null;
        }
        while (i < n) {
            int start = i;
            int value = 0;
            while (i < n && i - start < 5 && hexDigit(s.charAt(i)) >= 0) {
                value = value * 16 + hexDigit(s.charAt(i));
                i++;
            }
            if (i < n && s.charAt(i) == '.') {
                // Trailing dotted IPv4: takes the last two groups.
                if (count > 6) return null;
                byte[] v4 = parseIpv4(s, start, n);
                if (v4 == null) return null;
                groups[count++] = ((v4[0] & 0xFF) << 8) | (v4[1] & 0xFF);
                groups[count++] = ((v4[2] & 0xFF) << 8) | (v4[3] & 0xFF);
                i = n;
                break;
            }
            int digits = i - start;
            if (digits == 0 || digits > 4 || count == 8) return null;
            groups[count++] = value;
            if (i == n) break;
            if (s.charAt(i) != ':') return null;
            i++;
            if (i < n && s.charAt(i) == ':') {
                if (gap >= 0) return null;
                gap = count;
                i++;
                if (i == n) break;
            } else if (i == n) {
                return null; // a single trailing ':'
            }
        }
        if (gap < 0 ? count != 8 : count > 7) return null;
        byte[] out = new byte[16];
        int tail = gap < 0 ? 0 : count - gap;
        for (int g = 0; g < count; g++) {
            int at = gap >= 0 && g >= gap ? 8 - tail + (g - gap) : g;
            out[2 * at] = (byte) (groups[g] >> 8);
            out[2 * at + 1] = (byte) groups[g];
        }
        return out;
    }

    /**
     * RFC 4291 section 2.2 spells groups in ASCII HEXDIG (RFC 5234): unlike {@link Character#digit}, which takes any
     * Unicode digit (found by fuzzing: {@code ::E\u06F4} parsed), so a non-ASCII name passed as a literal.
     */
    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }
}
