package io.patchbay.core.sdp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Parses one m-section: the m-line, then its i=, c=, b=, k= and a= lines (codec lines go to {@link CodecLines}).
 * Used once per section by {@link SdpParser}; not thread-safe.
 */
final class MediaSectionParser {
    private final MediaSection.Builder builder;
    private final boolean rtp;
    private final List<String> formats;
    private final int mLineNumber;
    private int lineCount;

    private final List<RawLine> extraLines = new ArrayList<>();
    private String connection;
    private String mid;
    private int midLine;
    private Direction direction;
    private String iceUfrag;
    private String icePwd;
    private List<String> iceOptions = List.of();
    private final List<Fingerprint> fingerprints = new ArrayList<>();
    private SetupRole setup;
    private String rtcp;
    private final List<String> candidates = new ArrayList<>();
    private final CodecLines codecLines = new CodecLines();
    private final Map<Integer, HeaderExtension> extensions = new LinkedHashMap<>();
    private final List<SsrcAttribute> ssrcs = new ArrayList<>();
    private final List<SsrcGroup> ssrcGroups = new ArrayList<>();
    private final List<Msid> msids = new ArrayList<>();
    private final List<String> rids = new ArrayList<>();
    private String simulcast;
    private boolean extmapAllowMixed;
    private final List<String> otherAttributes = new ArrayList<>();

    private MediaSectionParser(MediaSection.Builder builder, boolean rtp, List<String> formats, int mLineNumber) {
        this.builder = builder;
        this.rtp = rtp;
        this.formats = formats;
        this.mLineNumber = mLineNumber;
    }

    /** Starts a section from its m-line: {@code m=<media> <port>[/<count>] <proto> <fmt> ...}. */
    static MediaSectionParser start(SdpLine mline) throws SdpParseException {
        String[] f = SdpValues.fields(mline.value());
        if (f.length < 4) {
            throw mline.fail(SdpParseError.MALFORMED, "an m-line needs <media> <port> <proto> <fmt> ...");
        }
        MediaKind kind = MediaKind.fromToken(f[0]).orElseThrow(() -> mline.fail(SdpParseError.UNSUPPORTED,
                "media type " + SdpSyntax.excerpt(f[0]) + " is not audio, video or application"));
        String portText = f[1];
        int portCount = 1;
        int slash = portText.indexOf('/');
        if (slash >= 0) {
            portCount = (int) SdpValues.number(mline, portText.substring(slash + 1), 1, 65535, "port count");
            portText = portText.substring(0, slash);
        }
        int port = (int) SdpValues.number(mline, portText, 0, 65535, "port");
        String protocol = f[2];
        if (!SdpSyntax.isVisibleAscii(protocol) || protocol.length() > 64) {
            throw mline.fail(SdpParseError.MALFORMED, "bad protocol " + SdpSyntax.excerpt(protocol));
        }
        boolean rtp = MediaSection.isRtpProtocol(protocol);
        List<String> formats = new ArrayList<>();
        MediaSectionParser parser = new MediaSectionParser(MediaSection.builder(kind), rtp, formats, mline.number());
        for (int i = 3; i < f.length; i++) {
            if (rtp) {
                int pt = (int) SdpValues.number(mline, f[i], 0, 127, "payload type");
                if (!parser.codecLines.addPayloadType(pt)) {
                    throw mline.fail(SdpParseError.DUPLICATE, "payload type " + pt + " is listed twice");
                }
                formats.add(Integer.toString(pt));
            } else if (SdpSyntax.isToken(f[i])) {
                formats.add(f[i]);
            } else {
                throw mline.fail(SdpParseError.MALFORMED, "format " + SdpSyntax.excerpt(f[i]) + " is not a token");
            }
        }
        parser.builder.port(port).portCount(portCount).protocol(protocol).formats(formats);
        return parser;
    }

