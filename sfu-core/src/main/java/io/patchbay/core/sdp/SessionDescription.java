package io.patchbay.core.sdp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A session description (RFC 8866) as WebRTC uses it (RFC 8829): origin, session-level attributes and the
 * m-sections. Immutable; {@link #parse(String)} reads untrusted text, {@link #toSdp()} writes CRLF-terminated
 * text, and parse, write, parse gives an equal model.
 *
 * <p>Session-level ice-ufrag, ice-pwd, ice-options, fingerprint, setup and extmap-allow-mixed are kept here as
 * written and are also resolved into every m-section that lacks them, whether the description was parsed or
 * built (see {@link MediaSection}); the session-level direction is resolved by the parser.
 *
 * <p>Thread-safe (immutable).
 */
public final class SessionDescription {
    private final Origin origin;
    private final String sessionName;
    private final List<RawLine> extraLines;
    private final List<SdpGroup> groups;
    private final boolean extmapAllowMixed;
    private final String msidSemantic;
    private final boolean iceLite;
    private final String iceUfrag;
    private final String icePwd;
    private final List<String> iceOptions;
    private final List<Fingerprint> fingerprints;
    private final SetupRole setup;
    private final Direction direction;
    private final List<String> otherAttributes;
    private final List<MediaSection> media;

    private SessionDescription(Builder b) {
        origin = Objects.requireNonNull(b.origin, "origin");
        sessionName = Objects.requireNonNull(b.sessionName, "sessionName");
        extraLines = withTiming(b.extraLines);
        groups = List.copyOf(b.groups);
        extmapAllowMixed = b.extmapAllowMixed;
        msidSemantic = b.msidSemantic;
        iceLite = b.iceLite;
        iceUfrag = b.iceUfrag;
        icePwd = b.icePwd;
        iceOptions = List.copyOf(b.iceOptions);
        fingerprints = List.copyOf(b.fingerprints);
        setup = b.setup;
        direction = b.direction;
        otherAttributes = List.copyOf(b.otherAttributes);
        media = b.media.stream().map(this::inherit).toList();
        validate();
    }

    /** The lines with {@code t=0 0} added (where RFC 8866 puts it) when there is no t= line. */
    private static List<RawLine> withTiming(List<RawLine> lines) {
        if (lines.stream().anyMatch(l -> l.type() == 't')) {
            return List.copyOf(lines);
        }
        List<RawLine> out = new ArrayList<>(lines.size() + 1);
        int at = 0;
        while (at < lines.size() && "iuepcb".indexOf(lines.get(at).type()) >= 0) {
            at++;
        }
        out.addAll(lines.subList(0, at));
        out.add(new RawLine('t', "0 0"));
        out.addAll(lines.subList(at, lines.size()));
        return List.copyOf(out);
    }

    /**
     * Fills what a section lacks from the session level (RFC 8866 section 5: a media-level value overrides the
     * session-level one). Idempotent, so parsed and built descriptions compare equal after a round trip.
     * The direction is resolved by the parser, which alone knows whether a section wrote one.
     */
    private MediaSection inherit(MediaSection section) {
        boolean lacksSomething = (section.iceUfrag().isEmpty() && iceUfrag != null)
                || (section.icePwd().isEmpty() && icePwd != null)
                || (section.iceOptions().isEmpty() && !iceOptions.isEmpty())
                || (section.fingerprints().isEmpty() && !fingerprints.isEmpty())
                || (section.setup().isEmpty() && setup != null)
                || (!section.extmapAllowMixed() && extmapAllowMixed);
        if (!lacksSomething) {
            return section;
        }
        MediaSection.Builder b = section.toBuilder();
        if (section.iceUfrag().isEmpty()) {
            b.iceUfrag(iceUfrag);
        }
        if (section.icePwd().isEmpty()) {
            b.icePwd(icePwd);
        }
        if (section.iceOptions().isEmpty()) {
            b.iceOptions(iceOptions);
        }
        if (section.fingerprints().isEmpty()) {
            b.fingerprints(fingerprints);
        }
        if (section.setup().isEmpty()) {
            b.setup(setup);
        }
        b.extmapAllowMixed(section.extmapAllowMixed() || extmapAllowMixed);
        return b.build();
    }

    private void validate() {
        if (sessionName.isEmpty() || !SdpSyntax.isLineSafe(sessionName)) {
            throw new IllegalArgumentException("bad session name");
        }
        if (iceUfrag != null && !SdpSyntax.isIceUfrag(iceUfrag)) {
            throw new IllegalArgumentException("bad ice-ufrag");
        }
        if (icePwd != null && !SdpSyntax.isIcePwd(icePwd)) {
            throw new IllegalArgumentException("bad ice-pwd");
        }
        if (msidSemantic != null && (msidSemantic.isEmpty() || !SdpSyntax.isLineSafe(msidSemantic))) {
            throw new IllegalArgumentException("bad msid-semantic");
        }
        for (String text : otherAttributes) {
            if (text.isEmpty() || !SdpSyntax.isLineSafe(text)) {
                throw new IllegalArgumentException("attribute text is empty or holds CR, LF or NUL");
            }
        }
        for (String option : iceOptions) {
            if (!SdpSyntax.isToken(option)) {
                throw new IllegalArgumentException("bad ice option");
            }
        }
        Set<String> mids = new HashSet<>();
        for (MediaSection section : media) {
            if (section.mid().isPresent() && !mids.add(section.mid().get())) {
                throw new IllegalArgumentException("duplicate mid " + section.mid().get());
            }
        }
    }

    /**
     * Parses a session description received from a client. See {@link SdpParser} for what is checked.
     *
     * @throws SdpParseException for any input that is not a description this server can read; nothing else
     */
    public static SessionDescription parse(String sdp) throws SdpParseException {
        return SdpParser.parse(sdp);
    }

    /** Writes the description, each line ending in CRLF. */
    public String toSdp() {
        return SdpWriter.write(this);
    }

    public static Builder builder(Origin origin) {
        return new Builder(origin);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public Origin origin() {
        return origin;
    }

    /** The s= line; browsers write {@code -}. */
    public String sessionName() {
        return sessionName;
    }

    /** Session-level lines kept as written: i=, u=, e=, p=, c=, b=, t=, r=, z=, k=; there is always a t= line. */
    public List<RawLine> extraLines() {
        return extraLines;
    }

    /** a=group lines (RFC 5888). */
    public List<SdpGroup> groups() {
        return groups;
    }

    /** The mids of the first a=group:BUNDLE (RFC 8843); empty when there is none. */
    public List<String> bundleMids() {
        return groups.stream().filter(SdpGroup::isBundle).findFirst().map(SdpGroup::mids).orElse(List.of());
    }

    /** Session-level a=extmap-allow-mixed (RFC 8285 section 6). */
    public boolean extmapAllowMixed() {
        return extmapAllowMixed;
    }

    /** The a=msid-semantic value, e.g. {@code WMS *}. */
    public Optional<String> msidSemantic() {
        return Optional.ofNullable(msidSemantic);
    }

    /** a=ice-lite (RFC 8839 section 5.3). */
    public boolean iceLite() {
        return iceLite;
    }

    /** Session-level a=ice-ufrag as written. */
    public Optional<String> iceUfrag() {
        return Optional.ofNullable(iceUfrag);
    }

    /** Session-level a=ice-pwd as written. */
    public Optional<String> icePwd() {
        return Optional.ofNullable(icePwd);
    }

    /** Session-level a=ice-options tokens as written. */
    public List<String> iceOptions() {
        return iceOptions;
    }

    /** Session-level a=fingerprint lines as written. */
    public List<Fingerprint> fingerprints() {
        return fingerprints;
    }

    /** Session-level a=setup as written. */
    public Optional<SetupRole> setup() {
        return Optional.ofNullable(setup);
    }

    /** Session-level direction attribute as written (Firefox writes a=sendrecv here). */
    public Optional<Direction> direction() {
        return Optional.ofNullable(direction);
    }

    /** Session-level attributes the model does not interpret, text after {@code "a="}. */
    public List<String> otherAttributes() {
        return otherAttributes;
    }

    /** The m-sections in order. */
    public List<MediaSection> media() {
        return media;
    }

    /** The m-section with this mid. */
    public Optional<MediaSection> section(String mid) {
        return media.stream().filter(m -> m.mid().filter(mid::equals).isPresent()).findFirst();
    }

    private Object[] fields() {
        return new Object[] {origin, sessionName, extraLines, groups, extmapAllowMixed, msidSemantic, iceLite,
            iceUfrag, icePwd, iceOptions, fingerprints, setup, direction, otherAttributes, media};
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SessionDescription other && Arrays.equals(fields(), other.fields());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(fields());
    }

    @Override
    public String toString() {
        return toSdp();
    }

    /** Mutable builder; not thread-safe. The session name defaults to {@code -}; with no t= line, {@code t=0 0} is added. */
    public static final class Builder {
        private Origin origin;
        private String sessionName = "-";
        private List<RawLine> extraLines = new ArrayList<>();
        private List<SdpGroup> groups = new ArrayList<>();
        private boolean extmapAllowMixed;
        private String msidSemantic;
        private boolean iceLite;
        private String iceUfrag;
        private String icePwd;
        private List<String> iceOptions = new ArrayList<>();
        private List<Fingerprint> fingerprints = new ArrayList<>();
        private SetupRole setup;
        private Direction direction;
        private List<String> otherAttributes = new ArrayList<>();
        private List<MediaSection> media = new ArrayList<>();

        private Builder(Origin origin) {
            this.origin = origin;
        }

        private Builder(SessionDescription s) {
            origin = s.origin;
            sessionName = s.sessionName;
            extraLines = new ArrayList<>(s.extraLines);
            groups = new ArrayList<>(s.groups);
            extmapAllowMixed = s.extmapAllowMixed;
            msidSemantic = s.msidSemantic;
            iceLite = s.iceLite;
            iceUfrag = s.iceUfrag;
            icePwd = s.icePwd;
            iceOptions = new ArrayList<>(s.iceOptions);
            fingerprints = new ArrayList<>(s.fingerprints);
            setup = s.setup;
            direction = s.direction;
            otherAttributes = new ArrayList<>(s.otherAttributes);
            media = new ArrayList<>(s.media);
        }

        public Builder origin(Origin value) {
            origin = value;
            return this;
        }

        public Builder sessionName(String value) {
            sessionName = value;
            return this;
        }

        public Builder extraLines(List<RawLine> value) {
            extraLines = new ArrayList<>(value);
            return this;
        }

        public Builder groups(List<SdpGroup> value) {
            groups = new ArrayList<>(value);
            return this;
        }

        public Builder extmapAllowMixed(boolean value) {
            extmapAllowMixed = value;
            return this;
        }

        public Builder msidSemantic(String value) {
            msidSemantic = value;
            return this;
        }

        public Builder iceLite(boolean value) {
            iceLite = value;
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

        public Builder direction(Direction value) {
            direction = value;
            return this;
        }

        public Builder otherAttributes(List<String> value) {
            otherAttributes = new ArrayList<>(value);
            return this;
        }

        public Builder media(List<MediaSection> value) {
            media = new ArrayList<>(value);
            return this;
        }

        public Builder addMedia(MediaSection value) {
            media.add(value);
            return this;
        }

        /** Builds the description; throws IllegalArgumentException when the fields are inconsistent. */
        public SessionDescription build() {
            return new SessionDescription(this);
        }
    }
}
