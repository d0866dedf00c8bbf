package io.patchbay.core.sdp;

import java.util.Optional;

/** Media direction attribute (RFC 8866 section 6.7), seen from the side that wrote the description. */
public enum Direction {
    SENDRECV("sendrecv"),
    SENDONLY("sendonly"),
    RECVONLY("recvonly"),
    INACTIVE("inactive");

    private static final Direction[] VALUES = values();

    private final String token;

    Direction(String token) {
        this.token = token;
    }

    public String token() {
        return token;
    }

    /** True when the writer of the description sends media. */
    public boolean sends() {
        return this == SENDRECV || this == SENDONLY;
    }

    /** True when the writer of the description receives media. */
    public boolean receives() {
        return this == SENDRECV || this == RECVONLY;
    }

    /** The direction the other side takes when it only receives what we send and sends nothing back. */
    public Direction answeredByReceiveOnly() {
        return sends() ? RECVONLY : INACTIVE;
    }

    public static Optional<Direction> fromToken(String token) {
        for (Direction direction : VALUES) {
            if (direction.token.equals(token)) {
                return Optional.of(direction);
            }
        }
        return Optional.empty();
    }
}
