package io.patchbay.load.sfu;

/**
 * A participant's part in the {@code simulcast} scenario: whether it publishes its video as three layers (q/h/f,
 * 180/360/720 lines) and the tallest layer it asks for ({@code update-subscription maxHeight}) of every video track
 * it receives. Such a participant follows the layer each received video stream carries (by keyframe heights).
 *
 * @param publishLayers publish video as simulcast q/h/f (only with publish)
 * @param maxHeight     the {@code maxHeight} asked for every received video track, or null for no limit
 */
public record SimulcastRole(boolean publishLayers, Integer maxHeight) {
    /** A simulcast publisher (it receives with no limit, if it receives). */
    public static SimulcastRole publisher() {
        return new SimulcastRole(true, null);
    }

    /** A receiver asking for at most {@code maxHeight} lines (null: no limit). */
    public static SimulcastRole viewer(Integer maxHeight) {
        return new SimulcastRole(false, maxHeight);
    }
}
