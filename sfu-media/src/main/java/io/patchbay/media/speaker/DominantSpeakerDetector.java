package io.patchbay.media.speaker;

import java.util.Arrays;

/**
 * Active-speaker detection for one room from RFC 6464 audio levels ({@code urn:ietf:params:rtp-hdrext:ssrc-audio-level}:
 * a V bit for voice activity and a level of 0..127 -dBov, 0 loudest, 127 silence).
 *
 * <h2>Algorithm</h2>
 * After Volfin and Cohen, "Dominant Speaker Identification for Multipoint Videoconferencing" (the idea Jitsi
 * Videobridge uses), simplified from their likelihood scores to counts of speech over three windows:
 * <ol>
 *   <li>Each packet with the V bit set and a level of at most {@value #MAX_SPEECH_LEVEL_DBOV} marks its 20 ms bin as
 *       speech (several packets in one bin count once). Packets without the V bit never count, whatever their level,
 *       so steady background noise cannot win.</li>
 *   <li>Per speaker, running counts of speech bins over an immediate (300 ms), a medium (1 s) and a long (3 s)
 *       window. A speaker is <em>speaking</em> while its medium count is at least {@value #MIN_SPEAKING_BINS} bins
 *       (400 ms of speech in the last second): a 200 ms cough never gets there.</li>
 *   <li>At each {@link #evaluate}, a speaking challenger replaces the dominant speaker only when it beats it in all
 *       three windows: more speech right now (immediate), at least {@value #MEDIUM_MARGIN_BINS} bins (200 ms) more over
 *       the last second (medium), and more over the last three seconds (long). The long window is the hysteresis: a
 *       one-second interjection does not take over from someone who has been talking, while the next speaker wins
 *       once it has talked more than the old one over the last 3 s. Measured with 200 ms evaluations (see the
 *       tests): over a room silent for 3 s a new speaker wins 0.4 s after it starts; one second after the previous
 *       speaker stopped, 1 s after; taking turns with no gap, 1.6 s into the turn. Among several winning challengers
 *       the one with the most medium speech wins, then the loudest.</li>
 *   <li>The ranking is the dominant speaker first, then the others by the last evaluation at which they were
 *       speaking, most recent first (ties keep their previous order, so the ranking does not churn while several
 *       people talk at once), then those who never spoke in the order they were added. A speaker silent for longer
 *       than the windows therefore falls behind everyone who has spoken since.</li>
 *   <li>Removing the dominant speaker hands dominance at once to the next in the ranking, if that speaker has ever
 *       spoken.</li>
 * </ol>
 *
 * <table>
 *   <caption>Parameters</caption>
 *   <tr><th>name</th><th>value</th><th>why</th></tr>
 *   <tr><td>bin</td><td>20 ms</td><td>Opus packet time; one packet per bin</td></tr>
 *   <tr><td>{@link #MAX_SPEECH_LEVEL_DBOV}</td><td>70</td><td>quieter than that is room noise or another person's
 *       voice picked up from afar, even when the browser's VAD says voice</td></tr>
 *   <tr><td>immediate window</td><td>300 ms</td><td>"talking now": the challenger must out-talk the dominant speaker
 *       at this moment, so crosstalk does not flip dominance</td></tr>
 *   <tr><td>medium window</td><td>1 s</td><td>"talking in this sentence"</td></tr>
 *   <tr><td>long window</td><td>3 s</td><td>"holding the floor": hysteresis against interjections</td></tr>
 *   <tr><td>{@link #MIN_SPEAKING_BINS}</td><td>20 bins = 400 ms</td><td>a cough or a click is shorter</td></tr>
 *   <tr><td>{@link #MEDIUM_MARGIN_BINS}</td><td>10 bins = 200 ms</td><td>margin over the dominant speaker in the
 *       medium window</td></tr>
 *   <tr><td>{@link #DEFAULT_MAX_SPEAKERS}</td><td>1,000</td><td>hard cap per room; about 200 bytes per speaker</td></tr>
 * </table>
 *
 * <h2>Time</h2>
 * Times are nanoseconds of any monotonic-ish clock; only differences matter. A clock that goes backwards re-anchors
 * each speaker's current bin instead of rewinding; a jump forward beyond the long window just empties the windows.
 * Recency in the ranking counts evaluations, not clock time.
 *
 * <h2>Threads and costs</h2>
 * Not thread-safe: the room's media thread calls everything. {@link #onAudioLevel} is O(1) (a hash lookup and at most
 * 150 bin steps after a long gap) and allocates nothing; {@link #evaluate} is O(speakers) plus an insertion sort that
 * is linear when the order hardly changes, and allocates nothing either. Memory is fixed per speaker.
 */
