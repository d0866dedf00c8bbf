package io.patchbay.core.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the field values shared by several attributes (numbers, tokens, ICE credentials, fingerprints, setup)
 * from a line, turning every problem into an {@link SdpParseException} naming the line.
 */
final class SdpValues {
    private SdpValues() {
    }

    /** Splits a value into fields on runs of spaces or tabs, ignoring leading and trailing ones. */
    static String[] fields(String value) {
        return fields(value, Integer.MAX_VALUE);
    }

    /**
     * Splits a value into at most {@code limit} fields on runs of spaces or tabs; the last field keeps the rest of
     * the value (stripped). Hand-written because String.split compiles a regex on every call.
     */
    static String[] fields(String value, int limit) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = value.length();
        while (i < n) {
            while (i < n && isBlank(value.charAt(i))) {
                i++;
            }
            if (i == n) {
                break;
            }
            if (out.size() == limit - 1) {
                out.add(value.substring(i).strip());
                break;
            }
            int start = i;
            while (i < n && !isBlank(value.charAt(i))) {
                i++;
            }
            out.add(value.substring(start, i));
        }
        return out.toArray(new String[0]);
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    static long number(SdpLine line, String text, long min, long max, String what) throws SdpParseException {
        long value = SdpSyntax.parseUnsigned(text, min, max);
        if (value < 0) {
            throw line.fail(SdpParseError.BAD_NUMBER,
                    what + " must be a decimal number from " + min + " to " + max + ", got " + SdpSyntax.excerpt(text));
        }
        return value;
    }

    static String token(SdpLine line, String text, String what) throws SdpParseException {
        if (!SdpSyntax.isToken(text)) {
            throw line.fail(SdpParseError.MALFORMED, what + " is not a valid token: " + SdpSyntax.excerpt(text));
        }
        return text;
    }

    static String required(SdpLine line, String name, String value) throws SdpParseException {
        if (value == null || value.isBlank()) {
            throw line.fail(SdpParseError.MALFORMED, "a=" + name + " needs a value");
        }
        return value.strip();
    }

    static void flag(SdpLine line, String name, String value) throws SdpParseException {
        if (value != null) {
            throw line.fail(SdpParseError.MALFORMED, "a=" + name + " takes no value");
        }
    }

    static String iceUfrag(SdpLine line, String value, String current) throws SdpParseException {
        String ufrag = required(line, "ice-ufrag", value);
        if (current != null) {
            throw line.fail(SdpParseError.DUPLICATE, "a second a=ice-ufrag");
        }
        if (!SdpSyntax.isIceUfrag(ufrag)) {
            throw line.fail(SdpParseError.MALFORMED, "ice-ufrag must be 4 to 256 characters of [A-Za-z0-9+/] (RFC 8839)");
        }
        return ufrag;
    }

    static String icePwd(SdpLine line, String value, String current) throws SdpParseException {
        String pwd = required(line, "ice-pwd", value);
        if (current != null) {
            throw line.fail(SdpParseError.DUPLICATE, "a second a=ice-pwd");
        }
        if (!SdpSyntax.isIcePwd(pwd)) {
            throw line.fail(SdpParseError.MALFORMED, "ice-pwd must be 22 to 256 characters of [A-Za-z0-9+/] (RFC 8839)");
        }
        return pwd;
    }

    static List<String> iceOptions(SdpLine line, String value) throws SdpParseException {
        String[] options = fields(required(line, "ice-options", value));
        for (String option : options) {
            token(line, option, "ice option");
        }
        return List.of(options);
    }

    static Fingerprint fingerprint(SdpLine line, String value) throws SdpParseException {
        Optional<Fingerprint> fingerprint = Fingerprint.parse(value == null ? "" : value);
        if (fingerprint.isEmpty()) {
            throw line.fail(SdpParseError.BAD_FINGERPRINT,
                    "a=fingerprint must be '<hash-function> <hex bytes separated by colons>' of the right length (RFC 8122)");
        }
        return fingerprint.get();
    }

    static SetupRole setup(SdpLine line, String value, SetupRole current) throws SdpParseException {
        String token = required(line, "setup", value);
        if (current != null) {
            throw line.fail(SdpParseError.DUPLICATE, "a second a=setup");
        }
        return SetupRole.fromToken(token).orElseThrow(() -> line.fail(SdpParseError.MALFORMED,
                "a=setup must be active, passive, actpass or holdconn, got " + SdpSyntax.excerpt(token)));
    }

    static Direction direction(SdpLine line, Direction direction, String value, Direction current) throws SdpParseException {
        flag(line, direction.token(), value);
        if (current != null) {
            throw line.fail(SdpParseError.DUPLICATE, "a second direction attribute");
        }
        return direction;
    }
}
