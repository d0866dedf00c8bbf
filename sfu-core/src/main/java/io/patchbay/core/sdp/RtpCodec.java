package io.patchbay.core.sdp;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One payload type of an RTP m-section, assembled from a=rtpmap, a=fmtp and a=rtcp-fb (RFC 8866 section 6.6,
 * RFC 4585 section 4.2), or from the static table of RFC 3551 when there is no rtpmap.
 *
 * <p>{@code name} is kept as written; compare it with {@link #nameIs(String)}, which ignores case.
 * {@code channels} is 1 when the rtpmap gives none. {@code fmtpLine} is the format parameters exactly as written
 * after the payload type ({@code ""} when there is none); {@link #fmtp()} reads it as ordered key/value pairs.
 */
public record RtpCodec(int payloadType, String name, int clockRateHz, int channels, String fmtpLine,
                       List<RtcpFeedback> rtcpFeedback) {

    /** Largest channel count accepted in an rtpmap. */
    public static final int MAX_CHANNELS = 255;

    public RtpCodec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(fmtpLine, "fmtpLine");
        if (payloadType < 0 || payloadType > 127) {
            throw new IllegalArgumentException("payload type out of range: " + payloadType);
        }
        if (!isEncodingName(name)) {
            throw new IllegalArgumentException("bad encoding name");
        }
        if (clockRateHz <= 0) {
            throw new IllegalArgumentException("clock rate must be positive");
        }
        if (channels < 1 || channels > MAX_CHANNELS) {
            throw new IllegalArgumentException("channels out of range: " + channels);
        }
        if (!SdpSyntax.isLineSafe(fmtpLine) || !fmtpLine.strip().equals(fmtpLine)) {
            throw new IllegalArgumentException("bad fmtp line");
        }
        rtcpFeedback = List.copyOf(rtcpFeedback);
    }

    /** A codec without format parameters or feedback. */
    public static RtpCodec of(int payloadType, String name, int clockRateHz, int channels) {
        return new RtpCodec(payloadType, name, clockRateHz, channels, "", List.of());
    }

    /** True when the name matches, ignoring case (encoding names are case-insensitive, RFC 4855 section 3). */
    public boolean nameIs(String other) {
        return name.equalsIgnoreCase(other);
    }

    /** True for a retransmission payload type (RFC 4588). */
    public boolean isRtx() {
        return nameIs("rtx");
    }

    /** The associated payload type of an rtx codec (fmtp {@code apt}); empty when absent or not a number. */
    public OptionalInt aptPayloadType() {
        return fmtpValue("apt").map(v -> SdpSyntax.parseUnsigned(v, 0, 127))
                .filter(v -> v >= 0).map(v -> OptionalInt.of(v.intValue())).orElse(OptionalInt.empty());
    }

    /** Format parameters in the order written. A parameter without '=' maps to {@code ""}; the first of duplicates wins. */
    public Map<String, String> fmtp() {
        return parseFmtp(fmtpLine);
    }

    /** One format parameter, looked up ignoring case of the key. */
    public Optional<String> fmtpValue(String key) {
        for (Map.Entry<String, String> e : fmtp().entrySet()) {
            if (e.getKey().equalsIgnoreCase(key)) {
                return Optional.of(e.getValue());
            }
        }
        return Optional.empty();
    }

    /** True when the codec lists this feedback (ignoring case). */
    public boolean hasFeedback(RtcpFeedback feedback) {
        return rtcpFeedback.stream().anyMatch(f -> f.sameAs(feedback));
    }

    public RtpCodec withPayloadType(int newPayloadType) {
        return new RtpCodec(newPayloadType, name, clockRateHz, channels, fmtpLine, rtcpFeedback);
    }

    public RtpCodec withRtcpFeedback(List<RtcpFeedback> feedback) {
        return new RtpCodec(payloadType, name, clockRateHz, channels, fmtpLine, feedback);
    }

    /** A copy whose fmtp line is written from the map, {@code key=value} joined with ';'. */
    public RtpCodec withFmtp(Map<String, String> parameters) {
        StringBuilder line = new StringBuilder();
        for (Map.Entry<String, String> e : parameters.entrySet()) {
            if (line.length() > 0) {
                line.append(';');
            }
            line.append(e.getKey());
            if (!e.getValue().isEmpty()) {
                line.append('=').append(e.getValue());
            }
        }
        return new RtpCodec(payloadType, name, clockRateHz, channels, line.toString(), rtcpFeedback);
    }

    /** The text after the payload type in an a=rtpmap line, e.g. {@code opus/48000/2}. */
    public String toRtpmapValue() {
        return channels == 1 ? name + "/" + clockRateHz : name + "/" + clockRateHz + "/" + channels;
    }

    /** Short description for logs, e.g. {@code 111 opus/48000/2}. */
    public String describe() {
        return payloadType + " " + toRtpmapValue().toLowerCase(Locale.ROOT);
    }

    static boolean isEncodingName(String name) {
        return SdpSyntax.isToken(name) && name.length() <= 64;
    }

    static Map<String, String> parseFmtp(String line) {
        Map<String, String> out = new LinkedHashMap<>();
        if (line.isEmpty()) {
            return Collections.unmodifiableMap(out);
        }
        for (String part : line.split(";", -1)) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            String key = eq < 0 ? p : p.substring(0, eq).strip();
            String value = eq < 0 ? "" : p.substring(eq + 1).strip();
            out.putIfAbsent(key, value);
        }
        return Collections.unmodifiableMap(out);
    }
}