public final class DominantSpeakerDetector {
    public static final int DEFAULT_MAX_SPEAKERS = 1000;
    public static final int MAX_SPEECH_LEVEL_DBOV = 70;
    public static final int MIN_SPEAKING_BINS = 20;
    public static final int MEDIUM_MARGIN_BINS = 10;
    /** Returned by {@link #dominantSpeaker()} when there is none. */
    public static final int NONE = -1;

    private static final long NEVER = SpeakerActivity.NEVER;

    private final int maxSpeakers;
    private final SpeakerTable table;
    /** The speakers in ranking order; {@code order[0]} is the dominant speaker when there is one. */
    private SpeakerActivity[] order = new SpeakerActivity[8];
    private int[] rankingIds = new int[8];
    private int size;
    private SpeakerActivity dominant;
    private long evaluations;
    /** Speakers were added or removed since the last evaluation. */
    private boolean membershipChanged;

    public DominantSpeakerDetector() {
        this(DEFAULT_MAX_SPEAKERS);
    }

    public DominantSpeakerDetector(int maxSpeakers) {
        if (maxSpeakers < 1) {
            throw new IllegalArgumentException("maxSpeakers must be positive: " + maxSpeakers);
        }
        this.maxSpeakers = maxSpeakers;
        this.table = new SpeakerTable(maxSpeakers);
    }

    /**
     * Adds a speaker at the end of the ranking; false when the id is already present or the room is full.
     *
     * @param id any non-negative int the caller chooses (negative ids would be confused with {@link #NONE})
     * @throws IllegalArgumentException when {@code id} is negative
     */
    public boolean addSpeaker(int id) {
        if (id < 0) {
            throw new IllegalArgumentException("speaker ids are non-negative: " + id);
        }
        if (size == maxSpeakers || table.get(id) != null) {
            return false;
        }
        SpeakerActivity speaker = new SpeakerActivity(id);
        table.put(speaker);
        if (size == order.length) {
            int grown = Math.min(maxSpeakers, size * 2);
            order = Arrays.copyOf(order, grown);
            rankingIds = Arrays.copyOf(rankingIds, grown);
        }
        order[size] = speaker;
        rankingIds[size] = id;
        size++;
        membershipChanged = true;
        return true;
    }

    /**
     * Removes a speaker; the ranking is updated at once and, when it was the dominant speaker, dominance passes to the
     * next in the ranking if that one has ever spoken. False when the id is unknown.
     */
    public boolean removeSpeaker(int id) {
        SpeakerActivity removed = table.remove(id);
        if (removed == null) {
            return false;
        }
        int at = 0;
        while (order[at] != removed) {
            at++;
        }
        System.arraycopy(order, at + 1, order, at, size - at - 1);
        System.arraycopy(rankingIds, at + 1, rankingIds, at, size - at - 1);
        size--;
        order[size] = null;
        if (removed == dominant) {
            dominant = size > 0 && order[0].lastSpokeEvaluation != NEVER ? order[0] : null;
        }
        membershipChanged = true;
        return true;
    }

