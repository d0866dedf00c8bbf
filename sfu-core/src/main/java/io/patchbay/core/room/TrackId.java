package io.patchbay.core.room;

import java.security.SecureRandom;

/** A published track's server-assigned id; it is the msid track id subscribers see. */
public record TrackId(String value) {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();

    public static TrackId random() {
        return new TrackId("TR_" + Ids.random(RANDOM, ALPHABET, 12));
    }

    /** Whether {@code value} has the form of an id this class makes (for ids from outside: other nodes). */
    public static boolean isValid(String value) {
        return Ids.matches(value, "TR_", ALPHABET, 12);
    }

    @Override
    public String toString() {
        return value;
    }
}
