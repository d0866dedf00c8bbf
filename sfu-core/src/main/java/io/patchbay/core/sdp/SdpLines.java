package io.patchbay.core.sdp;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits untrusted text into {@link SdpLine}s, checking size, characters and the {@code <type>=<value>} shape
 * of each line (RFC 8866 section 5). Accepts CRLF or bare LF line endings; trailing blank lines and trailing
 * spaces on a line are ignored.
 * One pass over the text.
 */
final class SdpLines {
    private SdpLines() {
    }

    static List<SdpLine> split(String sdp) throws SdpParseException {
        if (sdp == null || sdp.isBlank()) {
            throw new SdpParseException(SdpParseError.EMPTY, 0, "the description is empty");
        }
        if (sdp.length() > SdpLimits.MAX_SDP_CHARS) {
            throw new SdpParseException(SdpParseError.TOO_LARGE, 0,
                    "the description has " + sdp.length() + " characters; at most " + SdpLimits.MAX_SDP_CHARS + " are accepted");
        }
        int end = sdp.length();
        while (end > 0 && isTrailingBlank(sdp.charAt(end - 1))) {
            end--;
        }
        List<SdpLine> lines = new ArrayList<>(64);
        int number = 1;
        int start = 0;
        while (start < end) {
            int stop = start;
            boolean carriageReturn = false;
            while (stop < end && sdp.charAt(stop) != '\n') {
                char c = sdp.charAt(stop);
                if (c == '\r') {
                    carriageReturn = true;
                } else if ((c < 0x20 && c != '\t') || c == 0x7F) {
                    throw new SdpParseException(SdpParseError.BAD_CHARACTER, number,
                            String.format("control character 0x%02X", (int) c));
                }
                stop++;
            }
            int textEnd = stop > start && sdp.charAt(stop - 1) == '\r' ? stop - 1 : stop;
            lines.add(line(sdp, start, textEnd, number, carriageReturn));
            start = stop + 1;
            number++;
        }
        return lines;
    }

    /** ASCII blanks only: other whitespace is part of a value wherever it stands, so parse-write-parse is stable. */
    private static boolean isTrailingBlank(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private static SdpLine line(String sdp, int start, int end, int number, boolean carriageReturn) throws SdpParseException {
        // Trailing spaces and tabs are not part of any value (some clients leave them after the last field).
        while (end > start && (sdp.charAt(end - 1) == ' ' || sdp.charAt(end - 1) == '\t')) {
            end--;
        }
        int length = end - start;
        if (carriageReturn && sdp.indexOf('\r', start) < end) {
            throw new SdpParseException(SdpParseError.MALFORMED, number, "carriage return inside a line");
        }
        if (length > SdpLimits.MAX_LINE_CHARS) {
            throw new SdpParseException(SdpParseError.TOO_LARGE, number,
                    "line is longer than " + SdpLimits.MAX_LINE_CHARS + " characters");
        }
        if (length == 0) {
            throw new SdpParseException(SdpParseError.MALFORMED, number, "empty line");
        }
        char type = sdp.charAt(start);
        if (length < 2 || type < 'a' || type > 'z' || sdp.charAt(start + 1) != '=') {
            throw new SdpParseException(SdpParseError.MALFORMED, number,
                    "expected <letter>=<value>, got " + SdpSyntax.excerpt(sdp.substring(start, end)));
        }
        return new SdpLine(number, type, sdp.substring(start + 2, end));
    }
}
