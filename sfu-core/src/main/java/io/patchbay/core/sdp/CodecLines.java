package io.patchbay.core.sdp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Collects the a=rtpmap, a=fmtp and a=rtcp-fb lines of one RTP m-section, in whatever order they come (Firefox
 * writes fmtp before rtpmap), and assembles one {@link RtpCodec} per payload type of the m-line. A line for a
 * payload type the m-line does not list is kept as an uninterpreted attribute. Not thread-safe.
 */
final class CodecLines {
    private final Set<Integer> payloadTypes = new HashSet<>();
    private final Map<Integer, RtpCodec> rtpmaps = new HashMap<>();
    private final Map<Integer, String> fmtps = new HashMap<>();
    private final Map<Integer, List<RtcpFeedback>> feedback = new HashMap<>();
    private final Map<Integer, List<String>> feedbackLines = new HashMap<>();
    private final List<RtcpFeedback> wildcardFeedback = new ArrayList<>();

    /** Records a payload type of the m-line; false if it was already listed. */
    boolean addPayloadType(int payloadType) {
        return payloadTypes.add(payloadType);
    }

    /** a=rtcp-fb:* lines. */
    List<RtcpFeedback> wildcardFeedback() {
        return wildcardFeedback;
    }

    /** {@code rtpmap:<pt> <name>/<clock rate>[/<channels>]} (RFC 8866 section 6.6). */
    void rtpmap(SdpLine line, String value, List<String> otherAttributes) throws SdpParseException {
        String[] f = SdpValues.fields(SdpValues.required(line, "rtpmap", value));
        if (f.length != 2) {
            throw line.fail(SdpParseError.MALFORMED, "a=rtpmap must be '<payload type> <name>/<clock rate>[/<channels>]'");
        }
        int pt = (int) SdpValues.number(line, f[0], 0, 127, "payload type");
        String[] parts = f[1].split("/", -1);
        if (parts.length < 2 || parts.length > 3 || !RtpCodec.isEncodingName(parts[0])) {
            throw line.fail(SdpParseError.MALFORMED, "a=rtpmap encoding must be <name>/<clock rate>[/<channels>]");
        }
        int clockRateHz = (int) SdpValues.number(line, parts[1], 1, Integer.MAX_VALUE, "clock rate");
        int channels = parts.length == 3 ? (int) SdpValues.number(line, parts[2], 1, RtpCodec.MAX_CHANNELS, "channels") : 1;
        if (!payloadTypes.contains(pt)) {
            otherAttributes.add(line.value());
            return;
        }
        if (rtpmaps.putIfAbsent(pt, RtpCodec.of(pt, parts[0], clockRateHz, channels)) != null) {
            throw line.fail(SdpParseError.DUPLICATE, "a second a=rtpmap for payload type " + pt);
        }
    }

    /** {@code fmtp:<pt> <parameters>} (RFC 8866 section 6.15). */
    void fmtp(SdpLine line, String value, List<String> otherAttributes) throws SdpParseException {
        String v = SdpValues.required(line, "fmtp", value);
        int space = SdpSyntax.indexOfBlank(v);
        String ptText = space < 0 ? v : v.substring(0, space);
        String parameters = space < 0 ? "" : v.substring(space + 1).strip();
        int pt = (int) SdpValues.number(line, ptText, 0, 127, "payload type");
        if (!payloadTypes.contains(pt)) {
            otherAttributes.add(line.value());
            return;
        }
        if (fmtps.putIfAbsent(pt, parameters) != null) {
            throw line.fail(SdpParseError.DUPLICATE, "a second a=fmtp for payload type " + pt);
        }
    }

    /** {@code rtcp-fb:<pt>|* <type> [<parameter>]} (RFC 4585 section 4.2). */
    void rtcpFeedback(SdpLine line, String value, List<String> otherAttributes) throws SdpParseException {
        String v = SdpValues.required(line, "rtcp-fb", value);
        int space = SdpSyntax.indexOfBlank(v);
        if (space < 0) {
            throw line.fail(SdpParseError.MALFORMED, "a=rtcp-fb must be '<payload type> <feedback type> [<parameter>]'");
        }
        String ptText = v.substring(0, space);
        RtcpFeedback fb = RtcpFeedback.parseOrNull(v.substring(space + 1));
        if (fb == null) {
            throw line.fail(SdpParseError.MALFORMED, "bad rtcp-fb value");
        }
        if (ptText.equals("*")) {
            wildcardFeedback.add(fb);
            return;
        }
        int pt = (int) SdpValues.number(line, ptText, 0, 127, "payload type");
        if (!payloadTypes.contains(pt)) {
            otherAttributes.add(line.value());
            return;
        }
        feedback.computeIfAbsent(pt, k -> new ArrayList<>()).add(fb);
        feedbackLines.computeIfAbsent(pt, k -> new ArrayList<>()).add(line.value());
    }

    /** How many formats get their codec from the static table, so that an rtpmap line is written for them. */
    int impliedRtpmaps(List<String> formats) {
        int count = 0;
        for (String format : formats) {
            int pt = Integer.parseInt(format);
            if (!rtpmaps.containsKey(pt) && StaticPayloadTypes.lookup(pt).isPresent()) {
                count++;
            }
        }
        return count;
    }

    /**
     * One codec per m-line format, in m-line order: from its rtpmap, else from the static table (RFC 3551).
     * The fmtp and rtcp-fb lines of a dynamic payload type without rtpmap are kept in {@code otherAttributes}
     * so that nothing is silently lost.
     */
    List<RtpCodec> assemble(List<String> formats, List<String> otherAttributes) {
        List<RtpCodec> codecs = new ArrayList<>(formats.size());
        for (String format : formats) {
            int pt = Integer.parseInt(format);
            Optional<RtpCodec> base = Optional.ofNullable(rtpmaps.get(pt)).or(() -> StaticPayloadTypes.lookup(pt));
            if (base.isPresent()) {
                RtpCodec c = base.get();
                codecs.add(new RtpCodec(pt, c.name(), c.clockRateHz(), c.channels(), fmtps.getOrDefault(pt, ""),
                        feedback.getOrDefault(pt, List.of())));
                continue;
            }
            if (fmtps.containsKey(pt)) {
                String parameters = fmtps.get(pt);
                otherAttributes.add(parameters.isEmpty() ? "fmtp:" + pt : "fmtp:" + pt + " " + parameters);
            }
            otherAttributes.addAll(feedbackLines.getOrDefault(pt, List.of()));
        }
        return codecs;
    }
}
