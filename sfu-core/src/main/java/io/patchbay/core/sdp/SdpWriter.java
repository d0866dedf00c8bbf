package io.patchbay.core.sdp;


/**
 * Writes a {@link SessionDescription} as text with CRLF line endings, lines in the order RFC 8866 section 5
 * requires and attributes in the order Chrome writes them. Pure functions, any thread.
 */
final class SdpWriter {
    private static final String CRLF = "\r\n";

    private SdpWriter() {
    }

    static String write(SessionDescription sdp) {
        StringBuilder out = new StringBuilder(4096);
        line(out, "v=0");
        line(out, "o=" + sdp.origin().toSdpValue());
        line(out, "s=" + sdp.sessionName());
        // Written in stored order (the parser keeps the order it read; the model always has a t= line).
        for (RawLine raw : sdp.extraLines()) {
            line(out, raw.toSdpLine());
        }
        for (SdpGroup group : sdp.groups()) {
            attribute(out, "group:" + group.toSdpValue());
        }
        if (sdp.extmapAllowMixed()) {
            attribute(out, "extmap-allow-mixed");
        }
        sdp.msidSemantic().ifPresent(v -> attribute(out, "msid-semantic: " + v));
        if (sdp.iceLite()) {
            attribute(out, "ice-lite");
        }
        sdp.iceUfrag().ifPresent(v -> attribute(out, "ice-ufrag:" + v));
        sdp.icePwd().ifPresent(v -> attribute(out, "ice-pwd:" + v));
        if (!sdp.iceOptions().isEmpty()) {
            attribute(out, "ice-options:" + String.join(" ", sdp.iceOptions()));
        }
        for (Fingerprint fingerprint : sdp.fingerprints()) {
            attribute(out, "fingerprint:" + fingerprint.toSdpValue());
        }
        sdp.setup().ifPresent(v -> attribute(out, "setup:" + v.token()));
        sdp.direction().ifPresent(v -> attribute(out, v.token()));
        for (String other : sdp.otherAttributes()) {
            attribute(out, other);
        }
        for (MediaSection section : sdp.media()) {
            writeMediaSection(section, sdp, out);
        }
        return out.toString();
    }

    /**
     * Writes one m-section. With a session, transport values equal to the session-level ones are left out: the
     * section inherited them (or repeated them), and parsing gives them back either way.
     */
    static void writeMediaSection(MediaSection m, SessionDescription session, StringBuilder out) {
        StringBuilder mline = new StringBuilder("m=").append(m.kind().token()).append(' ').append(m.port());
        if (m.portCount() != 1) {
            mline.append('/').append(m.portCount());
        }
        mline.append(' ').append(m.protocol());
        for (String format : m.formats()) {
            mline.append(' ').append(format);
        }
        line(out, mline.toString());
        // i= comes before c=, b= and k= after it (RFC 8866 section 5); the parser stores i= lines first.
        m.extraLines().stream().filter(l -> l.type() == 'i').forEach(l -> line(out, l.toSdpLine()));
        m.connection().ifPresent(v -> line(out, "c=" + v));
        m.extraLines().stream().filter(l -> l.type() != 'i').forEach(l -> line(out, l.toSdpLine()));
        m.rtcp().ifPresent(v -> attribute(out, "rtcp:" + v));
        for (String candidate : m.candidates()) {
            attribute(out, candidate);
        }
        if (m.endOfCandidates()) {
            attribute(out, "end-of-candidates");
        }
        if (m.iceUfrag().isPresent() && (session == null || !m.iceUfrag().equals(session.iceUfrag()))) {
            attribute(out, "ice-ufrag:" + m.iceUfrag().get());
        }
        if (m.icePwd().isPresent() && (session == null || !m.icePwd().equals(session.icePwd()))) {
            attribute(out, "ice-pwd:" + m.icePwd().get());
        }
        if (!m.iceOptions().isEmpty() && (session == null || !m.iceOptions().equals(session.iceOptions()))) {
            attribute(out, "ice-options:" + String.join(" ", m.iceOptions()));
        }
        if (session == null || !m.fingerprints().equals(session.fingerprints())) {
            for (Fingerprint fingerprint : m.fingerprints()) {
                attribute(out, "fingerprint:" + fingerprint.toSdpValue());
            }
        }
        if (m.setup().isPresent() && (session == null || !m.setup().equals(session.setup()))) {
            attribute(out, "setup:" + m.setup().get().token());
        }
        m.mid().ifPresent(v -> attribute(out, "mid:" + v));
        if (m.extmapAllowMixed() && (session == null || !session.extmapAllowMixed())) {
            attribute(out, "extmap-allow-mixed");
        }
        for (HeaderExtension extension : m.extensions()) {
            attribute(out, "extmap:" + extension.toSdpValue());
        }
        attribute(out, m.direction().token());
        for (Msid msid : m.msids()) {
            attribute(out, "msid:" + msid.toSdpValue());
        }
        if (m.rtcpMux()) {
            attribute(out, "rtcp-mux");
        }
        if (m.rtcpMuxOnly()) {
            attribute(out, "rtcp-mux-only");
        }
        if (m.rtcpRsize()) {
            attribute(out, "rtcp-rsize");
        }
        if (m.bundleOnly()) {
            attribute(out, "bundle-only");
        }
        for (RtpCodec codec : m.codecs()) {
            attribute(out, "rtpmap:" + codec.payloadType() + " " + codec.toRtpmapValue());
            for (RtcpFeedback feedback : codec.rtcpFeedback()) {
                attribute(out, "rtcp-fb:" + codec.payloadType() + " " + feedback.toSdpValue());
            }
            if (!codec.fmtpLine().isEmpty()) {
                attribute(out, "fmtp:" + codec.payloadType() + " " + codec.fmtpLine());
            }
        }
        for (RtcpFeedback feedback : m.wildcardRtcpFeedback()) {
            attribute(out, "rtcp-fb:* " + feedback.toSdpValue());
        }
        for (String rid : m.rids()) {
            attribute(out, "rid:" + rid);
        }
        m.simulcast().ifPresent(v -> attribute(out, "simulcast:" + v));
        for (SsrcGroup group : m.ssrcGroups()) {
            attribute(out, "ssrc-group:" + group.toSdpValue());
        }
        for (SsrcAttribute ssrc : m.ssrcs()) {
            attribute(out, "ssrc:" + ssrc.toSdpValue());
        }
        for (String other : m.otherAttributes()) {
            attribute(out, other);
        }
    }

    private static void attribute(StringBuilder out, String text) {
        out.append("a=").append(text).append(CRLF);
    }

    private static void line(StringBuilder out, String text) {
        out.append(text).append(CRLF);
    }
}
