package io.patchbay.core.sdp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One m-section of a session description (RFC 8866 section 5.14 and the attributes WebRTC uses in it, RFC 8829
 * section 5.2). Immutable; build one with {@link #builder(MediaKind)} or change one with {@link #toBuilder()}.
 *
 * <p>Transport attributes that may also appear at session level (ice-ufrag, ice-pwd, ice-options, fingerprint,
 * setup, extmap-allow-mixed, the direction) are resolved when the description is parsed: a section that lacks
 * one takes the session's, so the accessors here return the effective value. Attributes the model does not
 * interpret are kept in {@link #otherAttributes()} (text after {@code "a="}) and written back unchanged.
 *
 * <p>Thread-safe (immutable).
 */
public final class MediaSection {
    private final MediaKind kind;
    private final int port;
    private final int portCount;
    private final String protocol;
    private final List<String> formats;
    private final List<RawLine> extraLines;
    private final String connection;
    private final String mid;
    private final Direction direction;
    private final String iceUfrag;
    private final String icePwd;
    private final List<String> iceOptions;
    private final List<Fingerprint> fingerprints;
    private final SetupRole setup;
    private final String rtcp;
    private final boolean rtcpMux;
    private final boolean rtcpMuxOnly;
    private final boolean rtcpRsize;
    private final boolean bundleOnly;
    private final boolean extmapAllowMixed;
    private final List<String> candidates;
    private final boolean endOfCandidates;
    private final List<RtpCodec> codecs;
    private final List<RtcpFeedback> wildcardRtcpFeedback;
    private final List<HeaderExtension> extensions;
    private final List<SsrcAttribute> ssrcs;
    private final List<SsrcGroup> ssrcGroups;
    private final List<Msid> msids;
    private final List<String> rids;
    private final String simulcast;
    private final List<String> otherAttributes;

    private MediaSection(Builder b) {
        this.kind = Objects.requireNonNull(b.kind, "kind");
        this.port = b.port;
        this.portCount = b.portCount;
        this.protocol = Objects.requireNonNull(b.protocol, "protocol");
        this.codecs = List.copyOf(b.codecs);
        this.formats = b.formats != null ? List.copyOf(b.formats) : codecs.stream().map(c -> Integer.toString(c.payloadType())).toList();
        // i= lines first: the writer puts them before c=, so keeping them first keeps parse-write-parse stable.
        List<RawLine> lines = new ArrayList<>(b.extraLines.stream().filter(l -> l.type() == 'i').toList());
        lines.addAll(b.extraLines.stream().filter(l -> l.type() != 'i').toList());
        this.extraLines = List.copyOf(lines);
        this.connection = b.connection;
        this.mid = b.mid;
        this.direction = Objects.requireNonNull(b.direction, "direction");
        this.iceUfrag = b.iceUfrag;
        this.icePwd = b.icePwd;
        this.iceOptions = List.copyOf(b.iceOptions);
        this.fingerprints = List.copyOf(b.fingerprints);
        this.setup = b.setup;
        this.rtcp = b.rtcp;
        this.rtcpMux = b.rtcpMux;
        this.rtcpMuxOnly = b.rtcpMuxOnly;
        this.rtcpRsize = b.rtcpRsize;
        this.bundleOnly = b.bundleOnly;
        this.extmapAllowMixed = b.extmapAllowMixed;
        this.candidates = List.copyOf(b.candidates);
        this.endOfCandidates = b.endOfCandidates;
        this.wildcardRtcpFeedback = List.copyOf(b.wildcardRtcpFeedback);
        this.extensions = List.copyOf(b.extensions);
        this.ssrcs = List.copyOf(b.ssrcs);
        this.ssrcGroups = List.copyOf(b.ssrcGroups);
        this.msids = List.copyOf(b.msids);
        this.rids = List.copyOf(b.rids);
        this.simulcast = b.simulcast;
        this.otherAttributes = List.copyOf(b.otherAttributes);
        validate();
    }

    private void validate() {
        if (port < 0 || port > 65535 || portCount < 1 || portCount > 65535) {
            throw new IllegalArgumentException("port out of range");
        }
        if (!SdpSyntax.isVisibleAscii(protocol)) {
            throw new IllegalArgumentException("bad protocol");
        }
        if (formats.isEmpty()) {
            throw new IllegalArgumentException("an m-line needs at least one format");
        }
        for (String format : formats) {
            if (!SdpSyntax.isVisibleAscii(format)) {
                throw new IllegalArgumentException("bad format");
            }
        }
        Set<Integer> payloadTypes = new HashSet<>();
        for (RtpCodec codec : codecs) {
            if (!payloadTypes.add(codec.payloadType()) || !formats.contains(Integer.toString(codec.payloadType()))) {
                throw new IllegalArgumentException("codec " + codec.payloadType() + " is duplicated or not in the m-line");
            }
        }
        Set<Integer> extensionIds = new HashSet<>();
        for (HeaderExtension extension : extensions) {
            if (!extensionIds.add(extension.id())) {
                throw new IllegalArgumentException("duplicate extmap id " + extension.id());
            }
        }
        if (mid != null && !SdpSyntax.isToken(mid)) {
            throw new IllegalArgumentException("bad mid");
        }
        if (iceUfrag != null && !SdpSyntax.isIceUfrag(iceUfrag)) {
            throw new IllegalArgumentException("bad ice-ufrag");
        }
        if (icePwd != null && !SdpSyntax.isIcePwd(icePwd)) {
            throw new IllegalArgumentException("bad ice-pwd");
        }
        for (String text : concat(iceOptions, candidates, rids, otherAttributes)) {
            if (!SdpSyntax.isLineSafe(text) || text.isEmpty()) {
                throw new IllegalArgumentException("attribute text is empty or holds CR, LF or NUL");
            }
        }
        for (String candidate : candidates) {
            if (!candidate.startsWith("candidate:")) {
                throw new IllegalArgumentException("a candidate starts with 'candidate:'");
            }
        }
        for (String option : iceOptions) {
            if (!SdpSyntax.isToken(option)) {
                throw new IllegalArgumentException("bad ice option");
            }
        }
        for (String text : new String[] {connection, rtcp, simulcast}) {
            if (text != null && (text.isEmpty() || !SdpSyntax.isLineSafe(text))) {
                throw new IllegalArgumentException("attribute text is empty or holds CR, LF or NUL");
            }
        }
        for (RawLine line : extraLines) {
            if (RawLine.MEDIA_ORDER.indexOf(line.type()) < 0) {
                throw new IllegalArgumentException("line type not allowed in an m-section: " + line.type());
            }
        }
    }

    @SafeVarargs
    private static List<String> concat(List<String>... lists) {
        List<String> out = new ArrayList<>();
        for (List<String> list : lists) {
            out.addAll(list);
        }
        return out;
    }

    public static Builder builder(MediaKind kind) {
        return new Builder(kind);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public MediaKind kind() {
        return kind;
    }

    /** The m-line port; 0 means the section is rejected or disabled (unless {@link #bundleOnly()}). */
    public int port() {
        return port;
    }

    /** The number of ports after '/' in the m-line; 1 when absent. */
    public int portCount() {
        return portCount;
    }

    /** The transport protocol of the m-line, e.g. {@code UDP/TLS/RTP/SAVPF}. */
    public String protocol() {
        return protocol;
    }

    /** True when the protocol carries RTP (it contains {@code RTP/}). */
    public boolean isRtp() {
        return isRtpProtocol(protocol);
    }

    static boolean isRtpProtocol(String protocol) {
        return protocol.toUpperCase(Locale.ROOT).contains("RTP/");
    }

    /** The formats of the m-line as written: payload type numbers for RTP, e.g. {@code webrtc-datachannel} for SCTP. */
    public List<String> formats() {
        return formats;
    }

    /** True when the section is in use: a non-zero port, or port 0 with a=bundle-only (RFC 8843 section 6). */
    public boolean isActive() {
        return port != 0 || bundleOnly;
    }

    /** i=, b= and k= lines, kept as written. */
    public List<RawLine> extraLines() {
        return extraLines;
    }

    /** The c= line value, e.g. {@code IN IP4 0.0.0.0}. */
    public Optional<String> connection() {
        return Optional.ofNullable(connection);
    }

    /** a=mid (RFC 8843 section 14). */
    public Optional<String> mid() {
        return Optional.ofNullable(mid);
    }

    /** The effective direction: the section's, else the session's, else sendrecv (RFC 8866 section 6.7). */
    public Direction direction() {
        return direction;
    }

    /** Effective a=ice-ufrag (RFC 8839 section 5.4). */
    public Optional<String> iceUfrag() {
        return Optional.ofNullable(iceUfrag);
    }

    /** Effective a=ice-pwd (RFC 8839 section 5.4). */
    public Optional<String> icePwd() {
        return Optional.ofNullable(icePwd);
    }

    /** Effective a=ice-options tokens, e.g. {@code trickle}. */
    public List<String> iceOptions() {
        return iceOptions;
    }

    /** Effective a=fingerprint lines (RFC 8122 allows several). */
    public List<Fingerprint> fingerprints() {
        return fingerprints;
    }

    /** The first effective fingerprint. */
    public Optional<Fingerprint> fingerprint() {
        return fingerprints.isEmpty() ? Optional.empty() : Optional.of(fingerprints.get(0));
    }

    /** Effective a=setup. */
    public Optional<SetupRole> setup() {
        return Optional.ofNullable(setup);
    }

    /** The a=rtcp value (RFC 3605), e.g. {@code 9 IN IP4 0.0.0.0}. */
    public Optional<String> rtcp() {
        return Optional.ofNullable(rtcp);
    }

    /** a=rtcp-mux (RFC 5761). */
    public boolean rtcpMux() {
        return rtcpMux;
    }

    /** a=rtcp-mux-only (RFC 8858). */
    public boolean rtcpMuxOnly() {
        return rtcpMuxOnly;
    }

    /** a=rtcp-rsize (RFC 5506). */
    public boolean rtcpRsize() {
        return rtcpRsize;
    }

    /** a=bundle-only (RFC 8843 section 6). */
    public boolean bundleOnly() {
        return bundleOnly;
    }

    /** a=extmap-allow-mixed (RFC 8285 section 6), of the section or of the session. */
    public boolean extmapAllowMixed() {
        return extmapAllowMixed;
    }

    /** The a=candidate values, each starting with {@code candidate:} (RFC 8839 section 5.1). */
    public List<String> candidates() {
        return candidates;
    }

    /** a=end-of-candidates (RFC 8838 section 8.2). */
    public boolean endOfCandidates() {
        return endOfCandidates;
    }

    /** One codec per payload type, in m-line order; payload types without rtpmap and not static are left out. */
    public List<RtpCodec> codecs() {
        return codecs;
    }

    /** The codec with this payload type. */
    public Optional<RtpCodec> codec(int payloadType) {
        return codecs.stream().filter(c -> c.payloadType() == payloadType).findFirst();
    }

    /** a=rtcp-fb:* lines, which apply to every payload type (RFC 4585 section 4.2). */
    public List<RtcpFeedback> wildcardRtcpFeedback() {
        return wildcardRtcpFeedback;
    }

    /** a=extmap lines (RFC 8285). */
    public List<HeaderExtension> extensions() {
        return extensions;
    }

    /** The extension with this URI. */
    public Optional<HeaderExtension> extension(String uri) {
        return extensions.stream().filter(e -> e.uri().equals(uri)).findFirst();
    }

    /** a=ssrc lines (RFC 5576 section 4.1). */
    public List<SsrcAttribute> ssrcs() {
        return ssrcs;
    }

    /** a=ssrc-group lines (RFC 5576 section 4.2). */
    public List<SsrcGroup> ssrcGroups() {
        return ssrcGroups;
    }

    /** a=msid lines (RFC 8830). */
    public List<Msid> msids() {
        return msids;
    }

    /** The first a=msid. */
    public Optional<Msid> msid() {
        return msids.isEmpty() ? Optional.empty() : Optional.of(msids.get(0));
    }

    /** a=rid values as written (RFC 8851), e.g. {@code q send}. */
    public List<String> rids() {
        return rids;
    }

    /** The a=simulcast value as written (RFC 8853), e.g. {@code send q;h;f}. */
    public Optional<String> simulcast() {
        return Optional.ofNullable(simulcast);
    }

    /** Attributes the model does not interpret (e.g. sctp-port, max-message-size, rtcp-xr), text after {@code "a="}. */
    public List<String> otherAttributes() {
        return otherAttributes;
    }

    /** The value of the first uninterpreted attribute with this name ({@code ""} for a flag). */
    public Optional<String> otherAttribute(String name) {
        for (String attribute : otherAttributes) {
            if (attribute.equals(name)) {
                return Optional.of("");
            }
            if (attribute.startsWith(name + ":")) {
                return Optional.of(attribute.substring(name.length() + 1));
            }
        }
        return Optional.empty();
    }

    private Object[] fields() {
        return new Object[] {kind, port, portCount, protocol, formats, extraLines, connection, mid, direction,
            iceUfrag, icePwd, iceOptions, fingerprints, setup, rtcp, rtcpMux, rtcpMuxOnly, rtcpRsize, bundleOnly,
            extmapAllowMixed, candidates, endOfCandidates, codecs, wildcardRtcpFeedback, extensions, ssrcs,
            ssrcGroups, msids, rids, simulcast, otherAttributes};
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MediaSection other && Arrays.equals(fields(), other.fields());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(fields());
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        SdpWriter.writeMediaSection(this, null, out);
        return out.toString();
    }

    /** Mutable builder; not thread-safe. Collections default to empty, direction to sendrecv, port count to 1. */
    public static final class Builder {
        private MediaKind kind;
        private int port = 9;
        private int portCount = 1;
        private String protocol = "UDP/TLS/RTP/SAVPF";
        private List<String> formats;
        private List<RawLine> extraLines = new ArrayList<>();
        private String connection;
        private String mid;
        private Direction direction = Direction.SENDRECV;
        private String iceUfrag;
        private String icePwd;
        private List<String> iceOptions = new ArrayList<>();
        private List<Fingerprint> fingerprints = new ArrayList<>();
        private SetupRole setup;
        private String rtcp;
        private boolean rtcpMux;
        private boolean rtcpMuxOnly;
        private boolean rtcpRsize;
        private boolean bundleOnly;
        private boolean extmapAllowMixed;
        private List<String> candidates = new ArrayList<>();
        private boolean endOfCandidates;
        private List<RtpCodec> codecs = new ArrayList<>();
        private List<RtcpFeedback> wildcardRtcpFeedback = new ArrayList<>();
        private List<HeaderExtension> extensions = new ArrayList<>();
        private List<SsrcAttribute> ssrcs = new ArrayList<>();
        private List<SsrcGroup> ssrcGroups = new ArrayList<>();
        private List<Msid> msids = new ArrayList<>();
        private List<String> rids = new ArrayList<>();
        private String simulcast;
        private List<String> otherAttributes = new ArrayList<>();

        private Builder(MediaKind kind) {
            this.kind = kind;
        }

        private Builder(MediaSection s) {
            kind = s.kind;
            port = s.port;
            portCount = s.portCount;
            protocol = s.protocol;
            formats = new ArrayList<>(s.formats);
            extraLines = new ArrayList<>(s.extraLines);
            connection = s.connection;
            mid = s.mid;
            direction = s.direction;
            iceUfrag = s.iceUfrag;
            icePwd = s.icePwd;
            iceOptions = new ArrayList<>(s.iceOptions);
            fingerprints = new ArrayList<>(s.fingerprints);
            setup = s.setup;
            rtcp = s.rtcp;
            rtcpMux = s.rtcpMux;
            rtcpMuxOnly = s.rtcpMuxOnly;
            rtcpRsize = s.rtcpRsize;
            bundleOnly = s.bundleOnly;
            extmapAllowMixed = s.extmapAllowMixed;
            candidates = new ArrayList<>(s.candidates);
            endOfCandidates = s.endOfCandidates;
            codecs = new ArrayList<>(s.codecs);
            wildcardRtcpFeedback = new ArrayList<>(s.wildcardRtcpFeedback);
            extensions = new ArrayList<>(s.extensions);
            ssrcs = new ArrayList<>(s.ssrcs);
            ssrcGroups = new ArrayList<>(s.ssrcGroups);
            msids = new ArrayList<>(s.msids);
            rids = new ArrayList<>(s.rids);
            simulcast = s.simulcast;
            otherAttributes = new ArrayList<>(s.otherAttributes);
        }

        public Builder kind(MediaKind value) {
            kind = value;
            return this;
        }

        public Builder port(int value) {
            port = value;
            return this;
        }

        public Builder portCount(int value) {
            portCount = value;
            return this;
        }

        public Builder protocol(String value) {
            protocol = value;
            return this;
        }

        /** The m-line formats; when never set, they are the payload types of {@link #codecs(List)}. */
        public Builder formats(List<String> value) {
            formats = value == null ? null : new ArrayList<>(value);
            return this;
        }

        public Builder extraLines(List<RawLine> value) {
            extraLines = new ArrayList<>(value);
            return this;
        }

        public Builder connection(String value) {
            connection = value;
            return this;
        }

        public Builder mid(String value) {
            mid = value;
            return this;
        }

        public Builder direction(Direction value) {
            direction = value;
            return this;
        }

        public Builder iceUfrag(String value) {
            iceUfrag = value;
            return this;
        }

        public Builder icePwd(String value) {
            icePwd = value;
            return this;
        }

        public Builder iceOptions(List<String> value) {
            iceOptions = new ArrayList<>(value);
            return this;
        }

        public Builder fingerprints(List<Fingerprint> value) {
            fingerprints = new ArrayList<>(value);
            return this;
        }

        public Builder setup(SetupRole value) {
            setup = value;
            return this;
        }

        public Builder rtcp(String value) {
            rtcp = value;
            return this;
        }

        public Builder rtcpMux(boolean value) {
            rtcpMux = value;
            return this;
        }

        public Builder rtcpMuxOnly(boolean value) {
            rtcpMuxOnly = value;
            return this;
        }

        public Builder rtcpRsize(boolean value) {
            rtcpRsize = value;
            return this;
        }

        public Builder bundleOnly(boolean value) {
            bundleOnly = value;
            return this;
        }

        public Builder extmapAllowMixed(boolean value) {
            extmapAllowMixed = value;
            return this;
        }

        public Builder candidates(List<String> value) {
            candidates = new ArrayList<>(value);
            return this;
        }

        public Builder endOfCandidates(boolean value) {
            endOfCandidates = value;
            return this;
        }

        public Builder codecs(List<RtpCodec> value) {
            codecs = new ArrayList<>(value);
            return this;
        }

        public Builder wildcardRtcpFeedback(List<RtcpFeedback> value) {
            wildcardRtcpFeedback = new ArrayList<>(value);
            return this;
        }

        public Builder extensions(List<HeaderExtension> value) {
            extensions = new ArrayList<>(value);
            return this;
        }

        public Builder ssrcs(List<SsrcAttribute> value) {
            ssrcs = new ArrayList<>(value);
            return this;
        }

        public Builder ssrcGroups(List<SsrcGroup> value) {
            ssrcGroups = new ArrayList<>(value);
            return this;
        }

        public Builder msids(List<Msid> value) {
            msids = new ArrayList<>(value);
            return this;
        }

        public Builder rids(List<String> value) {
            rids = new ArrayList<>(value);
            return this;
        }

        public Builder simulcast(String value) {
            simulcast = value;
            return this;
        }

        public Builder otherAttributes(List<String> value) {
            otherAttributes = new ArrayList<>(value);
            return this;
        }

        /** Builds the section; throws IllegalArgumentException when the fields are inconsistent. */
        public MediaSection build() {
            return new MediaSection(this);
        }
    }
}
