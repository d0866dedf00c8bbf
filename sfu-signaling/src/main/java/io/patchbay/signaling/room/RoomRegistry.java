package io.patchbay.signaling.room;

import io.patchbay.core.config.PatchbayConfig.IceServer;
import io.patchbay.core.room.RoomId;
import io.patchbay.media.MediaEngine;
import io.patchbay.media.forward.RouterListener;
import io.vertx.core.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * All rooms of this node. Rooms are created by the first join and removed when the last participant leaves.
 * Event-loop thread only: every signaling session runs on the one context this registry was created on.
 */
public final class RoomRegistry {
    private static final Logger LOG = Logger.getLogger(RoomRegistry.class.getName());

    private final MediaEngine media;
    private final List<IceServer> iceServers;
    private final Context context;
    private final Map<RoomId, Room> rooms = new LinkedHashMap<>();
    private volatile int participantCount;
    private volatile int roomCount;

    public RoomRegistry(MediaEngine media, List<IceServer> iceServers, Context context) {
        this.media = media;
        this.iceServers = List.copyOf(iceServers);
        this.context = context;
    }

    public ParticipantHandle join(RoomId roomId, String name, MessageSink sink) {
        Room room = rooms.get(roomId);
        if (room == null) {
            Room[] holder = new Room[1];
            RouterListener listener = new RouterListener() {
                @Override
                public void onTransportConnected(String transportId) {
                    // Nothing to signal: media starts flowing by itself.
                }

                @Override
                public void onTransportFailed(String transportId, String reason) {
                    context.runOnContext(v -> {
                        if (holder[0] != null) holder[0].onTransportFailed(transportId, reason);
                    });
                }
            };
            room = new Room(roomId, media.createRouter(roomId.value(), listener), media.fingerprintSha256(), iceServers,
                    task -> context.runOnContext(v -> task.run()));
            holder[0] = room;
            rooms.put(roomId, room);
            roomCount = rooms.size();
            LOG.info("room " + roomId + " opened");
        }
        participantCount++;
        return room.join(name, sink);
    }

    public void leave(ParticipantHandle handle) {
        if (handle.hasLeft()) return;
        Room room = handle.room();
        room.leave(handle.participant());
        participantCount--;
        if (room.isEmpty()) {
            rooms.remove(room.id());
            roomCount = rooms.size();
            room.close();
            LOG.info("room " + room.id() + " closed");
        }
    }

    /** Gauge values; read from the metrics scrape (any thread), so they are approximate. */
    public int roomCount() {
        return roomCount;
    }

    public int participantCount() {
        return participantCount;
    }
}
