package io.patchbay.media.forward;

/**
 * One codec a producer may send: the publisher's payload type, the payload type subscribers see (the server's
 * canonical number, because one payload type must mean one codec inside a BUNDLE group, RFC 8843 section 9.1), the
 * codec name and clock rate.
 */
public record CodecMapping(int payloadType, int outputPayloadType, String name, int clockRateHz) {
    public CodecMapping {
        if (payloadType < 0 || payloadType > 127 || outputPayloadType < 0 || outputPayloadType > 127) {
            throw new IllegalArgumentException("payload types are 0..127");
        }
        if (clockRateHz <= 0) throw new IllegalArgumentException("clock rate must be positive");
    }
}
