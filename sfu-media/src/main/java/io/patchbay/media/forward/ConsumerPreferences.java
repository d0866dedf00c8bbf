package io.patchbay.media.forward;

/**
 * What a subscriber asked for one track it receives ({@code update-subscription}).
 *
 * @param maxHeight the tallest picture it wants, in lines; {@link #NO_LIMIT} for any
 * @param paused    send it nothing of this track (video or audio) until resumed
 */
public record ConsumerPreferences(int maxHeight, boolean paused) {
    public static final int NO_LIMIT = Integer.MAX_VALUE;
    public static final ConsumerPreferences DEFAULT = new ConsumerPreferences(NO_LIMIT, false);

    public ConsumerPreferences {
        if (maxHeight < 0) throw new IllegalArgumentException("maxHeight must not be negative");
    }
}
