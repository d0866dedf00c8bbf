package io.patchbay.core.sdp;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
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
 * @param undecodableMids mids offered to receive a track none of whose codecs the answer takes (the section rejected
 *        with port 0, as JSEP does when no codec is in common, or answered without any offered codec): the
 *        subscriber cannot decode that track, so nothing is sent on them and the subscriber is told
 * @param decodablePayloadTypes per accepted mid, the offered media codecs (their canonical payload types) the answer
 *        kept: what the subscriber decodes of that track
 */
public record SubscriberAnswer(Optional<RemoteTransport> remote, Set<String> acceptedMids, Set<String> redMids,
                               Set<String> undecodableMids, Map<String, Set<Integer>> decodablePayloadTypes) {

    public SubscriberAnswer(Optional<RemoteTransport> remote, Set<String> acceptedMids) {
        this(remote, acceptedMids, Set.of(), Set.of(), Map.of());
    }

    public SubscriberAnswer(Optional<RemoteTransport> remote, Set<String> acceptedMids, Set<String> redMids,
                            Set<String> undecodableMids) {
        this(remote, acceptedMids, redMids, undecodableMids, Map.of());
    }

    public SubscriberAnswer {
        redMids = Collections.unmodifiableSet(new LinkedHashSet<>(redMids));
        undecodableMids = Collections.unmodifiableSet(new LinkedHashSet<>(undecodableMids));
        Map<String, Set<Integer>> decodable = new LinkedHashMap<>();
        decodablePayloadTypes.forEach((mid, pts) -> decodable.put(mid, Set.copyOf(pts)));
        decodablePayloadTypes = Collections.unmodifiableMap(decodable);
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

    /**
     * The canonical payload types of the track's codecs that the answer kept for {@code mid}; empty when it kept none
     * or the mid was not accepted.
     */
    public Set<Integer> decodable(String mid) {
        return decodablePayloadTypes.getOrDefault(mid, Set.of());
    }

    public boolean undecodable(String mid) {
        return undecodableMids.contains(mid);
    }
}