    /** Reads one line that belongs to this section. */
    void accept(SdpLine line) throws SdpParseException {
        if (++lineCount > SdpLimits.MAX_ATTRIBUTES_PER_SECTION) {
            throw line.fail(SdpParseError.TOO_MANY_ATTRIBUTES,
                    "more than " + SdpLimits.MAX_ATTRIBUTES_PER_SECTION + " lines in one m-section");
        }
        switch (line.type()) {
            case 'i', 'b', 'k' -> extraLines.add(new RawLine(line.type(), line.value()));
            case 'c' -> {
                if (connection != null) {
                    throw line.fail(SdpParseError.DUPLICATE, "a second c= line in one m-section");
                }
                if (SdpValues.fields(line.value()).length < 3) {
                    throw line.fail(SdpParseError.MALFORMED, "c= needs <nettype> <addrtype> <address>");
                }
                connection = line.value();
            }
            case 'a' -> attribute(line);
            default -> throw line.fail(SdpParseError.MALFORMED,
                    "a " + line.type() + "= line is not allowed inside an m-section");
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
            case "mid" -> {
                if (mid != null) {
                    throw line.fail(SdpParseError.DUPLICATE, "a second a=mid in one m-section");
                }
                mid = SdpValues.token(line, SdpValues.required(line, name, value), "mid");
                midLine = line.number();
            }
            case "ice-ufrag" -> iceUfrag = SdpValues.iceUfrag(line, value, iceUfrag);
            case "ice-pwd" -> icePwd = SdpValues.icePwd(line, value, icePwd);
            case "ice-options" -> iceOptions = SdpValues.iceOptions(line, value);
            case "fingerprint" -> fingerprints.add(SdpValues.fingerprint(line, value));
            case "setup" -> setup = SdpValues.setup(line, value, setup);
            case "candidate" -> candidates.add(candidate(line, value));
            case "end-of-candidates" -> {
                SdpValues.flag(line, name, value);
                builder.endOfCandidates(true);
            }
            case "rtcp" -> {
                String v = SdpValues.required(line, name, value);
                SdpValues.number(line, SdpValues.fields(v)[0], 0, 65535, "rtcp port");
                rtcp = v;
            }
            case "rtcp-mux" -> flag(line, name, value, () -> builder.rtcpMux(true));
            case "rtcp-mux-only" -> flag(line, name, value, () -> builder.rtcpMuxOnly(true));
            case "rtcp-rsize" -> flag(line, name, value, () -> builder.rtcpRsize(true));
            case "bundle-only" -> flag(line, name, value, () -> builder.bundleOnly(true));
            case "extmap-allow-mixed" -> flag(line, name, value, () -> extmapAllowMixed = true);
            case "rtpmap" -> {
                if (rtp) {
                    codecLines.rtpmap(line, value, otherAttributes);
                } else {
                    otherAttributes.add(text);
                }
            }
            case "fmtp" -> {
                if (rtp) {
                    codecLines.fmtp(line, value, otherAttributes);
                } else {
                    otherAttributes.add(text);
                }
            }
            case "rtcp-fb" -> {
                if (rtp) {
                    codecLines.rtcpFeedback(line, value, otherAttributes);
                } else {
                    otherAttributes.add(text);
                }
            }
            case "extmap" -> extmap(line, value);
            case "ssrc" -> ssrcs.add(ssrc(line, value));
            case "ssrc-group" -> ssrcGroups.add(ssrcGroup(line, value));
            case "msid" -> {
                Msid msid = Msid.parseOrNull(SdpValues.required(line, name, value));
                if (msid == null) {
                    throw line.fail(SdpParseError.MALFORMED, "a=msid must be '<stream id> [<track id>]' of 1 to 64 token characters each");
                }
                msids.add(msid);
            }
            case "rid" -> {
                String v = SdpValues.required(line, name, value);
                SdpValues.token(line, SdpValues.fields(v)[0], "rid id");
                rids.add(v);
            }
            case "simulcast" -> {
                if (simulcast != null) {
                    throw line.fail(SdpParseError.DUPLICATE, "a second a=simulcast");
                }
                simulcast = SdpValues.required(line, name, value);
            }
            default -> otherAttributes.add(text);
        }
    }

    private interface Setter {
        void set();
    }

    private static void flag(SdpLine line, String name, String value, Setter setter) throws SdpParseException {
        SdpValues.flag(line, name, value);
        setter.set();
    }

    /** {@code candidate:<foundation> <component> <transport> <priority> <address> <port> typ <type> ...} (RFC 8839 section 5.1). */
    private static String candidate(SdpLine line, String value) throws SdpParseException {
        String v = SdpValues.required(line, "candidate", value);
        String[] f = SdpValues.fields(v);
        if (f.length < 8 || !f[6].equals("typ")) {
            throw line.fail(SdpParseError.MALFORMED,
                    "a=candidate needs <foundation> <component> <transport> <priority> <address> <port> typ <type>");
        }
        if (f[0].length() > 32 || !SdpSyntax.isIceChars(f[0])) {
            throw line.fail(SdpParseError.MALFORMED, "bad candidate foundation");
        }
        SdpValues.number(line, f[1], 1, 256, "candidate component");
        SdpValues.token(line, f[2], "candidate transport");
        SdpValues.number(line, f[3], 0, 0xFFFF_FFFFL, "candidate priority");
        if (!SdpSyntax.isVisibleAscii(f[4])) {
            throw line.fail(SdpParseError.MALFORMED, "bad candidate address");
        }
        SdpValues.number(line, f[5], 0, 65535, "candidate port");
        SdpValues.token(line, f[7], "candidate type");
        return "candidate:" + v;
    }

