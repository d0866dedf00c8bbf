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

    /**
     * Whether a receiver that declared {@code this} (its answer's profile-level-id: the highest level it decodes, RFC
     * 6184 section 8.2.2) decodes a stream sent at {@code sent}'s profile and level: the level at most this one, and
     * the same profile or one that contains it (Constrained Baseline streams are Main and High streams too, Main
     * streams High ones; H.264 annex A.2). A Baseline stream that is not constrained may use tools Main lacks.
     */
    public boolean decodes(H264ProfileLevelId sent) {
        if (levelOrder() < sent.levelOrder()) return false;
        if (profileIdc == sent.profileIdc) return true;
        boolean sentConstrainedBaseline = sent.isConstrainedBaseline()
                || (sent.profileIdc == PROFILE_MAIN && (sent.profileIop & CONSTRAINT_SET0) != 0);
        return switch (profileIdc) {
            case PROFILE_MAIN -> sentConstrainedBaseline;
            case PROFILE_HIGH -> sentConstrainedBaseline || sent.profileIdc == PROFILE_MAIN;
            default -> false;
        };
    }

    /** Constrained Baseline as this server accepts it: profile_idc 0x42 with constraint_set1 (any level). */
    public boolean isConstrainedBaseline() {
        return profileIdc == PROFILE_BASELINE && (profileIop & CONSTRAINT_SET1) != 0;
    }
}
