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

    /** Constrained Baseline as this server accepts it: profile_idc 0x42 with constraint_set1 (any level). */
    public boolean isConstrainedBaseline() {
        return profileIdc == PROFILE_BASELINE && (profileIop & CONSTRAINT_SET1) != 0;
    }
}
