package io.patchbay.load.report;

import java.util.List;
import java.util.Map;

/**
 * What one receiver of the {@code simulcast} scenario got at the end of a level, read from the keyframes of each
 * video stream it received (RFC 6386 section 9.1 heights).
 *
 * @param subscribers           the level (receivers in the room) it was measured at
 * @param participant           the receiver's name
 * @param maxHeight             the {@code maxHeight} it asked for, or null for no limit
 * @param lastHeights           per received video stream, the height of its last keyframe
 * @param videoPacketsByHeight  video packets received since the join, by the height of the keyframe they followed
 */
public record LayerReceipt(int subscribers, String participant, Integer maxHeight, List<Integer> lastHeights,
                           Map<Integer, Long> videoPacketsByHeight) {
}
