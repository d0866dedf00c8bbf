package io.patchbay.core.sdp;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Parses untrusted session descriptions. Pure function, any thread.
 *
 * <pre>
 *   v=0                                   RFC 8866 5.1   version, must be 0
 *   o=&lt;user&gt; &lt;sess-id&gt; &lt;sess-version&gt; IN IP4 &lt;addr&gt;   5.2   ids are non-negative 64-bit (RFC 8829 5.2.1)
 *   s=&lt;name&gt;                              5.3
 *   [i= u= e= p= c= b=]                   5.4-5.8  kept raw
 *   t=&lt;start&gt; &lt;stop&gt;  [r= z= k=]          5.9-5.12 kept raw, t= required
 *   a=group:BUNDLE &lt;mid&gt; ...             RFC 5888, RFC 8843
 *   a=ice-ufrag / ice-pwd / ice-options   RFC 8839 5.3-5.6 (session or media level)
 *   a=fingerprint:&lt;hash&gt; &lt;XX:XX:..&gt;      RFC 8122 5     (session or media level)
 *   a=setup:actpass|active|passive        RFC 4145, RFC 8842
 *   a=extmap-allow-mixed                  RFC 8285 6
 *   m=&lt;media&gt; &lt;port&gt;[/&lt;n&gt;] &lt;proto&gt; &lt;fmt&gt; ...   5.14, repeated per m-section
 *   [i= c= b= k=]
 *   a=mid  a=sendrecv|sendonly|recvonly|inactive  a=rtcp  a=rtcp-mux (RFC 5761)  a=rtcp-rsize (RFC 5506)
 *   a=rtpmap:&lt;pt&gt; &lt;name&gt;/&lt;clock&gt;[/&lt;ch&gt;]  a=fmtp:&lt;pt&gt; ...  a=rtcp-fb:&lt;pt&gt;|* ... (RFC 4585)
 *   a=extmap:&lt;id&gt;[/&lt;dir&gt;] &lt;uri&gt;         RFC 8285 8
 *   a=ssrc:&lt;ssrc&gt; &lt;attr&gt;[:&lt;value&gt;]  a=ssrc-group:&lt;sem&gt; &lt;ssrc&gt; ...   RFC 5576
 *   a=msid:&lt;stream&gt; [&lt;track&gt;]            RFC 8830
 *   a=candidate:... a=end-of-candidates  RFC 8839 5.1, RFC 8838
 *   a=rid / a=simulcast                   RFC 8851, RFC 8853 (kept raw)
 * </pre>
 *
 * What is checked: total size ({@link SdpLimits#MAX_SDP_CHARS}), line length, control characters, the
 * {@code <type>=<value>} shape of every line, the order v=, o=, s= and presence of t=, line types allowed at each
 * level, every number (decimal, no sign, within its field's range, so no overflow), tokens, ICE credential syntax,
 * fingerprint hex and length for its hash, unique mids, unique rtpmap/fmtp per payload type, unique extmap ids,
 * the count of m-sections ({@link SdpLimits#MAX_MEDIA_SECTIONS}) and of lines per section
 * ({@link SdpLimits#MAX_ATTRIBUTES_PER_SECTION}). Unknown attributes are kept, not refused (RFC 8866 section 5.13).
 * Whether the description can be negotiated (ICE present, BUNDLE, codecs) is for {@link SdpNegotiator}.
 *
 * <p>Every failure is an {@link SdpParseException} with a stable code and the line number; nothing else escapes.
 */
final class SdpParser {
    private final List<SdpLine> lines;
    private int next;

    private String sessionName;
    private Origin origin;
    private final List<RawLine> extraLines = new ArrayList<>();
    private final List<SdpGroup> groups = new ArrayList<>();
    private boolean extmapAllowMixed;
    private String msidSemantic;
    private boolean iceLite;
    private String iceUfrag;
    private String icePwd;
    private List<String> iceOptions = List.of();
    private final List<Fingerprint> fingerprints = new ArrayList<>();
    private SetupRole setup;
    private Direction direction;
    private final List<String> otherAttributes = new ArrayList<>();

    private SdpParser(List<SdpLine> lines) {
        this.lines = lines;
    }

    static SessionDescription parse(String sdp) throws SdpParseException {
        try {
            return new SdpParser(SdpLines.split(sdp)).run();
        } catch (RuntimeException e) {
            // Defence in depth: a check missed above must still not escape as an unchecked exception.
            // The fuzz test fails if this message ever appears.
            throw new SdpParseException(SdpParseError.MALFORMED, 0, "internal parser error: " + e.getClass().getSimpleName());
        }
    }

    private SessionDescription run() throws SdpParseException {
        readHeader();
        readSessionLines();
        List<MediaSection> media = new ArrayList<>();
        Set<String> mids = new HashSet<>();
        while (next < lines.size()) {
            SdpLine mline = lines.get(next++);
            if (media.size() == SdpLimits.MAX_MEDIA_SECTIONS) {
                throw mline.fail(SdpParseError.TOO_MANY_SECTIONS, "more than " + SdpLimits.MAX_MEDIA_SECTIONS + " m-sections");
            }
            MediaSectionParser section = MediaSectionParser.start(mline);
            while (next < lines.size() && lines.get(next).type() != 'm') {
                section.accept(lines.get(next++));
            }
            if (section.mid() != null && !mids.add(section.mid())) {
                throw new SdpParseException(SdpParseError.DUPLICATE, section.midLine(),
                        "mid " + SdpSyntax.excerpt(section.mid()) + " is used by two m-sections");
            }
            media.add(section.finish(direction));
        }
        return SessionDescription.builder(origin)
                .sessionName(sessionName)
                .extraLines(extraLines)
                .groups(groups)
                .extmapAllowMixed(extmapAllowMixed)
                .msidSemantic(msidSemantic)
                .iceLite(iceLite)
                .iceUfrag(iceUfrag)
                .icePwd(icePwd)
                .iceOptions(iceOptions)
                .fingerprints(fingerprints)
                .setup(setup)
                .direction(direction)
                .otherAttributes(otherAttributes)
                .media(media)
                .build();
    }

    /** v=0, o=, s= must be the first three lines, in this order. */
    private void readHeader() throws SdpParseException {
        SdpLine v = expect('v', "the description must start with v=0");
        if (!v.value().equals("0")) {
            SdpParseError error = SdpSyntax.parseUnsigned(v.value(), 0, Long.MAX_VALUE) >= 0
                    ? SdpParseError.UNSUPPORTED : SdpParseError.MALFORMED;
            throw v.fail(error, "only SDP version 0 exists, got " + SdpSyntax.excerpt(v.value()));
        }
        SdpLine o = expect('o', "o= must follow v=");
        origin = origin(o);
        SdpLine s = expect('s', "s= must follow o=");
        sessionName = s.value().isEmpty() ? "-" : s.value();
    }

    private SdpLine expect(char type, String message) throws SdpParseException {
        if (next >= lines.size()) {
            throw new SdpParseException(SdpParseError.MISSING_LINE, 0, message);
        }
        SdpLine line = lines.get(next);
        if (line.type() != type) {
            throw line.fail(SdpParseError.MISSING_LINE, message);
        }
        next++;
        return line;
    }

    /** {@code o=<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address>} (RFC 8866 section 5.2). */
    private static Origin origin(SdpLine line) throws SdpParseException {
        String[] f = SdpValues.fields(line.value());
        if (f.length != 6) {
            throw line.fail(SdpParseError.MALFORMED, "o= needs <username> <sess-id> <sess-version> <nettype> <addrtype> <address>");
        }
        long sessionId = SdpValues.number(line, f[1], 0, Long.MAX_VALUE, "session id");
        long sessionVersion = SdpValues.number(line, f[2], 0, Long.MAX_VALUE, "session version");
        SdpValues.token(line, f[3], "network type");
        SdpValues.token(line, f[4], "address type");
        if (!SdpSyntax.isVisibleAscii(f[0]) || !SdpSyntax.isVisibleAscii(f[5])) {
            throw line.fail(SdpParseError.MALFORMED, "bad username or address in o=");
        }
        return new Origin(f[0], sessionId, sessionVersion, f[3], f[4], f[5]);
    }

    private void readSessionLines() throws SdpParseException {
        boolean sawTiming = false;
        int count = 0;
        while (next < lines.size() && lines.get(next).type() != 'm') {
            SdpLine line = lines.get(next++);
            if (++count > SdpLimits.MAX_ATTRIBUTES_PER_SECTION) {
                throw line.fail(SdpParseError.TOO_MANY_ATTRIBUTES,
                        "more than " + SdpLimits.MAX_ATTRIBUTES_PER_SECTION + " session-level lines");
            }
            char type = line.type();
            if (type == 'a') {
                attribute(line);
            } else if (RawLine.SESSION_ORDER.indexOf(type) >= 0) {
                if (type == 't') {
                    sawTiming = true;
                }
                if (line.value().isBlank()) {
                    throw line.fail(SdpParseError.MALFORMED, "empty " + type + "= line");
                }
                extraLines.add(new RawLine(type, line.value()));
            } else if (type == 'v' || type == 'o' || type == 's') {
                throw line.fail(SdpParseError.DUPLICATE, "a second " + type + "= line");
            } else {
                throw line.fail(SdpParseError.MALFORMED, "unknown line type " + type + "=");
            }
        }
        if (!sawTiming) {
            int number = next < lines.size() ? lines.get(next).number() : 0;
            throw new SdpParseException(SdpParseError.MISSING_LINE, number, "the session part needs a t= line");
        }
    }

    private void attribute(SdpLine line) throws SdpParseException {
        String text = line.value();
        int colon = text.indexOf(':');
        String name = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? null : text.substring(colon + 1);
        SdpValues.token(line, name, "attribute name");
        Optional<Direction> asDirection = Direction.fromToken(name);
        if (asDirection.isPresent()) {
            direction = SdpValues.direction(line, asDirection.get(), value, direction);
            return;
        }
        switch (name) {
            case "group" -> groups.add(group(line, value));
            case "extmap-allow-mixed" -> {
                SdpValues.flag(line, name, value);
                extmapAllowMixed = true;
            }
            case "msid-semantic" -> {
                if (msidSemantic != null) {
                    throw line.fail(SdpParseError.DUPLICATE, "a second a=msid-semantic");
                }
                msidSemantic = SdpValues.required(line, name, value);
            }
            case "ice-lite" -> {
                SdpValues.flag(line, name, value);
                iceLite = true;
            }
            case "ice-ufrag" -> iceUfrag = SdpValues.iceUfrag(line, value, iceUfrag);
            case "ice-pwd" -> icePwd = SdpValues.icePwd(line, value, icePwd);
            case "ice-options" -> iceOptions = SdpValues.iceOptions(line, value);
            case "fingerprint" -> fingerprints.add(SdpValues.fingerprint(line, value));
            case "setup" -> setup = SdpValues.setup(line, value, setup);
            default -> otherAttributes.add(text);
        }
    }

    /** {@code group:<semantics> <mid> ...} (RFC 5888 section 5). */
    private static SdpGroup group(SdpLine line, String value) throws SdpParseException {
        String[] f = SdpValues.fields(SdpValues.required(line, "group", value));
        SdpValues.token(line, f[0], "group semantics");
        List<String> mids = new ArrayList<>(f.length - 1);
        Set<String> seen = new HashSet<>();
        for (int i = 1; i < f.length; i++) {
            String mid = SdpValues.token(line, f[i], "mid");
            if (!seen.add(mid)) {
                throw line.fail(SdpParseError.DUPLICATE, "mid " + SdpSyntax.excerpt(mid) + " is listed twice in a group");
            }
            mids.add(mid);
        }
        return new SdpGroup(f[0], mids);
    }
}
