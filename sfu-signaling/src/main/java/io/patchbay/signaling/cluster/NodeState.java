package io.patchbay.signaling.cluster;

/** Whether a node takes new rooms and participants. */
public enum NodeState {
    ACTIVE, DRAINING;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static NodeState fromWire(String s) {
        return "draining".equals(s) ? DRAINING : ACTIVE;
    }
}
