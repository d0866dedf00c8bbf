package io.patchbay.media.forward;

/**
 * What a subscriber asked for one track it receives ({@code update-subscription}).
 *
 * @param maxHeight    the tallest picture it wants, in lines; {@link #NO_LIMIT} for any
 * @param paused       send it nothing of this track (video or audio) until resumed
 * @param maxFrameRate the most frames per second it wants (met by leaving out temporal layers); {@link #NO_LIMIT}
 *                     for any
 */
public record ConsumerPreferences(int maxHeight, boolean paused, int maxFrameRate) {
    public static final int NO_LIMIT = Integer.MAX_VALUE;
    public static final ConsumerPreferences DEFAULT = new ConsumerPreferences(NO_LIMIT, false, NO_LIMIT);

    public ConsumerPreferences {
        if (maxHeight < 0) throw new IllegalArgumentException("maxHeight must not be negative");
        if (maxFrameRate < 0) throw new IllegalArgumentException("maxFrameRate must not be negative");
    }

    /** No frame rate limit. */
    public ConsumerPreferences(int maxHeight, boolean paused) {
        this(maxHeight, paused, NO_LIMIT);
    }
}
