package io.patchbay.core.room;

/**
 * What a participant may do, from its join token (all of it when access control is off).
 *
 * @param autoSubscribe receive every track of the room as it is published; false: only those it subscribes to
 */
public record Grants(boolean canPublish, boolean canSubscribe, boolean autoSubscribe) {
    public static final Grants ALL = new Grants(true, true, true);
}
