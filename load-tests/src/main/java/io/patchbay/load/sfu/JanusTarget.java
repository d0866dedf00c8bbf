package io.patchbay.load.sfu;

import io.patchbay.load.client.ClientRuntime;
import io.patchbay.load.janus.JanusProcess;
import io.patchbay.load.janus.JanusVideoRoomClient;
import io.patchbay.load.peer.SrtpProfile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Janus 1.x (videoroom) as the SFU under test, started by us in the current network namespace. All simulated
 * participants share one Janus session (each has its own handles and peer connections): one long poll instead of
 * hundreds, which only lowers Janus's signaling cost.
 */
public final class JanusTarget implements SfuTarget {
    private final JanusProcess process;
    private final JanusVideoRoomClient client;
    private final ClientRuntime runtime;
    private final List<SrtpProfile> profiles;
    private final long videoBps;
    private final Map<String, Long> rooms = new ConcurrentHashMap<>();

    private JanusTarget(JanusProcess process, JanusVideoRoomClient client, ClientRuntime runtime,
                        List<SrtpProfile> profiles, long videoBps) {
        this.process = process;
        this.client = client;
        this.runtime = runtime;
        this.profiles = profiles;
        this.videoBps = videoBps;
    }

    public static JanusTarget start(ClientRuntime runtime, Path workDir, String bindIp, String iceInterface,
                                    int httpPort, List<SrtpProfile> profiles, long videoBps) throws Exception {
        return start(runtime, JanusProcess.start(workDir, bindIp, iceInterface, httpPort, Duration.ofSeconds(30)), profiles,
                videoBps);
    }

    /** Adopts a Janus already started (e.g. inside a {@link io.patchbay.load.janus.NetworkNamespace}). */
    public static JanusTarget start(ClientRuntime runtime, JanusProcess p, List<SrtpProfile> profiles, long videoBps)
            throws Exception {
        try {
            return new JanusTarget(p, JanusVideoRoomClient.connect(p.httpBase(), Duration.ofSeconds(10)), runtime,
                    profiles, videoBps);
        } catch (Exception e) {
            p.close();
            throw e;
        }
    }

    @Override
    public String name() {
        return "janus";
    }

    @Override
    public String version() {
        return process.version();
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public SimulatedParticipant join(String room, String name, boolean publish, boolean subscribe, Duration timeout)
            throws Exception {
        long roomId = roomId(room);
        JanusParticipant p = new JanusParticipant(name, roomId, runtime, client, profiles, subscribe, timeout);
        try {
            if (publish) p.publish(videoBps);
            return p;
        } catch (Exception e) {
            p.close();
            throw e;
        }
    }

    private long roomId(String room) throws Exception {
        Long id = rooms.get(room);
        if (id != null) return id;
        synchronized (rooms) {
            id = rooms.get(room);
            if (id == null) {
                id = client.createRoom(0);
                rooms.put(room, id);
            }
            return id;
        }
    }

    /** Janus is not a JVM: heap and GC do not apply. */
    @Override
    public ServerMemory memory() {
        return null;
    }

    @Override
    public void close() {
        for (long id : rooms.values()) {
            try {
                client.destroyRoom(id);
            } catch (Exception ignored) {
                // The process stops next anyway.
            }
        }
        client.close();
        process.close();
    }
}
