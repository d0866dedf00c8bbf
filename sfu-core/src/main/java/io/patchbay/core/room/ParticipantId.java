package io.patchbay.core.room;

import java.security.SecureRandom;

/** A participant's server-assigned id (random, URL-safe, 12 characters). */
public record ParticipantId(String value) {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();

    public static ParticipantId random() {
        return new ParticipantId("PA_" + Ids.random(RANDOM, ALPHABET, 12));
    }

    /** Whether {@code value} has the form of an id this class makes (for ids from outside: other nodes). */
    public static boolean isValid(String value) {
        return Ids.matches(value, "PA_", ALPHABET, 12);
    }

    @Override
    public String toString() {
        return value;
    }
}
