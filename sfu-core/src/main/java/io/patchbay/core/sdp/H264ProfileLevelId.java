package io.patchbay.core.sdp;

import java.util.Optional;

/**
 * The H.264 {@code profile-level-id} format parameter (RFC 6184 section 8.1): three bytes in hex,
 * profile_idc, profile-iop (the constraint_set flags) and level_idc.
 */
public record H264ProfileLevelId(int profileIdc, int profileIop, int levelIdc) {
    /** Baseline profile_idc (0x42 = 66). */
    public static final int PROFILE_BASELINE = 0x42;
    /** constraint_set1_flag: with Baseline it makes Constrained Baseline, what WebRTC endpoints must decode. */
    public static final int CONSTRAINT_SET1 = 0x40;

    public H264ProfileLevelId {
        if (profileIdc < 0 || profileIdc > 0xFF || profileIop < 0 || profileIop > 0xFF || levelIdc < 0 || levelIdc > 0xFF) {
            throw new IllegalArgumentException("profile-level-id bytes out of range");
        }
    }

    /** Parses six hex digits, e.g. {@code 42e01f}; empty when the text is not that. */
    public static Optional<H264ProfileLevelId> parse(String hex) {
        if (hex == null || hex.length() != 6) {
            return Optional.empty();
        }
        for (int i = 0; i < 6; i++) {
            if (Character.digit(hex.charAt(i), 16) < 0) {
                return Optional.empty();
            }
        }
        int value = Integer.parseInt(hex, 16);
        return Optional.of(new H264ProfileLevelId(value >> 16, (value >> 8) & 0xFF, value & 0xFF));
    }

    /** Extended profile_idc (0x58 = 88). */
    public static final int PROFILE_EXTENDED = 0x58;
    /** Main profile_idc (0x4D = 77). */
    public static final int PROFILE_MAIN = 0x4D;
    /** High profile_idc (0x64 = 100); with constraint_set4 and 5 it is Constrained High. */
    public static final int PROFILE_HIGH = 0x64;

    /** Baseline, Main or High (constrained or not): the profiles WebRTC encoders produce. */
    public boolean isForwardedProfile() {
        return profileIdc == PROFILE_BASELINE || profileIdc == PROFILE_MAIN || profileIdc == PROFILE_HIGH;
    }

    /** constraint_set0_flag: a Main stream that also obeys Baseline's constraints is Constrained Baseline. */
    public static final int CONSTRAINT_SET0 = 0x80;
    /** constraint_set3_flag: with Baseline, Constrained Baseline or Main and level_idc 11 it means level 1b. */
    public static final int CONSTRAINT_SET3 = 0x10;

    /**
     * The level as a number that orders levels (RFC 6184 section 8.1, H.264 table A-1): level_idc x 2, with level 1b
     * (level_idc 9, or 11 with constraint_set3 in the Baseline and Main profiles) between 1 and 1.1.
     */
    public int levelOrder() {
        boolean oneB = levelIdc == 9 || (levelIdc == 11 && (profileIop & CONSTRAINT_SET3) != 0
                && (profileIdc == PROFILE_BASELINE || profileIdc == PROFILE_MAIN));
        return oneB ? 21 : levelIdc * 2;
    }

    /** The profiles WebRTC tells apart (libwebrtc's H264Profile), from profile_idc and the constraint flags. */
    public enum Profile { CONSTRAINED_BASELINE, BASELINE, MAIN, CONSTRAINED_HIGH, HIGH, OTHER }

    /**
     * This id's profile (RFC 6184 section 8.1, table 5): Baseline with constraint_set1, Main with constraint_set0 and
     * Extended with constraint_set0 and 1 are Constrained Baseline; High with constraint_set4 and 5 is Constrained High.
     */
    public Profile profile() {
        return switch (profileIdc) {
            case PROFILE_BASELINE -> (profileIop & CONSTRAINT_SET1) != 0 ? Profile.CONSTRAINED_BASELINE : Profile.BASELINE;
            case PROFILE_MAIN -> (profileIop & CONSTRAINT_SET0) != 0 ? Profile.CONSTRAINED_BASELINE : Profile.MAIN;
            case PROFILE_EXTENDED -> (profileIop & 0xC0) == 0xC0 ? Profile.CONSTRAINED_BASELINE
                    : (profileIop & 0xC0) == CONSTRAINT_SET0 ? Profile.BASELINE : Profile.OTHER;
            case PROFILE_HIGH -> (profileIop & 0x0C) == 0x0C ? Profile.CONSTRAINED_HIGH : Profile.HIGH;
            default -> Profile.OTHER;
        };
    }

    /**
     * Whether a receiver that declared {@code this} (its answer's profile-level-id: the highest level it decodes, RFC
     * 6184 section 8.2.2) decodes a stream sent at {@code sent}'s profile and level: the level at most this one, and
     * the same profile or one that contains it (H.264 annex A.2: Constrained Baseline streams are Baseline, Main and
     * High streams too; Main and Constrained High streams are High streams). Baseline that is not constrained may use
     * FMO and ASO, which only Baseline and Extended decoders have; Main may use B slices, which Constrained High lacks.
     */
    public boolean decodes(H264ProfileLevelId sent) {
        if (levelOrder() < sent.levelOrder()) return false;
        Profile receiver = profile();
        Profile stream = sent.profile();
        if (receiver == stream) return receiver != Profile.OTHER || profileIdc == sent.profileIdc;
        return switch (stream) {
            case CONSTRAINED_BASELINE -> receiver != Profile.OTHER;
            case MAIN, CONSTRAINED_HIGH -> receiver == Profile.HIGH;
            default -> false;
        };
    }

    /** Constrained Baseline as this server accepts it: profile_idc 0x42 with constraint_set1 (any level). */
    public boolean isConstrainedBaseline() {
        return profileIdc == PROFILE_BASELINE && (profileIop & CONSTRAINT_SET1) != 0;
    }
}
