package io.patchbay.media.srtp;

/** Outcome of one SRTP/SRTCP transform, typed so callers count drops by reason. */
public enum SrtpResult {
    OK,
    AUTH_FAILED,
    REPLAYED,
    MALFORMED,
    CRYPTO_ERROR
}
