package io.patchbay.core.room;

import java.security.SecureRandom;

/** A published track's server-assigned id; it is the msid track id subscribers see. */
public record TrackId(String value) {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();

    public static TrackId random() {
        return new TrackId("TR_" + Ids.random(RANDOM, ALPHABET, 12));
    }

    @Override
    public String toString() {
        return value;
    }
}
