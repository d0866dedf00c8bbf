package io.patchbay.load.sfu;

import io.patchbay.load.client.ClientConnection;
import io.patchbay.load.client.ClientRuntime;
import io.patchbay.load.client.SyntheticMedia;
import io.patchbay.load.janus.JanusPeerHandle;
import io.patchbay.load.janus.JanusVideoRoomClient;
import io.patchbay.load.janus.PublisherHandle;
import io.patchbay.load.janus.SubscriberHandle;
import io.patchbay.load.peer.LocalSdp;
import io.patchbay.load.peer.RemoteSdp;
import io.patchbay.load.peer.SrtpProfile;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A participant of a Janus videoroom, the way Janus's own clients do it: a publisher handle whose offer we make,
 * and one subscriber handle (and peer connection) per remote feed, each offered by Janus. Janus puts its candidates
 * in the SDP; ours go by trickle.
 *
 * <p>Janus answers an {@code actpass} offer with {@code setup:active} (it would be the DTLS client); our publisher
 * offers {@code setup:active} instead (RFC 5763 section 5 allows either) so that both servers see the generator as
 * the DTLS client, as browsers are for subscriber connections.
 */
final class JanusParticipant implements SimulatedParticipant {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String name;
    private final long roomId;
    private final ClientRuntime runtime;
    private final JanusVideoRoomClient client;
    private final List<SrtpProfile> profiles;
    private final boolean subscribe;
    private final Duration timeout;
    private final long joinSentNanos = System.nanoTime();
    private final List<ClientConnection> subscribers = new CopyOnWriteArrayList<>();
    private final List<JanusPeerHandle> handles = new CopyOnWriteArrayList<>();
    private volatile ClientConnection publisher;
    private volatile long feedId;

    JanusParticipant(String name, long roomId, ClientRuntime runtime, JanusVideoRoomClient client,
                     List<SrtpProfile> profiles, boolean subscribe, Duration timeout) {
        this.name = name;
        this.roomId = roomId;
        this.runtime = runtime;
        this.client = client;
        this.profiles = profiles;
        this.subscribe = subscribe;
        this.timeout = timeout;
    }

    void publish(long videoBps) throws Exception {
        ClientConnection pub = runtime.newConnection(name + "/pub", true, true, profiles);
        publisher = pub;
        int audioSsrc = RANDOM.nextInt();
        int videoSsrc = RANDOM.nextInt();
        LocalSdp.PublishPlan plan = new LocalSdp.PublishPlan("s-" + name, "c-" + name, "a-" + name,
                audioSsrc & 0xFFFFFFFFL, "v-" + name, videoSsrc & 0xFFFFFFFFL);
        String offer = LocalSdp.publisherOffer(pub.identity(), plan, true).replace("a=setup:actpass", "a=setup:active");
        PublisherHandle h = client.publish(roomId, name, offer, timeout);
        handles.add(h);
        feedId = h.feedId();
        RemoteSdp answer = RemoteSdp.parse(h.answerSdp());
        if (!"passive".equals(answer.setup())) {
            throw new IOException(name + ": Janus answered setup:" + answer.setup() + " to our setup:active offer");
        }
        answer.candidates().forEach(pub::addRemoteCandidate);
        pub.setMedia(new SyntheticMedia(audioSsrc, videoSsrc, LocalSdp.PT_OPUS, LocalSdp.PT_VP8, "0", "1",
                name.hashCode(), videoBpsOrDefault(videoBps), System.nanoTime()));
        pub.start(answer.iceUfrag(), answer.icePwd(), answer.fingerprint());
        h.trickle(pub.localCandidate(), "0", 0);
        h.trickleCompleted();
        pub.connected().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        h.awaitWebrtcUp(timeout);
    }

    private static long videoBpsOrDefault(long bps) {
        return bps > 0 ? bps : 1_500_000;
    }

    long feedId() {
        return feedId;
    }

    @Override
    public void onPublisherAdded(SimulatedParticipant other) throws Exception {
        if (!subscribe || other == this || !(other instanceof JanusParticipant p) || p.feedId == 0) return;
        SubscriberHandle h = client.subscribe(roomId, p.feedId, timeout);
        handles.add(h);
        RemoteSdp offer = RemoteSdp.parse(h.offerSdp());
        ClientConnection sub = runtime.newConnection(name + "/sub-" + p.name, false, false, profiles);
        subscribers.add(sub);
        offer.candidates().forEach(sub::addRemoteCandidate);
        String answer = LocalSdp.subscriberAnswer(sub.identity(), offer, Set.of());
        sub.start(offer.iceUfrag(), offer.icePwd(), offer.fingerprint());
        h.start(answer);
        RemoteSdp.Section first = offer.activeSections().get(0);
        h.trickle(sub.localCandidate(), first.mid(), first.index());
        h.trickleCompleted();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long joinSentNanos() {
        return joinSentNanos;
    }

    @Override
    public ClientConnection publisher() {
        return publisher;
    }

    @Override
    public List<ClientConnection> subscriberConnections() {
        return List.copyOf(subscribers);
    }

    @Override
    public void close() {
        for (JanusPeerHandle h : handles) h.close();
        ClientConnection p = publisher;
        if (p != null) p.close();
        for (ClientConnection s : subscribers) s.close();
    }
}
