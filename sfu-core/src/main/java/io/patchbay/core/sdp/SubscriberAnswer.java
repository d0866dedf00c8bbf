package io.patchbay.core.sdp;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a subscriber's answer tells the server.
 *
 * @param remote the subscriber's transport (from the first m-section of its BUNDLE group); present whenever the
 *        answer keeps any m-section open, so always when {@code acceptedMids} is not empty
 * @param acceptedMids mids the subscriber will receive on (port not 0, recvonly or sendrecv), in m-section order
 * @param redMids accepted mids whose answer kept Opus RED ({@link CodecTable#RED_PT}); the others get plain Opus
 * @param undecodableMids mids offered to receive a track whose codec the answer does not take (the section rejected
 *        with port 0, as JSEP does when no codec is in common, or answered without the offered codec): the
 *        subscriber cannot decode that track, so nothing is sent on them and the subscriber is told
 */
public record SubscriberAnswer(Optional<RemoteTransport> remote, Set<String> acceptedMids, Set<String> redMids,
                               Set<String> undecodableMids) {

    public SubscriberAnswer(Optional<RemoteTransport> remote, Set<String> acceptedMids) {
        this(remote, acceptedMids, Set.of(), Set.of());
    }

    public SubscriberAnswer {
        redMids = Collections.unmodifiableSet(new LinkedHashSet<>(redMids));
        undecodableMids = Collections.unmodifiableSet(new LinkedHashSet<>(undecodableMids));
        Objects.requireNonNull(remote, "remote");
        acceptedMids = Collections.unmodifiableSet(new LinkedHashSet<>(acceptedMids));
        if (remote.isEmpty() && !acceptedMids.isEmpty()) {
            throw new IllegalArgumentException("accepted mids need a transport");
        }
    }

    public boolean accepted(String mid) {
        return acceptedMids.contains(mid);
    }

    public boolean acceptsRed(String mid) {
        return redMids.contains(mid);
    }

    public boolean undecodable(String mid) {
        return undecodableMids.contains(mid);
    }
}
