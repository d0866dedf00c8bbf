package io.patchbay.media.relay;

import io.patchbay.media.MediaStats;
import io.patchbay.media.forward.Router;
import java.security.SecureRandom;

/**
 * Makes {@link RelayTransport}s on one {@link RelayPort}: the media side of a cluster (only a clustered node opens a
 * relay port).
 */
public final class RelayLinks implements AutoCloseable {
    private final RelayPort port;
    private final MediaStats stats;
    private final SecureRandom random = new SecureRandom();

    public RelayLinks(RelayPort port, MediaStats stats) {
        this.port = port;
        this.stats = stats;
    }

    /**
     * A link for {@code router}'s room to another node, added to the router (on its worker).
     *
     * @throws IllegalStateException when the node holds {@link RelayPort#MAX_LINKS} links already
     */
    public RelayTransport open(String id, Router router) {
        RelayTransport t = new RelayTransport(id, port, router.worker(), stats, random);
        router.addTransport(t);
        return t;
    }

    public RelayPort port() {
        return port;
    }

    @Override
    public void close() {
        port.close();
    }
}
