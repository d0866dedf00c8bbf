package io.patchbay.load.report;

import java.util.List;
import java.util.Map;

/**
 * One measured join of the join-time scenario.
 *
 * @param index     0-based, in the order of the joins
 * @param name      the participant's name
 * @param failed    true when it had no keyframe within the run's deadline
 * @param stoppedAt for a failed join, the id of the first phase (in {@link JoinPhase} order) it did not reach;
 *                  otherwise null
 * @param phaseMs   {@link JoinPhase#id()} -> milliseconds since the WebSocket open started; phases not reached are
 *                  absent
 * @param notes     what went wrong (errors, connection diagnostics of a failed join); empty if nothing
 */
public record JoinRecord(int index, String name, boolean failed, String stoppedAt, Map<String, Double> phaseMs,
                         List<String> notes) {

    /** Milliseconds of {@code phase}, or NaN if it was not reached. */
    public double ms(JoinPhase phase) {
        Double v = phaseMs == null ? null : phaseMs.get(phase.id());
        return v == null ? Double.NaN : v;
    }
}
