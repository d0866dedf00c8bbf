package io.patchbay.media.transport;

import io.patchbay.media.MediaStats;
import io.patchbay.media.MediaLimits;
import io.patchbay.media.dtls.DtlsIdentity;
import io.patchbay.media.worker.MediaWorker;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.concurrent.Executor;

/** Creates {@link WebRtcTransport}s on the shared port with the server's DTLS identity. */
public final class TransportFactory {
    private final MediaPort port;
    private final String publicAddress;
    private final boolean advertiseBoundAddresses;
    private final boolean useClientCandidates;
    private final MediaStats stats;
    private final DtlsIdentity identity;
    private final SecureRandom random;
    private final Executor dtlsExecutor;
    private final MediaLimits limits;

    public TransportFactory(MediaPort port, String publicAddress, boolean advertiseBoundAddresses,
                            boolean useClientCandidates, MediaStats stats, DtlsIdentity identity,
                            SecureRandom random, Executor dtlsExecutor, MediaLimits limits) {
        this.port = port;
        this.publicAddress = publicAddress;
        this.advertiseBoundAddresses = advertiseBoundAddresses;
        this.useClientCandidates = useClientCandidates;
        this.stats = stats;
        this.identity = identity;
        this.random = random;
        this.dtlsExecutor = dtlsExecutor;
        this.limits = limits;
    }

    public WebRtcTransport create(String id, MediaWorker worker) throws IOException {
        return new WebRtcTransport(id, port, publicAddress, advertiseBoundAddresses, useClientCandidates, worker, stats, identity, random, dtlsExecutor, limits);
    }
}
