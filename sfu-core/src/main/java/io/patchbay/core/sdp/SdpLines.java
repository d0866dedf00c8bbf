package io.patchbay.core.sdp;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits untrusted text into {@link SdpLine}s, checking size, characters and the {@code <type>=<value>} shape
 * of each line (RFC 8866 section 5). Accepts CRLF or bare LF line endings; trailing empty lines are ignored.
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
        int lineNumber = 1;
        for (int i = 0; i < sdp.length(); i++) {
            char c = sdp.charAt(i);
            if (c == '\n') {
                lineNumber++;
            } else if ((c < 0x20 && c != '\r' && c != '\t') || c == 0x7F) {
                throw new SdpParseException(SdpParseError.BAD_CHARACTER, lineNumber,
                        String.format("control character 0x%02X", (int) c));
            }
        }
        String[] raw = sdp.split("\n", -1);
        int end = raw.length;
        while (end > 0 && raw[end - 1].isBlank()) {
            end--;
        }
        List<SdpLine> lines = new ArrayList<>(end);
        for (int i = 0; i < end; i++) {
            int number = i + 1;
            String text = raw[i];
            if (text.endsWith("\r")) {
                text = text.substring(0, text.length() - 1);
            }
            if (text.indexOf('\r') >= 0) {
                throw new SdpParseException(SdpParseError.MALFORMED, number, "carriage return inside a line");
            }
            if (text.length() > SdpLimits.MAX_LINE_CHARS) {
                throw new SdpParseException(SdpParseError.TOO_LARGE, number,
                        "line is longer than " + SdpLimits.MAX_LINE_CHARS + " characters");
            }
            if (text.isEmpty()) {
                throw new SdpParseException(SdpParseError.MALFORMED, number, "empty line");
            }
            char type = text.charAt(0);
            if (text.length() < 2 || type < 'a' || type > 'z' || text.charAt(1) != '=') {
                throw new SdpParseException(SdpParseError.MALFORMED, number,
                        "expected <letter>=<value>, got " + SdpSyntax.excerpt(text));
            }
            lines.add(new SdpLine(number, type, text.substring(2)));
        }
        return lines;
    }
}