    /**
     * One packet's RFC 6464 audio level. Unknown ids are ignored; levels outside 0..127 are clamped.
     *
     * @param levelDbov level in -dBov, 0 loudest, 127 silence
     * @param voice     the extension's V bit
     */
    public void onAudioLevel(int id, int levelDbov, boolean voice, long nowNanos) {
        SpeakerActivity speaker = table.get(id);
        if (speaker == null) {
            return;
        }
        int level = Math.max(0, Math.min(127, levelDbov));
        speaker.onLevel(voice && level <= MAX_SPEECH_LEVEL_DBOV ? 128 - level : 0, nowNanos);
    }

    /**
     * Brings every speaker's windows up to {@code nowNanos}, decides the dominant speaker and re-ranks. Call every
     * 100-300 ms.
     *
     * @return whether the ranking (or the set of speakers) changed since the previous evaluation
     */
    public boolean evaluate(long nowNanos) {
        long stamp = ++evaluations;
        for (int i = 0; i < size; i++) {
            SpeakerActivity speaker = order[i];
            speaker.advanceTo(nowNanos);
            if (speaker.medium() >= MIN_SPEAKING_BINS) {
                speaker.lastSpokeEvaluation = stamp;
            }
        }
        SpeakerActivity challenger = null;
        for (int i = 0; i < size; i++) {
            SpeakerActivity candidate = order[i];
            if (candidate != dominant && candidate.medium() >= MIN_SPEAKING_BINS && beats(candidate, dominant)
                    && (challenger == null || stronger(candidate, challenger))) {
                challenger = candidate;
            }
        }
        if (challenger != null) {
            dominant = challenger;
        }
        sortRanking();
        boolean changed = membershipChanged;
        membershipChanged = false;
        for (int i = 0; i < size; i++) {
            if (rankingIds[i] != order[i].id) {
                rankingIds[i] = order[i].id;
                changed = true;
            }
        }
        return changed;
    }

    private static boolean beats(SpeakerActivity challenger, SpeakerActivity dominant) {
        return dominant == null
                || challenger.immediate() > dominant.immediate()
                        && challenger.medium() >= dominant.medium() + MEDIUM_MARGIN_BINS
                        && challenger.longTerm() > dominant.longTerm();
    }

    private static boolean stronger(SpeakerActivity a, SpeakerActivity b) {
        if (a.medium() != b.medium()) {
            return a.medium() > b.medium();
        }
        return a.mediumLoudness() > b.mediumLoudness();
    }

    /** Stable insertion sort: dominant first, then the most recently speaking; ties keep the previous order. */
    private void sortRanking() {
        for (int i = 1; i < size; i++) {
            SpeakerActivity speaker = order[i];
            int j = i - 1;
            while (j >= 0 && before(speaker, order[j])) {
                order[j + 1] = order[j];
                j--;
            }
            order[j + 1] = speaker;
        }
    }

    private boolean before(SpeakerActivity a, SpeakerActivity b) {
        if (a == dominant || b == dominant) {
            return a == dominant;
        }
        return a.lastSpokeEvaluation > b.lastSpokeEvaluation;
    }

    /** The dominant speaker's id, or {@link #NONE}. */
    public int dominantSpeaker() {
        return dominant == null ? NONE : dominant.id;
    }

    public int rankingSize() {
        return size;
    }

    /** How many leading entries of the ranking have spoken at all (the rest never did, in the order they came). */
    public int spokenCount() {
        int n = 0;
        while (n < size && order[n].lastSpokeEvaluation != NEVER) n++;
        return n;
    }

    /** Copies the ranking (as of the last evaluation or membership change) into {@code out}; returns how many. */
    public int ranking(int[] out) {
        int n = Math.min(out.length, size);
        System.arraycopy(rankingIds, 0, out, 0, n);
        return n;
    }

    /** A copy of the ranking; allocates, so not for the packet path. */
    public int[] ranking() {
        return Arrays.copyOf(rankingIds, size);
    }
}
