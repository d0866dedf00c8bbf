package io.patchbay.load;

import java.util.List;

/**
 * What the simulated participants do, and what one ramp level means.
 * <ul>
 *   <li>{@code broadcast}: one room, one publisher, level = subscribers (each receives audio + video);</li>
 *   <li>{@code meeting}: one room, level = participants, each publishing and receiving all the others;</li>
 *   <li>{@code rooms}: level = rooms of {@code roomSize} participants that all publish and receive;</li>
 *   <li>{@code simulcast}: one room, {@code publishers} publishers each sending video as three simulcast layers
 *   (180/360/720 lines) and audio; level = receivers, a third asking {@code maxHeight} 180, a third 360, a third no
 *   limit;</li>
 *   <li>{@code join}: no ramp; joins one after another into a room with a few publishers, each timed phase by phase
 *   ({@link io.patchbay.load.join.JoinTimeScenario}).</li>
 * </ul>
 */
public enum Scenario {
    BROADCAST(List.of(50, 100, 200, 300)),
    MEETING(List.of(4, 8, 12, 16)),
    ROOMS(List.of(5, 10, 20, 40)),
    SIMULCAST(List.of(30)),
    JOIN(List.of());

    final List<Integer> defaultRamp;

    Scenario(List<Integer> defaultRamp) {
        this.defaultRamp = defaultRamp;
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Scenario parse(String s) {
        for (Scenario v : values()) {
            if (v.label().equals(s)) return v;
        }
        throw new IllegalArgumentException("unknown scenario '" + s + "' (broadcast, meeting, rooms, simulcast, join)");
    }

    /** The {@code maxHeight} the {@code index}-th receiver of the simulcast scenario asks for (null: no limit). */
    static Integer simulcastCap(int index) {
        return switch (index % 3) {
            case 0 -> 180;
            case 1 -> 360;
            default -> null;
        };
    }

    /** Room layout at a ramp level ({@code publishers}: the simulcast scenario's). */
    Layout layout(int level, int roomSize, int publishers) {
        return switch (this) {
            case BROADCAST -> new Layout(1, 1, level, false);
            case MEETING -> new Layout(1, level, 0, true);
            case ROOMS -> new Layout(level, roomSize, 0, true);
            case SIMULCAST -> new Layout(1, publishers, level, false);
            case JOIN -> throw new IllegalStateException("the join scenario has no ramp levels");
        };
    }

    /**
     * @param rooms                  rooms in use
     * @param publishersPerRoom      publishing participants per room
     * @param viewersPerRoom         receive-only participants per room
     * @param publishersSubscribe    whether publishers also receive everyone else
     */
    record Layout(int rooms, int publishersPerRoom, int viewersPerRoom, boolean publishersSubscribe) {
        int publishers() {
            return rooms * publishersPerRoom;
        }

        /** Participants that receive media. */
        int subscribers() {
            return rooms * (viewersPerRoom + (publishersSubscribe ? publishersPerRoom : 0));
        }
    }
}