    /** {@code extmap:<id>[/<direction>] <uri> [<attributes>]} (RFC 8285 section 8). */
    private void extmap(SdpLine line, String value) throws SdpParseException {
        String v = SdpValues.required(line, "extmap", value);
        String[] f = SdpValues.fields(v, 3);
        if (f.length < 2) {
            throw line.fail(SdpParseError.MALFORMED, "a=extmap must be '<id>[/<direction>] <uri> [<attributes>]'");
        }
        String idText = f[0];
        Optional<Direction> dir = Optional.empty();
        int slash = idText.indexOf('/');
        if (slash >= 0) {
            String token = idText.substring(slash + 1);
            dir = Optional.of(Direction.fromToken(token).orElseThrow(() -> line.fail(SdpParseError.MALFORMED,
                    "bad extmap direction " + SdpSyntax.excerpt(token))));
            idText = idText.substring(0, slash);
        }
        int id = (int) SdpValues.number(line, idText, 1, 255, "extmap id");
        if (!SdpSyntax.isVisibleAscii(f[1])) {
            throw line.fail(SdpParseError.MALFORMED, "bad extmap URI");
        }
        String attributes = f.length == 3 ? f[2].strip() : "";
        if (extensions.putIfAbsent(id, new HeaderExtension(id, dir, f[1], attributes)) != null) {
            throw line.fail(SdpParseError.DUPLICATE, "a second a=extmap with id " + id);
        }
    }

    /** {@code ssrc:<ssrc> <attribute>[:<value>]} (RFC 5576 section 4.1). */
    private static SsrcAttribute ssrc(SdpLine line, String value) throws SdpParseException {
        String v = SdpValues.required(line, "ssrc", value);
        int space = SdpSyntax.indexOfBlank(v);
        if (space < 0) {
            throw line.fail(SdpParseError.MALFORMED, "a=ssrc must be '<ssrc> <attribute>[:<value>]'");
        }
        long ssrc = SdpValues.number(line, v.substring(0, space), 0, SsrcAttribute.MAX_SSRC, "ssrc");
        String rest = v.substring(space + 1).strip();
        int colon = rest.indexOf(':');
        String name = colon < 0 ? rest : rest.substring(0, colon);
        String attributeValue = colon < 0 ? "" : rest.substring(colon + 1).strip();
        SdpValues.token(line, name, "ssrc attribute name");
        return new SsrcAttribute(ssrc, name, attributeValue);
    }

    /** {@code ssrc-group:<semantics> <ssrc> ...} (RFC 5576 section 4.2). */
    private static SsrcGroup ssrcGroup(SdpLine line, String value) throws SdpParseException {
        String[] f = SdpValues.fields(SdpValues.required(line, "ssrc-group", value));
        if (f.length < 2) {
            throw line.fail(SdpParseError.MALFORMED, "a=ssrc-group must be '<semantics> <ssrc> ...'");
        }
        SdpValues.token(line, f[0], "ssrc-group semantics");
        List<Long> ssrcs = new ArrayList<>(f.length - 1);
        for (int i = 1; i < f.length; i++) {
            ssrcs.add(SdpValues.number(line, f[i], 0, SsrcAttribute.MAX_SSRC, "ssrc"));
        }
        return new SsrcGroup(f[0], ssrcs);
    }

    /** The section's a=mid, or null. */
    String mid() {
        return mid;
    }

    /** The line number of the section's a=mid, or 0. */
    int midLine() {
        return midLine;
    }

    /**
     * Finishes the section. The direction comes from the session level when the section has none (RFC 8866
     * section 6.7); other session-level values are filled in by {@link SessionDescription}.
     *
     * <p>The line limit counts the section as it is written back: an implied direction and the rtpmap of a static
     * payload type are written out, so a section read at the limit would otherwise not parse again.
     */
    MediaSection finish(Direction sessionDirection) throws SdpParseException {
        int impliedLines = (direction == null ? 1 : 0) + (rtp ? codecLines.impliedRtpmaps(formats) : 0);
        if (lineCount + impliedLines > SdpLimits.MAX_ATTRIBUTES_PER_SECTION) {
            throw new SdpParseException(SdpParseError.TOO_MANY_ATTRIBUTES, mLineNumber, "more than "
                    + SdpLimits.MAX_ATTRIBUTES_PER_SECTION + " lines in one m-section, counting the implied ones");
        }
        List<RtpCodec> codecs = rtp ? codecLines.assemble(formats, otherAttributes) : List.of();
        return builder
                .extraLines(extraLines)
                .connection(connection)
                .mid(mid)
                .direction(direction != null ? direction : sessionDirection != null ? sessionDirection : Direction.SENDRECV)
                .iceUfrag(iceUfrag)
                .icePwd(icePwd)
                .iceOptions(iceOptions)
                .fingerprints(fingerprints)
                .setup(setup)
                .extmapAllowMixed(extmapAllowMixed)
                .rtcp(rtcp)
                .candidates(candidates)
                .codecs(codecs)
                .wildcardRtcpFeedback(codecLines.wildcardFeedback())
                .extensions(new ArrayList<>(extensions.values()))
                .ssrcs(ssrcs)
                .ssrcGroups(ssrcGroups)
                .msids(msids)
                .rids(rids)
                .simulcast(simulcast)
                .otherAttributes(otherAttributes)
                .build();
    }
}
