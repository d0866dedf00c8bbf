package io.patchbay.load.join;

import io.patchbay.load.LoadSettings;
import io.patchbay.load.client.ClientConnection;
import io.patchbay.load.client.ConnectionEvents;
import io.patchbay.load.peer.SrtpProfile;
import io.patchbay.load.report.JoinPhase;
import io.patchbay.load.report.JoinRecord;
import io.patchbay.load.report.JoinRun;
import io.patchbay.load.sfu.ParticipantEvents;
import io.patchbay.load.sfu.PatchbayTarget;
import io.patchbay.load.sfu.SimulatedParticipant;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code ./patchbay load --scenario join}: where the time of a join goes. {@code joinPublishers} participants join a
 * room first, each publishing audio and video and receiving everyone; then {@code joins} new participants join one
 * after another, each publishing audio and video, receiving everyone, and leaving once it has a keyframe from every
 * publisher and every publisher has one of its video (at most {@link #OWN_VIDEO_GRACE} after the rest, and
 * {@link #DEADLINE} after its start). Every join is timed
 * phase by phase ({@link JoinTimeline}); one without a keyframe by the deadline failed. Unmeasured joins for the
 * warm-up time come first.
 */
public final class JoinTimeScenario {
    /** A join with no keyframe this long after its start failed. */
    public static final Duration DEADLINE = Duration.ofSeconds(10);
    /**
     * Once the new participant's own path is done, how long its video may still take to reach the publishers in the
     * room (their renegotiation); a server that cannot add it (e.g. an SDP limit) would otherwise hold every join for
     * the whole deadline.
     */
    private static final Duration OWN_VIDEO_GRACE = Duration.ofSeconds(2);
    /** Between a leave and the next join: the server's renegotiations after the leave settle. */
    private static final Duration PAUSE = Duration.ofMillis(500);
    private static final Duration SETUP_TIMEOUT = Duration.ofSeconds(20);
    private static final String ROOM = "load-join";

    private final LoadSettings settings;
    private final PatchbayTarget target;
    private final PrintStream progress;
    /** The join being measured: the publishers' keyframe requests go to it. */
    private final AtomicReference<JoinTimeline> current = new AtomicReference<>();

    public JoinTimeScenario(LoadSettings settings, PatchbayTarget target, PrintStream progress) {
        this.settings = settings;
        this.target = target;
        this.progress = progress;
    }

    /** The publishers in the room (for diagnostics). */
    private final List<SimulatedParticipant> publishers = new ArrayList<>();

    public JoinRun run(int repetition) throws Exception {
        List<JoinRecord> records = new ArrayList<>();
        String profile;
        try {
            for (int i = 0; i < settings.joinPublishers(); i++) {
                publishers.add(target.join(ROOM, "pub" + i, true, true, SETUP_TIMEOUT, publisherInRoom(i)));
            }
            profile = srtpProfile(publishers);
            awaitMediaBetween(publishers);
            warmUp();
            for (int i = 0; i < settings.joins(); i++) {
                JoinRecord r = measureOne(i, "j" + i);
                records.add(r);
                progress.println("join " + (i + 1) + "/" + settings.joins() + ": " + summary(r));
            }
        } finally {
            current.set(null);
            for (SimulatedParticipant p : publishers) p.close();
            publishers.clear();
        }
        return new JoinRun(target.name(), target.version(), repetition, profile,
                settings.joinPublishers(), DEADLINE.toMillis(), records);
    }

    /** Unmeasured joins until the warm-up time is used: JIT, crypto and pools warm on both sides. */
    private void warmUp() throws Exception {
        if (settings.warmUp().isZero()) return;
        progress.printf("patchbay join: warming up with unmeasured joins for %d s...%n", settings.warmUp().toSeconds());
        long end = System.nanoTime() + settings.warmUp().toNanos();
        int n = 0;
        while (System.nanoTime() - end < 0) measureOne(n, "w" + n++);
    }

    /** One join: the new participant joins, publishes and subscribes; waits for its keyframes; leaves. */
    private JoinRecord measureOne(int index, String name) throws InterruptedException {
        JoinTimeline timeline = new JoinTimeline(settings.joinPublishers());
        List<String> notes = new ArrayList<>();
        current.set(timeline);
        long start = System.nanoTime();
        long deadline = start + DEADLINE.toNanos();
        SimulatedParticipant p = null;
        try {
            p = target.join(ROOM, name, true, true, DEADLINE, timeline);
            EnumSet<JoinPhase> ownPath = JoinTimeline.required();
            ownPath.remove(JoinPhase.OWN_VIDEO_AT_PUBLISHERS);
            if (timeline.await(ownPath, deadline)) {
                timeline.await(EnumSet.of(JoinPhase.OWN_VIDEO_AT_PUBLISHERS),
                        Math.min(deadline, System.nanoTime() + OWN_VIDEO_GRACE.toNanos()));
            }
        } catch (Exception e) {
            notes.add("join failed: " + e);
        }
        boolean failed = !timeline.reached(JoinPhase.FIRST_KEYFRAME);
        JoinPhase missing = timeline.firstMissing();
        if (p != null) {
            notes.addAll(p.failures());
            if (missing != null) {
                ClientConnection pub = p.publisher();
                if (pub != null) notes.add(pub.diagnostics());
                for (ClientConnection c : p.subscriberConnections()) notes.add(c.diagnostics());
            }
            p.close();
        }
        if (missing != null) {
            // What the publishers in the room saw, e.g. when our video did not reach them.
            for (SimulatedParticipant pub : publishers) {
                notes.addAll(pub.failures());
                for (ClientConnection c : pub.subscriberConnections()) notes.add(c.diagnostics());
            }
            progress.println("join " + name + " did not reach " + missing.label() + ": " + notes);
        }
        current.set(null);
        Thread.sleep(PAUSE.toMillis());
        return new JoinRecord(index, name, failed, failed && missing != null ? missing.id() : null,
                timeline.phaseMs(), List.copyOf(notes));
    }

    /**
     * What publisher {@code index} of the room reports goes to the join being measured: the keyframe requests it
     * receives, and the first keyframe of each new stream it receives (the new participant's video).
     */
    private ParticipantEvents publisherInRoom(int index) {
        ConnectionEvents publishing = new ConnectionEvents() {
            @Override
            public void keyframeRequested(long nanos) {
                JoinTimeline t = current.get();
                if (t != null) t.keyframeRequestedOfPublisher(nanos);
            }
        };
        ConnectionEvents receiving = new ConnectionEvents() {
            @Override
            public void keyframeReceived(int ssrc, long nanos) {
                JoinTimeline t = current.get();
                if (t != null) t.ownVideoKeyframeAt(index, nanos);
            }
        };
        return new ParticipantEvents() {
            @Override
            public ConnectionEvents publisher() {
                return publishing;
            }

            @Override
            public ConnectionEvents subscriber() {
                return receiving;
            }
        };
    }

    /** With several publishers, waits (bounded) until each receives media from the others. */
    private void awaitMediaBetween(List<SimulatedParticipant> publishers) throws InterruptedException {
        if (publishers.size() < 2) return;
        long deadline = System.nanoTime() + SETUP_TIMEOUT.toNanos();
        for (SimulatedParticipant p : publishers) {
            while (p.subscriberConnections().stream().allMatch(c -> c.firstMediaNanos() == 0)) {
                if (System.nanoTime() - deadline > 0) {
                    progress.println("warning: publisher " + p.name() + " receives no media from the others");
                    break;
                }
                Thread.sleep(5);
            }
        }
        Thread.sleep(PAUSE.toMillis());
    }

    private static String srtpProfile(List<SimulatedParticipant> publishers) {
        for (SimulatedParticipant p : publishers) {
            SrtpProfile profile = p.publisher() == null ? null : p.publisher().connected().getNow(null);
            if (profile != null) return profile.name();
        }
        return "";
    }

    private static String summary(JoinRecord r) {
        if (r.failed()) return "FAILED, stopped at " + r.stoppedAt() + " " + r.notes();
        return String.format(Locale.ROOT, "joined %.1f ms, first RTP %.1f ms, first keyframe %.1f ms, every keyframe"
                        + " %.1f ms", r.ms(JoinPhase.JOINED), r.ms(JoinPhase.FIRST_RTP), r.ms(JoinPhase.FIRST_KEYFRAME),
                r.ms(JoinPhase.ALL_KEYFRAMES));
    }
}
