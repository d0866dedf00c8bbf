/**
 * Patchbay browser client.
 *
 * A small ES module without dependencies or build step:
 *
 * ```js
 * import { Room } from '/patchbay.js';
 * const room = new Room();
 * room.addEventListener('trackadded', (e) => attach(e.detail.participant, e.detail.stream));
 * await room.join({ room: 'r1', name: 'alice' });
 * await room.publish(await navigator.mediaDevices.getUserMedia({ audio: true, video: true }));
 * room.setMuted('audio', true);
 * room.leave();
 * ```
 *
 * Simulcast and subscriber control (docs/protocol.md, "Simulcast" and "Subscriber control"):
 *
 * ```js
 * await room.join({ room: 'r1', name: 'bob', autoSubscribe: false }); // receive only what is subscribed
 * await room.publish(stream, { simulcast: true });                 // video as three encodings q, h, f
 * room.subscribe([trackId]);
 * room.updateSubscription(trackId, { maxHeight: 360 });            // or { paused: true }
 * room.unsubscribe([trackId]);
 * ```
 *
 * Screen sharing and pins (docs/protocol.md, "Active speakers and last-N"): a screen share is announced with
 * `source: "screen"`, served before every camera and forwarded to everyone whatever the room's last-N; a pinned
 * participant's video comes in addition to the last-N speakers.
 *
 * ```js
 * const screen = await navigator.mediaDevices.getDisplayMedia({ video: true });
 * await room.publishScreen(screen);                                // or room.publish(screen, { source: 'screen' })
 * await room.unpublish(screen);                                    // also when the browser's "Stop sharing" ends it
 * room.addEventListener('trackadded', (e) => {
 *   if (e.detail.source === 'screen') showScreen(e.detail.participant, e.detail.stream); // a stream of its own
 * });
 * room.pin([participantId]);                                       // room.pin([]) unpins
 * ```
 *
 * Signaling runs over one WebSocket (`/ws`, JSON text messages, see docs/protocol.md). Media uses two
 * peer connections: `publisher` (this client offers, sendonly) and `subscriber` (the server offers
 * whenever the set of forwarded tracks changes; this client answers). Each forwarded m-section in a
 * subscriber offer carries `a=msid:<participantId> <trackId>`, which is how remote media is mapped to
 * participants.
 *
 * The session survives network changes by itself (docs/protocol.md, "Session lifecycle"):
 * - a peer connection that goes `disconnected` (for more than a second) or `failed` gets an ICE restart;
 * - a lost WebSocket is reopened with backoff and the session resumed with the `reconnectToken` of the last
 *   `joined`: peer connections, tracks and participants stay as they are;
 * - only when the server refuses the resume (or it did not happen within 30 s) does the client rejoin as a new
 *   participant: new peer connections, the same local tracks published again, remote participants reset.
 *
 * Events (all {@link CustomEvent}s dispatched on the Room):
 * - `participantjoined`  detail: {participant}
 * - `participantleft`    detail: {participant, reason} reason: the server's (`left`, `timeout`, `removed`,
 *                        `room-closed`), or `unknown` when the client only learnt from a resumed or new
 *                        `joined` that the participant is gone
 * - `trackadded`         detail: {participant, track: MediaStreamTrack, stream: MediaStream, trackId, kind, source,
 *                        muted}; `stream` is the participant's (camera and microphone,
 *                        {@link RemoteParticipant#stream}), or for a screen share (`source` "screen") a stream of its
 *                        own ({@link RemoteTrack#stream})
 * - `trackremoved`       detail: {participant, track: MediaStreamTrack, stream: MediaStream, trackId, kind, source}
 * - `trackmuted`         detail: {participant, trackId, kind, muted, local}
 * - `error`              detail: {code, message}; `codec-not-supported` and `codec-not-sent` add {trackId,
 *                        participantId, codec, codecs}: this browser cannot decode that track in the codec it is
 *                        sent in, so it gets no media for it
 * - `connectionstatechange` detail: {state, previous}
 * - `reconnecting`       detail: {reason, resume} the signaling socket was lost; `resume`: whether the session
 *                        is being resumed (false: a full rejoin follows)
 * - `reconnected`        detail: {resumed, participantId, previousParticipantId} signaling is back; `resumed`
 *                        false means this client rejoined as a new participant (new participant id)
 * - `participantsreset`  detail: {reason, participants} both peer connections were closed for a full rejoin:
 *                        every remote track was removed (`trackremoved` was sent for each); the participant list
 *                        is reconciled with the server's when the rejoin's `joined` arrives
 * - `lifecycle`          detail: one {@link LifecycleEntry} (also appended to {@link Room#lifecycle})
 * - `activespeakers`     detail: {speakers} participant ids, the dominant speaker first (also {@link Room#activeSpeakers})
 * - `draining`           detail: {} the server is draining; the client rejoins through the same URL (another server)
 *                        by itself: `reconnecting`, then `reconnected` with `resumed: false`
 * - `signal`             detail: {direction: 'in'|'out', message} (every signaling message, for debugging)
 *
 * @module patchbay
 */

/** @typedef {'audio'|'video'} TrackKind */
/**
 * What a track captures: `camera` (video) and `microphone` (audio) by default, `screen` for what
 * {@link Room#publishScreen} publishes (video, or the audio getDisplayMedia captured with it).
 * @typedef {'camera'|'microphone'|'screen'} TrackSource
 */
/** @typedef {'publisher'|'subscriber'} PcRole */

/**
 * Connection state of a {@link Room}.
 * `new` before join; `connecting` until signaling is up and every started peer connection is connected;
 * `connected`; `disconnected` while a peer connection has lost connectivity (an ICE restart is under way);
 * `reconnecting` while the signaling socket is being reopened (resume or rejoin);
 * `failed` when the session is over without leave(): the server ended it (`unauthorized`, `removed`,
 * `room-closed`, another socket took it over) or no signaling connection could be made for `reconnectTimeoutMs`;
 * `closed` after leave().
 * @typedef {'new'|'connecting'|'connected'|'disconnected'|'reconnecting'|'failed'|'closed'} RoomConnectionState
 */

/**
 * One session lifecycle transition, as recorded in {@link Room#lifecycle}. `t` is `performance.now()`.
 * Events: `socket-lost` {reason} (also when the client drops the socket itself to rejoin), `resume-failed` {message},
 * `media-reset` {reason} (peer connections closed for a full rejoin), `resumed` {downMs}, `rejoined`
 * {participantId, downMs}, `ice-restart` {pc, reason: disconnected|failed|transport-failed|retry|resumed|network
 * change}, `ice-recovered` {pc, downMs} (connected again after a restart), `gave-up` {reason, pc?} (ICE restarts
 * given up for a full rejoin, or the session given up: state `failed`), `publish-codec` {trackId, codec} (the server
 * asked for another of a track's codecs; the publisher connection offers again with it first), `draining`.
 * @typedef {{t: number, event: string, pc?: PcRole, reason?: string}} LifecycleEntry
 */

/**
 * `performance.now()` (ms) of the first occurrence of each step of the join; null until it happened. Later
 * reconnections do not overwrite them.
 * @typedef {object} JoinTiming
 * @property {?number} joinStarted              join() was called
 * @property {?number} wsOpen                   the WebSocket opened
 * @property {?number} joined                   `joined` arrived
 * @property {?number} publisherOfferSent       the first publisher `offer` was sent
 * @property {?number} publisherAnswerReceived  its `answer` arrived
 * @property {?number} publisherIceConnected    publisher iceConnectionState connected
 * @property {?number} publisherConnected       publisher connectionState connected (ICE and DTLS)
 * @property {?number} subscriberOfferReceived  the first subscriber `offer` arrived
 * @property {?number} subscriberAnswerSent     its `answer` was sent
 * @property {?number} subscriberIceConnected   subscriber iceConnectionState connected
 * @property {?number} subscriberConnected      subscriber connectionState connected (ICE and DTLS)
 * @property {?number} firstRemoteTrack         the first remote track was added (`trackadded`)
 * @property {?number} firstRemoteFrame         the first remote video frame was decoded (getStats
 *                                              framesDecoded > 0, polled every 20 ms while connected)
 */

/**
 * Per remote track inbound statistics, as returned by {@link Room#getStats}.
 * @typedef {object} TrackStats
 * @property {?string} participantId  null when the stream is no longer mapped to a forwarded track
 * @property {?string} participantName
 * @property {?string} trackId        the server's track id
 * @property {TrackKind} kind
 * @property {?string} mid
 * @property {number} ssrc
 * @property {number} packetsReceived
 * @property {number} packetsLost
 * @property {number} bytesReceived
 * @property {number} jitter          seconds
 * @property {number} nackCount
 * @property {number} [pliCount]      video only
 * @property {number} [framesReceived] video only
 * @property {number} [framesDecoded] video only
 * @property {number} [framesDropped] video only
 * @property {number} [frameWidth]    video only
 * @property {number} [frameHeight]   video only
 * @property {number} [framesPerSecond] video only
 * @property {number} [freezeCount]   video only
 * @property {number} [totalFreezesDuration] video only, seconds
 * @property {number} [audioLevel]    audio only, 0..1
 * @property {number} [concealedSamples] audio only
 * @property {?string} codec          mime type, e.g. "video/VP8"
 * @property {?string} codecFmtp      its format parameters, e.g. "profile-id=2" (VP9 profile 2)
 */

/** Reconnect delays after a lost socket, per attempt (the last one repeats). */
const RECONNECT_BACKOFF_MS = [0, 250, 500, 1000, 2000];
/** The server keeps a lost session this long (Session lifecycle); after it the client rejoins instead. */
const RESUME_WINDOW_MS = 30_000;
/** A reconnect attempt that has not produced `joined` by then is abandoned for the next one. */
const SOCKET_ATTEMPT_TIMEOUT_MS = 5_000;
/**
 * When media connectivity drops, the socket is probed with `get-stats`: a socket that brings back nothing within
 * this time is taken for dead. A browser may not notice for minutes that the TCP connection under a WebSocket is
 * gone (no RST after a network change), while the server already counts the session as lost.
 */
const SOCKET_PROBE_TIMEOUT_MS = 4_000;
/** `disconnected` often heals by itself (consent checks lost for a moment); restart ICE only if it lasts. */
const ICE_DISCONNECTED_DEBOUNCE_MS = 1_000;
/** One ICE restart in flight per connection; a connection still down after this gets another one. */
const ICE_RESTART_RETRY_MS = 3_000;
/**
 * A connection that has not recovered after this many ms of restarts is given up: the server removes a participant
 * whose media has been silent for 20 s, so the client rejoins as a new participant.
 */
const ICE_GIVE_UP_MS = 30_000;
/** getStats poll interval while waiting for the first decoded remote frame, and for how long at most. */
const FIRST_FRAME_POLL_MS = 20;
const FIRST_FRAME_POLL_LIMIT_MS = 30_000;
/** Errors answering a reconnect `join` that no retry can fix. */
const JOIN_REFUSALS = new Set(['unauthorized', 'invalid-room', 'invalid-name', 'room-closed', 'removed']);
/** Bounds of the diagnostic lists. */
const LIFECYCLE_LIMIT = 1000;
const OUTBOX_LIMIT = 500;

/**
 * The encodings of a simulcast video track, lowest first: quarter, half and full resolution (the rids the server
 * answers in this order, and names in `layers-wanted`), each with three temporal layers (`L1T3`: a quarter, half and
 * all of the frame rate), so that the server can lower a subscriber's frame rate without a switch (`maxFrameRate`,
 * or a tight link). A browser that refuses `scalabilityMode` gets the same encodings without it.
 */
export const SIMULCAST_ENCODINGS = Object.freeze([
  { rid: 'q', scaleResolutionDownBy: 4, maxBitrate: 150000, scalabilityMode: 'L1T3' },
  { rid: 'h', scaleResolutionDownBy: 2, maxBitrate: 500000, scalabilityMode: 'L1T3' },
  { rid: 'f', maxBitrate: 1500000, scalabilityMode: 'L1T3' },
]);

/** A track as announced by the server (`track-published`), optionally with its received media. */
export class RemoteTrack {
  /**
   * @param {string} id the server's track id
   * @param {TrackKind} kind
   * @param {boolean} muted
   * @param {string[]} [layers] the rids of its simulcast encodings, lowest first (empty without simulcast)
   * @param {TrackSource} [source] what it captures (its kind's default when the server did not say)
   */
  constructor(id, kind, muted, layers = [], source = defaultSource(kind)) {
    /** @type {string} */ this.id = id;
    /** @type {TrackKind} */ this.kind = kind;
    /** @type {boolean} */ this.muted = muted;
    /** @type {string[]} */ this.layers = layers;
    /** @type {TrackSource} */ this.source = source;
    /** @type {?MediaStreamTrack} the received media, once the subscriber connection carries it */
    this.mediaTrack = null;
    /**
     * @type {?MediaStream} a screen share's own stream while it is received (a participant's screen is not mixed
     * into {@link RemoteParticipant#stream}, which holds one video: its camera); null for other tracks
     */
    this.stream = null;
    /** @type {?string} the subscriber m-section carrying it */
    this.mid = null;
  }
}

/** @param {TrackKind} kind @returns {TrackSource} the source of a track whose publisher did not say */
function defaultSource(kind) {
  return kind === 'audio' ? 'microphone' : 'camera';
}

/**
 * Puts Opus RED (RFC 2198) first among the audio codecs this transceiver sends, when the browser has it: each packet
 * then also carries the previous frame, so single losses cost no audio. Patchbay forwards RED to receivers that
 * accept it and strips it to plain Opus for the others.
 * @param {RTCRtpTransceiver} transceiver
 */
function preferRedForAudio(transceiver) {
  const caps = typeof RTCRtpSender.getCapabilities === 'function' ? RTCRtpSender.getCapabilities('audio') : null;
  if (!caps || typeof transceiver.setCodecPreferences !== 'function') return;
  const red = caps.codecs.filter((c) => c.mimeType.toLowerCase() === 'audio/red');
  if (red.length === 0) return;
  const others = caps.codecs.filter((c) => c.mimeType.toLowerCase() !== 'audio/red');
  try {
    transceiver.setCodecPreferences([...red, ...others]);
  } catch (e) {
    console.debug('patchbay: cannot prefer RED', e);
  }
}

/**
 * The server's answer with `usedtx=1` on the Opus format of these audio sections: an answer's format parameters are
 * what its side prefers to receive (RFC 7587 section 7), so this is how the browser is told it may send DTX. The
 * server forwards whatever the publisher sends; only this page's view of the answer changes.
 * @param {string} sdp @param {string[]} mids @returns {string}
 */
function withOpusDtx(sdp, mids) {
  if (mids.length === 0) return sdp;
  const sections = sdp.split(/(?=\r\nm=)/);
  return sections.map((section) => {
    const mid = /\r\na=mid:(\S+)/.exec(section)?.[1];
    if (!section.startsWith('\r\nm=audio') || !mids.includes(mid)) return section;
    const opus = [...section.matchAll(/\r\na=rtpmap:(\d+) opus\/48000/gi)].map((m) => m[1]);
    return section.replace(/\r\na=fmtp:(\d+) ([^\r]*)/g, (line, pt, params) =>
      (opus.includes(pt) && !/(^|;)\s*usedtx=/.test(params) ? `\r\na=fmtp:${pt} ${params};usedtx=1` : line));
  }).join('');
}

/**
 * Puts a codec first in what the transceiver offers (the server publishes a track with the first codec it supports).
 * @param {RTCRtpTransceiver} transceiver
 * @param {string} codec a codec name (`VP9`, `H264`, `AV1`, `VP8`), optionally with format parameters its variant
 *        must have after a semicolon: `VP9;profile-id=2`, `H264;profile-level-id=4d001f`
 */
function preferCodec(transceiver, codec) {
  const caps = typeof RTCRtpSender.getCapabilities === 'function' ? RTCRtpSender.getCapabilities('video') : null;
  if (!caps || typeof transceiver.setCodecPreferences !== 'function') return;
  const [name, ...params] = String(codec).split(';');
  const mimeType = `video/${name.trim().toLowerCase()}`;
  const fmtp = (c) => `;${c.sdpFmtpLine ?? ''};`;
  const wanted = (c) => c.mimeType.toLowerCase() === mimeType && params.every((p) => fmtp(c).includes(`;${p.trim()};`));
  const first = caps.codecs.filter(wanted);
  if (first.length === 0) throw new Error(`this browser does not send ${codec}`);
  // A variant asked for by its parameters: the codec's other variants go (the server would take the most widely
  // decodable one, H264 Constrained Baseline, if it were offered too); other codecs stay as fallbacks.
  const rest = caps.codecs.filter((c) => !wanted(c) && !(params.length > 0 && c.mimeType.toLowerCase() === mimeType));
  transceiver.setCodecPreferences([...first, ...rest]);
}

/** Another participant of the room. */
export class RemoteParticipant {
  /**
   * @param {string} id
   * @param {string} name
   */
  constructor(id, name) {
    /** @type {string} */ this.id = id;
    /** @type {string} */ this.name = name;
    /** @type {Map<string, RemoteTrack>} by server track id */
    this.tracks = new Map();
    /** @type {MediaStream} all received media of this participant; attach it to a media element */
    this.stream = new MediaStream();
  }

  /** @returns {boolean} whether the participant's (first) camera or microphone track of that kind is muted or absent */
  isMuted(/** @type {TrackKind} */ kind) {
    for (const t of this.tracks.values()) if (t.kind === kind && t.source !== 'screen') return t.muted;
    return true;
  }
}

/** One of our own published tracks. */
class LocalTrack {
  constructor(/** @type {MediaStreamTrack} */ track, /** @type {MediaStream} */ stream, simulcast = false,
    screen = false, /** @type {?string} */ svc = null) {
    this.track = track;
    /** @type {TrackSource} told to the server in the offer's `sources` when it is a screen */
    this.source = screen ? 'screen' : defaultSource(/** @type {TrackKind} */ (track.kind));
    /** video sent as the {@link SIMULCAST_ENCODINGS} */
    this.simulcast = simulcast && track.kind === 'video';
    /** video sent as one VP9 SVC encoding with this scalability mode (e.g. `L3T3_KEY`), or null */
    this.svc = track.kind === 'video' && !this.simulcast ? svc : null;
    /** the stream it was published with (its id is the msid stream id of our offer) */
    this.stream = stream;
    this.kind = /** @type {TrackKind} */ (track.kind);
    /** @type {?string} the video codec asked for in publish(), as {@link preferCodec} takes it */
    this.videoCodec = null;
    /** audio: Opus discontinuous transmission asked for in publish() ({@link withOpusDtx}) */
    this.dtx = false;
    /** @type {?RTCRtpTransceiver} null while no publisher connection exists (during a full rejoin) */
    this.transceiver = null;
    /** @type {?string} the server's id for this track, learnt from `track-published` */
    this.serverTrackId = null;
    this.muted = !track.enabled;
    /** whether the server has to be told about the mute state once the id is known (or the socket is back) */
    this.muteUnsent = this.muted;
  }
}

/** Error carrying a protocol error code. */
export class PatchbayError extends Error {
  constructor(/** @type {string} */ code, /** @type {string} */ message) {
    super(`${code}: ${message}`);
    this.name = 'PatchbayError';
    /** @type {string} */ this.code = code;
  }
}

/** Offer/answer state of one publisher peer connection (a rejoin starts a new one). */
class PublisherNegotiation {
  constructor(/** @type {RTCPeerConnection} */ pc) {
    this.pc = pc;
    this.negotiating = false;
    /** changes piled up during a negotiation: offer again once it is done */
    this.again = false;
    /** the next offer restarts ICE (new ice-ufrag/ice-pwd) */
    this.iceRestart = false;
    /** @type {Set<RTCRtpTransceiver>} the transceivers the offer being negotiated includes */
    this.covered = new Set();
    /**
     * The offer waiting for its answer, with the `sources` of its sections (by mid). Kept until answered so that it
     * can be sent again on a resumed socket (the server does not repeat answers, and the first copy may never have
     * arrived).
     * @type {?{sdp: string, sources: Object<string, TrackSource>, resolve: (sdp: string) => void,
     *   reject: (e: Error) => void, timer: any}}
     */
    this.offer = null;
  }
}

/** ICE-restart bookkeeping of one peer connection. */
class IceWatch {
  /** timer: `disconnected` has to last ICE_DISCONNECTED_DEBOUNCE_MS before a restart */
  debounce = null;
  /** timer: the restart in flight; when it fires and the connection is still down, restart again */
  retry = null;
  inFlight = false;
  /** a restart is owed but the socket is down: done right after the resume */
  pending = false;
  /** performance.now() when the connection went down (0 = up) */
  downSince = 0;
  /** whether a restart was started since it went down */
  restarted = false;

  clear() {
    clearTimeout(this.debounce);
    clearTimeout(this.retry);
    this.debounce = null;
    this.retry = null;
    this.inFlight = false;
    this.pending = false;
    this.downSince = 0;
    this.restarted = false;
  }
}

/** @param {RTCPeerConnection} pc @returns {boolean} whether ICE or DTLS lost connectivity */
function isDown(pc) {
  return pc.iceConnectionState === 'disconnected' || pc.iceConnectionState === 'failed'
    || pc.connectionState === 'disconnected' || pc.connectionState === 'failed';
}

/** Whether the connection's selected candidate pair goes through a TURN relay on our side. */
async function usesRelay(pc) {
  try {
    const stats = await pc.getStats();
    let pairId = null;
    stats.forEach((s) => { if (s.type === 'transport' && s.selectedCandidatePairId) pairId = s.selectedCandidatePairId; });
    const pair = pairId ? stats.get(pairId) : null;
    const local = pair ? stats.get(pair.localCandidateId) : null;
    return local?.candidateType === 'relay';
  } catch (e) {
    return false;
  }
}

/** @param {RTCPeerConnection} pc @returns {boolean} */
function isUp(pc) {
  return (pc.iceConnectionState === 'connected' || pc.iceConnectionState === 'completed') && !isDown(pc);
}

/**
 * One participant's session in a room: the signaling WebSocket and the two peer connections.
 */
/**
 * End-to-end encryption of one Room: a worker (`/patchbay-e2ee.js`) that holds the key and transforms the encoded
 * frames of every sender (encrypt) and receiver (decrypt), through RTCRtpScriptTransform where the browser has it,
 * else Chromium's createEncodedStreams.
 */
class E2ee {
  decryptFailures = 0;
  #worker;
  #attached = new WeakSet();

  constructor(passphrase, workerUrl) {
    if (typeof passphrase !== 'string' || passphrase.length === 0) {
      throw new TypeError('e2eeKey must be a non-empty string');
    }
    const encodedStreams = typeof RTCRtpSender !== 'undefined'
      && typeof RTCRtpSender.prototype.createEncodedStreams === 'function';
    if (typeof Worker !== 'function' || (typeof RTCRtpScriptTransform !== 'function' && !encodedStreams)) {
      throw new Error('this browser cannot transform encoded frames: end-to-end encryption is not available');
    }
    this.#worker = new Worker(workerUrl, { name: 'patchbay-e2ee' });
    this.#worker.onmessage = (e) => {
      if (e.data?.type === 'decrypt-failures') this.decryptFailures = e.data.count;
    };
    this.#worker.postMessage({ type: 'key', passphrase });
  }

  /** Without RTCRtpScriptTransform: the peer connections need `encodedInsertableStreams`. */
  get needsEncodedStreams() {
    return typeof RTCRtpScriptTransform !== 'function';
  }

  /** Puts the transform on a sender or receiver, once. */
  attach(senderOrReceiver, operation, kind) {
    if (this.#attached.has(senderOrReceiver)) return;
    this.#attached.add(senderOrReceiver);
    if (typeof RTCRtpScriptTransform === 'function') {
      senderOrReceiver.transform = new RTCRtpScriptTransform(this.#worker, { operation, kind });
      return;
    }
    const { readable, writable } = senderOrReceiver.createEncodedStreams();
    this.#worker.postMessage({ type: 'streams', operation, kind, readable, writable }, [readable, writable]);
  }
}

export class Room extends EventTarget {
  /** @type {string} */ #url;
  /** @type {?RTCIceServer[]} */ #iceServersOverride;
  /** @type {RTCIceTransportPolicy} */ #iceTransportPolicy;
  /** @type {number} */ #timeoutMs;
  /** @type {boolean} */ #reconnect;
  /** @type {?string[]} lower-case video mime types this page decodes, or null for all */ #receiveCodecs = null;
  /** @type {number} */ #reconnectTimeoutMs;
  /** End-to-end encryption ({@link E2ee}), or null. */
  #e2ee = null;
  /** @type {?WebSocket} the socket of the session (null while reconnecting) */ #ws = null;
  /** @type {?RTCPeerConnection} */ #publisher = null;
  /** @type {?RTCPeerConnection} */ #subscriber = null;
  /** @type {?PublisherNegotiation} */ #pub = null;
  /** @type {RoomConnectionState} */ #state = 'new';
  /** set by leave() and by a final failure: nothing restarts after it */
  #terminated = false;
  /** @type {string[]} the last `active-speakers` */
  #activeSpeakers = [];
  /** @type {Map<string, RemoteParticipant>} */ #participants = new Map();
  /** Ids for which `participantjoined` was dispatched (and not yet `participantleft`). @type {Set<string>} */
  #announced = new Set();
  /** Ids of participants that left, so that late media for them is ignored. @type {Set<string>} */
  #departed = new Set();
  /** @type {LocalTrack[]} */ #localTracks = [];
  /** Candidates that arrived before the remote description, per pc. */
  #pendingCandidates = { publisher: [], subscriber: [] };
  /** Our candidates gathered while the socket was down, sent after the resume. @type {{pc: RTCPeerConnection, message: object}[]} */
  #outbox = [];
  /** Subscriber m-sections by mid, from the last applied remote offer. @type {Map<string, MsidSection>} */
  #subscriberSections = new Map();
  /** The sections of the offer being applied (for `track` events, which fire inside setRemoteDescription). */
  /** @type {?Map<string, MsidSection>} */ #incomingSections = null;
  /** Serializes work on the subscriber pc (offers are applied in order). */
  #subscriberChain = Promise.resolve();
  /** Callers of publish() waiting for the next completed negotiation. */
  #publisherWaiters = [];
  /** @type {?{resolve: (msg: object) => void, reject: (e: Error) => void}} */ #joinWaiter = null;
  /** @type {?{room: string, name: string, token?: string}} what join() was called with, for the rejoins */
  #joinParams = null;
  /** @type {Set<string>} tracks asked for with subscribe() (sent again after a full rejoin without autoSubscribe) */
  #subscribed = new Set();
  /** @type {Map<string, object>} the last update-subscription message per track (sent again after a full rejoin) */
  #preferences = new Map();
  /** @type {string[]} participants pinned with pin() (sent again after a full rejoin) */
  #pinned = [];
  /** @type {?string} from the last `joined`; resumes the session after a lost socket */
  #reconnectToken = null;
  /** @type {?string} an error code after which the server closes the socket for good */
  #sessionEnded = null;
  /**
   * The reconnection under way, if any.
   * @type {?{startedAt: number, attempt: number, timer: any, attemptTimer: any, ws: ?WebSocket, resume: boolean}}
   */
  #recovery = null;
  /** @type {{publisher: IceWatch, subscriber: IceWatch}} */
  #ice = { publisher: new IceWatch(), subscriber: new IceWatch() };
  /** @type {?{ws: WebSocket, timer: any}} a liveness probe of the socket in flight */
  #probe = null;
  /** @type {any} timer of the first-frame poll */
  #framePoll = null;
  #framePollStartedAt = 0;
  /** @type {Array<(stats: object) => void>} */
  #statsWaiters = [];
  #networkListening = false;

  /** @type {?string} our participant id, set once joined (it changes when a full rejoin was needed) */
  participantId = null;
  /** @type {?string} the room name, set once joined */
  roomName = null;
  /** Whether the room is end-to-end encrypted (created with `e2ee`; joining it needs `e2eeKey`), set once joined */
  e2ee = false;
  /** @type {?string} our display name */
  name = null;
  /** @type {JoinTiming} */
  timing = {
    joinStarted: null, wsOpen: null, joined: null,
    publisherOfferSent: null, publisherAnswerReceived: null, publisherIceConnected: null, publisherConnected: null,
    subscriberOfferReceived: null, subscriberAnswerSent: null, subscriberIceConnected: null, subscriberConnected: null,
    firstRemoteTrack: null, firstRemoteFrame: null,
  };
  /** @type {LifecycleEntry[]} session lifecycle transitions, oldest first */
  lifecycle = [];
  /** how many times the signaling socket was lost (each starts a resume or rejoin) */
  reconnectCount = 0;
  /** how many sockets were opened to reconnect */
  reconnectAttempts = 0;
  /** ICE restarts started, per connection */
  iceRestarts = { publisher: 0, subscriber: 0 };

  /**
   * @param {object} [options]
   * @param {string} [options.url] signaling WebSocket URL; default `ws(s)://<this host>/ws`
   * @param {RTCIceServer[]} [options.iceServers] overrides the ICE servers the server sends in `joined`
   * @param {number} [options.timeoutMs=10000] how long join() and each publisher negotiation may take
   * @param {RTCIceTransportPolicy} [options.iceTransportPolicy='all'] 'relay' forces media through TURN
   * @param {boolean} [options.reconnect=true] resume (or rejoin) by itself when the signaling socket is lost;
   *        false: a lost socket ends the session (state `failed`)
   * @param {number} [options.reconnectTimeoutMs=120000] give up (state `failed`) when no signaling connection
   *        could be made for this long
   * @param {string} [options.e2eeKey] end-to-end encryption with this passphrase, which every participant of the room
   *        must use (docs/protocol.md, "End-to-end encryption"): frames are encrypted before they leave the page and
   *        decrypted after they arrive (`/patchbay-e2ee.js`, a worker); the server forwards them unread. VP8 and Opus
   *        (not H264 or AV1). A frame that does not decrypt (another key) is dropped and counted in
   *        {@link Room#e2eeDecryptFailures}.
   * @param {string[]} [options.receiveCodecs] decode only these video codecs (`VP8`, `VP9`, `H264`, `AV1`), e.g. an
   *        app whose devices decode H264 in hardware only: its answers keep just those, and a publisher that can send
   *        one of them is asked to (docs/protocol.md, `publish-codec`). Default: every codec the browser decodes.
   */
  constructor({ url, iceServers, timeoutMs = 10000, iceTransportPolicy = 'all', reconnect = true,
    reconnectTimeoutMs = 120000, e2eeKey, receiveCodecs } = {}) {
    super();
    if (receiveCodecs !== undefined && (!Array.isArray(receiveCodecs) || receiveCodecs.length === 0)) {
      throw new TypeError('receiveCodecs must be a non-empty array of codec names');
    }
    this.#receiveCodecs = receiveCodecs?.map((c) => `video/${String(c).toLowerCase()}`) ?? null;
    if (e2eeKey !== undefined) this.#e2ee = new E2ee(e2eeKey, new URL('./patchbay-e2ee.js', import.meta.url));
    this.#url = url ?? `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
    this.#iceServersOverride = iceServers ?? null;
    this.#timeoutMs = timeoutMs;
    this.#iceTransportPolicy = iceTransportPolicy;
    this.#reconnect = reconnect;
    this.#reconnectTimeoutMs = reconnectTimeoutMs;
  }

  /** @returns {Map<string, RemoteParticipant>} the other participants, by participant id */
  /** Participant ids from the last `active-speakers`, the dominant speaker first. @returns {string[]} */
  get activeSpeakers() {
    return this.#activeSpeakers;
  }

  get participants() {
    return this.#participants;
  }

  /** Received frames dropped because they did not decrypt (end-to-end encryption with another key); 0 without. */
  get e2eeDecryptFailures() {
    return this.#e2ee?.decryptFailures ?? 0;
  }

  /** @returns {RoomConnectionState} */
  get connectionState() {
    return this.#state;
  }

  /**
   * The two peer connections, for diagnostics (e.g. raw `getStats()`); null before join and after leave (and for
   * a moment during a full rejoin).
   * @returns {{publisher: ?RTCPeerConnection, subscriber: ?RTCPeerConnection}}
   */
  get peerConnections() {
    return { publisher: this.#publisher, subscriber: this.#subscriber };
  }

  /**
   * @returns {{track: MediaStreamTrack, kind: TrackKind, source: TrackSource, trackId: ?string, muted: boolean}[]}
   *          our published tracks
   */
  get localTracks() {
    return this.#localTracks.map((t) => ({
      track: t.track, kind: t.kind, source: t.source, trackId: t.serverTrackId, muted: t.muted,
    }));
  }

  /**
   * Connects to the server and joins a room. Resolves once the server answered with `joined`.
   * The caller may start getUserMedia() before (or while) calling this: the two do not depend on each other.
   * @param {object} params
   * @param {string} params.room
   * @param {string} params.name
   * @param {string} [params.token] JWT, if the server requires one (also used for rejoins)
   * @param {boolean} [params.autoSubscribe=true] false: receive no track until {@link Room#subscribe}
   * @returns {Promise<{participantId: string, participants: RemoteParticipant[]}>}
   */
  async join({ room, name, token, autoSubscribe = true }) {
    if (this.#state !== 'new') throw new Error(`join() called in state ${this.#state}`);
    this.#mark('joinStarted');
    this.#setState('connecting');
    this.name = name;
    this.#joinParams = { room, name, token, autoSubscribe };

    const joined = new Promise((resolve, reject) => (this.#joinWaiter = { resolve, reject }));
    joined.catch(() => {}); // awaited below; this only keeps an early rejection from being reported as unhandled
    const timer = setTimeout(
      () => this.#joinWaiter?.reject(new PatchbayError('timeout', `no 'joined' within ${this.#timeoutMs} ms`)),
      this.#timeoutMs);
    try {
      const ws = new WebSocket(this.#url);
      this.#ws = ws;
      ws.onmessage = (e) => this.#onMessage(e.data, ws);
      ws.onclose = (e) => this.#onSocketClosed(ws, e);
      const opened = new Promise((resolve, reject) => {
        ws.onopen = resolve;
        ws.onerror = () => reject(new PatchbayError('signaling-unavailable', `cannot connect to ${this.#url}`));
      });
      opened.catch(() => {});
      await Promise.race([opened, joined]); // `joined` can only settle first by failing (timeout, close)
      this.#mark('wsOpen');
      ws.onerror = null;
      this.#send(this.#joinMessage(false));
      await joined;
    } catch (e) {
      if (!this.#terminated) this.#teardown('failed'); // (leave() meanwhile already tore down)
      throw e;
    } finally {
      clearTimeout(timer);
      this.#joinWaiter = null;
    }
    this.#listenToNetwork(true);
    this.#updateState();
    return { participantId: this.participantId, participants: [...this.#participants.values()] };
  }

  /**
   * Publishes every track of a stream (as sendonly transceivers on the publisher connection) and
   * resolves once the server answered the resulting offer. The tracks stay published across reconnections
   * (a full rejoin publishes them again).
   * @param {MediaStream} stream
   * @param {object} [options]
   * @param {boolean} [options.simulcast=false] send video as three encodings ({@link SIMULCAST_ENCODINGS}); the
   *        server asks for fewer with `layers-wanted` when no one receives the others
   * @param {string} [options.svc] instead of simulcast, send video as one VP9 encoding with spatial and temporal
   *        layers, this scalability mode (`L3T3_KEY`: three resolutions, three frame rates, the layers depending on
   *        each other only at key pictures, as Chrome does best); the server forwards each subscriber the layers it
   *        needs. Needs a browser that encodes VP9 SVC (Chromium).
   * @param {string} [options.codec] the video codec to send: `VP8`, `VP9`, `H264`, `AV1`, optionally with the format
   *        parameters of the variant after a semicolon (`VP9;profile-id=2`, `H264;profile-level-id=4d001f`). Without
   *        it the browser's first (VP8 in Chromium and Firefox), with `svc` VP9. With `svc`, VP9 or AV1 (AV1 layers are
   *        described by the Dependency Descriptor header extension, which the server negotiates for AV1). A
   *        subscriber that cannot decode it gets an `error` with code `codec-not-supported` for the track.
   * @param {boolean} [options.dtx=false] audio: Opus discontinuous transmission (RFC 7587 `usedtx`): during silence
   *        the browser sends a comfort-noise packet every 400 ms instead of one every 20 ms; the server forwards them
   *        as they come. In-band FEC (`useinbandfec`) is on either way, as the browser offers it.
   * @param {'screen'} [options.source] `'screen'`: the stream is a screen capture (getDisplayMedia); the server
   *        announces its tracks with `source: "screen"`, serves its video first and sends it to everyone whatever
   *        last-N says. Without it: camera and microphone.
   * @returns {Promise<void>}
   */
  async publish(stream, { simulcast = false, svc, codec = svc ? 'VP9' : undefined, source, dtx = false } = {}) {
    this.#requireJoined();
    if (source !== undefined && source !== 'screen') {
      throw new TypeError(`source must be 'screen' or absent, not ${source}`);
    }
    const added = stream.getTracks().filter((track) => !this.#localTracks.some((t) => t.track === track));
    if (added.length === 0) return;
    const negotiated = new Promise((resolve, reject) => this.#publisherWaiters.push({ resolve, reject }));
    for (const track of added) {
      const local = new LocalTrack(track, stream, simulcast, source === 'screen', svc ?? null);
      local.videoCodec = codec ?? null;
      local.dtx = dtx && local.kind === 'audio';
      this.#localTracks.push(local);
      // The browser's own "Stop sharing" ends a screen capture: stop publishing it then.
      if (local.source === 'screen') {
        track.addEventListener('ended', () => this.unpublish(track).catch(() => {}), { once: true });
      }
      // Without a publisher connection (a full rejoin is under way) the rejoin adds it.
      if (this.#publisher) this.#addTransceiver(local);
    }
    // Offer now rather than on negotiationneeded, which fires a task later. createOffer is then on the connection's
    // operations chain, so that event is not fired for these transceivers any more (WebRTC 1.0, 4.7.3).
    if (this.#publisher) this.#negotiatePublisher();
    await negotiated;
    this.#updateState();
  }

  /**
   * Stops publishing tracks: their transceivers stop, so the next offer ends their sections (port 0) and the server
   * unpublishes them (the others get `track-unpublished`). The tracks themselves keep running: they belong to the
   * caller. Resolves once the server answered that offer.
   * @param {MediaStream|MediaStreamTrack} streamOrTrack every published track of a stream, or one track
   * @returns {Promise<void>}
   */
  async unpublish(streamOrTrack) {
    this.#requireJoined();
    const tracks = streamOrTrack instanceof MediaStream ? streamOrTrack.getTracks() : [streamOrTrack];
    const removed = this.#localTracks.filter((t) => tracks.includes(t.track));
    if (removed.length === 0) return;
    this.#localTracks = this.#localTracks.filter((t) => !removed.includes(t));
    for (const t of removed) {
      try {
        t.transceiver?.stop();
      } catch (e) {
        console.debug('patchbay: cannot stop a transceiver', e);
      }
      t.transceiver = null;
    }
    if (!this.#publisher) return; // a full rejoin is under way: it publishes only what is left
    const negotiated = new Promise((resolve, reject) => this.#publisherWaiters.push({ resolve, reject }));
    this.#negotiatePublisher();
    await negotiated;
    this.#updateState();
  }

  /**
   * Publishes a screen capture: {@link Room#publish} with `source: 'screen'`. It is unpublished when the capture
   * ends (the browser's own "Stop sharing"), or with {@link Room#unpublish}.
   * @param {MediaStream|MediaStreamTrack} streamOrTrack from `navigator.mediaDevices.getDisplayMedia()`
   * @param {{simulcast?: boolean}} [options]
   * @returns {Promise<void>}
   */
  publishScreen(streamOrTrack, options = {}) {
    const stream = streamOrTrack instanceof MediaStream ? streamOrTrack : new MediaStream([streamOrTrack]);
    return this.publish(stream, { ...options, source: 'screen' });
  }

  /**
   * What this client wants of a track it receives: the tallest layer (`maxHeight` in lines, 0-8192; omitted: no
   * limit) or nothing for now (`paused`). The server keeps it while the track exists, across resubscriptions.
   * @param {string} trackId
   * @param {{maxHeight?: number, maxFrameRate?: number, paused?: boolean}} [preferences] `maxFrameRate`: the most
   *   frames per second (1-240; omitted: no limit), met by leaving out temporal layers
   * @returns {boolean} whether it was sent (false while the socket is down; it is sent again after a rejoin)
   */
  updateSubscription(trackId, { maxHeight, maxFrameRate, paused = false } = {}) {
    this.#requireJoined();
    const message = { type: 'update-subscription', trackId, paused: !!paused };
    if (maxHeight != null) message.maxHeight = maxHeight;
    if (maxFrameRate != null) message.maxFrameRate = maxFrameRate;
    this.#preferences.set(trackId, message);
    return this.#send(message);
  }

  /**
   * Receives these tracks (of other participants) from now on: the server offers their m-sections. Needed with
   * `autoSubscribe: false`; with auto-subscription it undoes {@link Room#unsubscribe}.
   * @param {string[]} trackIds
   * @returns {boolean} whether it was sent
   */
  subscribe(trackIds) {
    this.#requireJoined();
    for (const id of trackIds) this.#subscribed.add(id);
    return this.#send({ type: 'subscribe', trackIds: [...trackIds] });
  }

  /**
   * Stops receiving these tracks: their m-sections end in the server's next offer (`trackremoved` follows).
   * @param {string[]} trackIds
   * @returns {boolean} whether it was sent
   */
  unsubscribe(trackIds) {
    this.#requireJoined();
    for (const id of trackIds) this.#subscribed.delete(id);
    return this.#send({ type: 'unsubscribe', trackIds: [...trackIds] });
  }

  /**
   * Pins participants: their video is received in addition to the room's last-N speakers (docs/protocol.md, "Active
   * speakers and last-N"). Replaces the previous pins; `[]` pins nobody. At most 16; ids from `participantjoined`.
   * Pins of a participant that leaves are dropped; they are sent again after a rejoin.
   * @param {string[]} participantIds
   * @returns {boolean} whether it was sent
   */
  pin(participantIds) {
    this.#requireJoined();
    this.#pinned = [...new Set(participantIds)];
    return this.#send({ type: 'pin', participantIds: this.#pinned });
  }

  /** @returns {string[]} the participants pinned with {@link Room#pin} */
  get pinned() {
    return [...this.#pinned];
  }

  /**
   * Mutes or unmutes our own tracks: disables the local track (so it sends silence / black) and tells
   * the server, which tells everyone else (`track-muted`).
   * @param {TrackKind|MediaStreamTrack} kindOrTrack every published track of that kind, or one track
   * @param {boolean} muted
   */
  setMuted(kindOrTrack, muted) {
    const targets = this.#localTracks.filter((t) =>
      typeof kindOrTrack === 'string' ? t.kind === kindOrTrack : t.track === kindOrTrack);
    for (const t of targets) {
      t.track.enabled = !muted;
      if (t.muted === muted) continue;
      t.muted = muted;
      t.muteUnsent = true;
      this.#sendMuteIfKnown(t);
      this.#dispatch('trackmuted', { participant: null, trackId: t.serverTrackId, kind: t.kind, muted, local: true });
    }
  }

  /** @returns {boolean} whether our tracks of that kind are muted (true if none is published) */
  isMuted(/** @type {TrackKind} */ kind) {
    const tracks = this.#localTracks.filter((t) => t.kind === kind);
    return tracks.length === 0 || tracks.every((t) => t.muted);
  }

  /**
   * Leaves the room: tells the server, closes both peer connections and the WebSocket. Local media
   * tracks stay untouched (they belong to the caller). Safe to call more than once.
   */
  leave() {
    if (this.#state === 'closed') return;
    if (this.#ws?.readyState === WebSocket.OPEN) this.#send({ type: 'leave' });
    this.#teardown('closed');
  }

  /**
   * Test hook: closes the signaling WebSocket the way a network failure would (any close code other than
   * 1000/1001 counts as lost, not left, for the server). The client then resumes the session by itself.
   * @param {number} [code=4001]
   * @returns {boolean} whether there was a socket to close
   */
  _testCloseSocket(code = 4001) {
    const ws = this.#ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return false;
    ws.close(code, 'test: socket cut');
    return true;
  }

  /**
   * Inbound statistics per remote track (one entry per received RTP stream of the subscriber connection).
   * @returns {Promise<TrackStats[]>}
   */
  async getStats() {
    const pc = this.#subscriber;
    if (!pc) return [];
    const report = await pc.getStats();
    const midByTrackId = new Map();
    for (const t of pc.getTransceivers()) if (t.mid) midByTrackId.set(t.receiver.track.id, t.mid);
    const result = [];
    // RTT of the subscriber connection's selected candidate pair (STUN consent checks), in ms.
    let rttMs = null;
    report.forEach((s) => {
      if (s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded' && s.currentRoundTripTime != null) {
        rttMs = s.currentRoundTripTime * 1000;
      }
    });
    report.forEach((s) => {
      if (s.type !== 'inbound-rtp') return;
      const mid = s.mid ?? midByTrackId.get(s.trackIdentifier) ?? null;
      const section = mid != null ? this.#subscriberSections.get(mid) : undefined;
      const mapped = section?.active ? section : null;
      const participant = mapped ? this.#participants.get(mapped.participantId) : undefined;
      const codec = s.codecId ? report.get(s.codecId) : undefined;
      const entry = {
        participantId: mapped?.participantId ?? null,
        participantName: participant?.name ?? null,
        trackId: mapped?.trackId ?? null,
        kind: s.kind,
        mid,
        ssrc: s.ssrc,
        packetsReceived: s.packetsReceived ?? 0,
        packetsLost: s.packetsLost ?? 0,
        bytesReceived: s.bytesReceived ?? 0,
        jitter: s.jitter ?? 0,
        nackCount: s.nackCount ?? 0,
        retransmittedPacketsReceived: s.retransmittedPacketsReceived ?? 0,
        timestamp: s.timestamp,
        rttMs,
        codec: codec?.mimeType ?? null,
        codecFmtp: codec?.sdpFmtpLine ?? null,
      };
      if (s.kind === 'video') {
        Object.assign(entry, {
          pliCount: s.pliCount ?? 0,
          framesReceived: s.framesReceived ?? 0,
          framesDecoded: s.framesDecoded ?? 0,
          framesDropped: s.framesDropped ?? 0,
          frameWidth: s.frameWidth ?? 0,
          frameHeight: s.frameHeight ?? 0,
          framesPerSecond: s.framesPerSecond ?? 0,
          freezeCount: s.freezeCount ?? 0,
          totalFreezesDuration: s.totalFreezesDuration ?? 0,
        });
      } else {
        Object.assign(entry, {
          audioLevel: s.audioLevel ?? 0,
          concealedSamples: s.concealedSamples ?? 0,
        });
      }
      result.push(entry);
    });
    return result;
  }

  /**
   * The server's view of this participant's media: per published track what it receives (loss, NACKs it sent,
   * retransmissions), per received track what it sends (NACKs, retransmissions, bitrate), RTTs and its estimate of
   * the bandwidth toward this client. Resolves with the `stats` message.
   * @returns {Promise<object>}
   */
  getServerStats() {
    return new Promise((resolve, reject) => {
      if (!this.#socketUsable()) {
        reject(new Error('not connected'));
        return;
      }
      this.#statsWaiters.push(resolve);
      this.#send({ type: 'get-stats' });
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Signaling

  /** @returns {boolean} whether the session's socket is open (false while reconnecting) */
  #socketUsable() {
    return !this.#recovery && this.#ws?.readyState === WebSocket.OPEN;
  }

  /** @param {object} message @returns {boolean} whether it was sent (false while the socket is down) */
  #send(message) {
    return this.#sendOn(this.#ws, message);
  }

  /** @param {?WebSocket} ws @param {object} message @returns {boolean} */
  #sendOn(ws, message) {
    if (ws?.readyState !== WebSocket.OPEN) return false;
    this.#dispatch('signal', { direction: 'out', message });
    ws.send(JSON.stringify(message));
    return true;
  }

  /** @param {boolean} resume whether to ask for the session of the last `joined` */
  #joinMessage(resume) {
    const { room, name, token, autoSubscribe } = this.#joinParams;
    const message = { type: 'join', room, name };
    if (token) message.token = token;
    if (autoSubscribe === false) message.autoSubscribe = false;
    if (resume && this.#reconnectToken) message.reconnectToken = this.#reconnectToken;
    return message;
  }

  /** @param {string} data @param {WebSocket} ws the socket it arrived on */
  #onMessage(data, ws) {
    const attempt = this.#recovery != null && ws === this.#recovery.ws;
    if (ws !== this.#ws && !attempt) return; // a socket we have given up on
    let msg;
    try {
      msg = JSON.parse(data);
    } catch {
      this.#reportError('bad-json', 'the server sent a message that is not JSON');
      return;
    }
    if (this.#probe?.ws === ws) this.#probeAnswered();
    this.#dispatch('signal', { direction: 'in', message: msg });
    if (attempt) {
      // A reconnect socket: the first answer to its `join` decides how the session goes on.
      if (msg.type === 'joined') this.#onReconnectJoined(msg, ws);
      else if (msg.type === 'error') this.#onReconnectError(msg, ws);
      else console.debug('patchbay: ignoring', msg.type, 'before joined');
      return;
    }
    switch (msg.type) {
      case 'joined': return this.#onJoined(msg);
      case 'answer': return this.#onPublisherAnswer(msg);
      case 'offer': return this.#onSubscriberOffer(msg);
      case 'candidate': return this.#onRemoteCandidate(msg);
      case 'participant-joined': return this.#onParticipantJoined(msg.participant);
      case 'participant-left': return this.#onParticipantLeft(msg.participantId, msg.reason);
      case 'track-published': return this.#onTrackPublished(msg.participantId, msg.track);
      case 'track-unpublished': return this.#onTrackUnpublished(msg.participantId, msg.trackId);
      case 'track-muted': return this.#onTrackMuted(msg.participantId, msg.trackId, msg.muted);
      case 'layers-wanted': return this.#onLayersWanted(msg.trackId, msg.rids);
      case 'publish-codec': return this.#onPublishCodec(msg.trackId, msg.codec, msg.fmtp);
      case 'active-speakers': return this.#onActiveSpeakers(msg.speakers);
      case 'error': return this.#onServerError(msg);
      case 'stats': return this.#onServerStats(msg);
      case 'ice-servers': return this.#onIceServers(msg);
      case 'draining': return this.#onDraining();
      default: console.debug('patchbay: ignoring message of type', msg.type);
    }
  }

  /** The server's `active-speakers`: who speaks, dominant first. */
  #onActiveSpeakers(speakers) {
    if (!Array.isArray(speakers)) return;
    this.#activeSpeakers = speakers.filter((id) => typeof id === 'string');
    this.#dispatch('activespeakers', { speakers: this.#activeSpeakers });
  }

  #onServerStats(msg) {
    const waiters = this.#statsWaiters;
    this.#statsWaiters = [];
    for (const resolve of waiters) resolve(msg);
  }

  #onJoined(msg) {
    if (!this.#joinWaiter) {
      console.warn('patchbay: unexpected joined');
      return;
    }
    if (msg.e2ee === true && !this.#e2ee) {
      // The room's media is encrypted end to end: without the key this client would publish in the clear into it
      // and decode nothing. join() fails and the socket closes, which takes the participant out of the room.
      this.#joinWaiter.reject(new PatchbayError('e2ee-required', `room ${msg.room} is end-to-end encrypted:`
        + ' join with the room\'s passphrase (new Room({e2eeKey}), ?e2ee= on the demo page)'));
      return;
    }
    this.#mark('joined');
    this.#startSession(msg);
    this.#joinWaiter.resolve(msg);
  }

  /** A new session (first join or full rejoin): new peer connections and the participant list of `joined`. */
  #startSession(msg) {
    this.participantId = msg.participantId;
    this.roomName = msg.room ?? this.#joinParams.room;
    this.e2ee = msg.e2ee === true;
    this.#reconnectToken = msg.reconnectToken ?? null;
    const config = {
      iceServers: this.#iceServersOverride ?? msg.iceServers ?? [],
      bundlePolicy: 'max-bundle',
      iceTransportPolicy: this.#iceTransportPolicy,
      // No pre-gathered candidate pool: with one, Chrome's ICE restart of the publisher connection nominated the
      // new pair only after ~9.5 s (LifecycleBrowserTest), and gathering loopback/host candidates takes
      // milliseconds anyway.
      iceCandidatePoolSize: 0,
    };
    // Chromium's older interface to encoded frames needs it from the start.
    if (this.#e2ee?.needsEncodedStreams) config.encodedInsertableStreams = true;
    const publisher = this.#createPeerConnection('publisher', config);
    this.#publisher = publisher;
    this.#subscriber = this.#createPeerConnection('subscriber', config);
    this.#pub = new PublisherNegotiation(publisher);
    publisher.onnegotiationneeded = () => {
      if (publisher !== this.#publisher) return;
      // publish() offers at once; Chrome may still fire negotiationneeded for transceivers that offer covers.
      const neg = this.#pub;
      if (neg.negotiating && publisher.getTransceivers().every((t) => neg.covered.has(t))) return;
      this.#negotiatePublisher();
    };
    this.#reconcileParticipants(msg.participants ?? []);
    this.#restoreSubscriptions();
  }

  /** A new participant id (full rejoin): the server forgot our subscriptions and preferences; ask again. */
  #restoreSubscriptions() {
    const live = new Set();
    for (const p of this.#participants.values()) for (const id of p.tracks.keys()) live.add(id);
    for (const id of [...this.#subscribed]) if (!live.has(id)) this.#subscribed.delete(id);
    for (const id of [...this.#preferences.keys()]) if (!live.has(id)) this.#preferences.delete(id);
    if (this.#joinParams.autoSubscribe === false && this.#subscribed.size > 0) {
      this.#send({ type: 'subscribe', trackIds: [...this.#subscribed] });
    }
    for (const message of this.#preferences.values()) this.#send(message);
    this.#pinned = this.#pinned.filter((id) => this.#participants.has(id));
    if (this.#pinned.length > 0) this.#send({ type: 'pin', participantIds: this.#pinned });
  }

  /**
   * The server's `layers-wanted`: encode only the simulcast layers someone receives (the others are set inactive,
   * which saves the publisher's CPU and uplink).
   * @param {string} trackId @param {string[]} rids
   */
  async #onLayersWanted(trackId, rids) {
    const local = this.#localTracks.find((l) => l.serverTrackId === trackId);
    const sender = local?.transceiver?.sender;
    if (!local?.simulcast || !sender || !Array.isArray(rids)) return;
    const params = sender.getParameters();
    if (!params.encodings || params.encodings.length === 0) return;
    for (const encoding of params.encodings) encoding.active = rids.includes(encoding.rid);
    try {
      await sender.setParameters(params);
    } catch (e) {
      console.debug('patchbay: cannot apply layers-wanted', e);
    }
  }

  /**
   * The server asks for one of a published track's other codecs (a subscriber decodes only that one): offer again
   * with it first; the server's answer keeps that order, so the browser sends it from then on.
   * @param {string} trackId @param {string} mimeType e.g. `video/H264` @param {string} [fmtp] the variant's parameters
   */
  #onPublishCodec(trackId, mimeType, fmtp) {
    const local = this.#localTracks.find((l) => l.serverTrackId === trackId);
    if (!local?.transceiver || local.kind !== 'video' || typeof mimeType !== 'string') return;
    // An SVC track keeps its codec: its scalability mode is that codec's (VP9 or AV1), and H264 or VP8 have none.
    if (local.svc) return;
    const name = mimeType.replace(/^video\//i, '');
    const codec = fmtp ? `${name};${fmtp}` : name;
    try {
      preferCodec(local.transceiver, codec);
    } catch (e) {
      console.debug('patchbay: cannot send', codec, e);
      return;
    }
    local.videoCodec = codec; // kept for a full rejoin
    this.#record('publish-codec', { trackId, codec: mimeType });
    if (this.#publisher) this.#negotiatePublisher();
  }

  /**
   * With `receiveCodecs`: each video section of a subscriber offer is answered with those codecs only (and their
   * retransmission and redundancy formats); a section with none of them is left as the browser answers it.
   * @param {RTCPeerConnection} pc
   */
  #limitReceiveCodecs(pc) {
    if (!this.#receiveCodecs) return;
    const caps = typeof RTCRtpReceiver !== 'undefined' && typeof RTCRtpReceiver.getCapabilities === 'function'
      ? RTCRtpReceiver.getCapabilities('video') : null;
    if (!caps) return;
    const media = caps.codecs.filter((c) => this.#receiveCodecs.includes(c.mimeType.toLowerCase()));
    if (media.length === 0) return;
    const helpers = caps.codecs.filter((c) => /\/(rtx|red|ulpfec|flexfec-03)$/i.test(c.mimeType));
    for (const t of pc.getTransceivers()) {
      if (t.receiver.track?.kind !== 'video' || typeof t.setCodecPreferences !== 'function') continue;
      try {
        t.setCodecPreferences([...media, ...helpers]);
      } catch (e) {
        console.debug('patchbay: cannot limit receive codecs', e);
      }
    }
  }

  /**
   * The server is draining (shutting down or being replaced): leave it and join again as a new participant through
   * the same URL, which the load balancer sends to another server (this one is not ready any more). The rejoins of a
   * room are spread over a second so that the next server does not get them all at once; a `server-draining` answer
   * (the load balancer had not noticed yet) is retried with the reconnect backoff.
   */
  #onDraining() {
    this.#record('draining', {});
    this.#dispatch('draining', {});
    setTimeout(() => {
      if (!this.#terminated && !this.#recovery) {
        this.#beginRecovery('server draining', { resume: false, closeCode: 1000 });
      }
    }, Math.random() * 1000);
  }

  #onServerError(msg) {
    const code = msg.code ?? 'unknown';
    const message = msg.message ?? '';
    if (this.#joinWaiter) {
      // Before `joined`, an error means the join was refused.
      this.#joinWaiter.reject(new PatchbayError(code, message));
      return;
    }
    switch (code) {
      case 'transport-failed': {
        // The server saw ICE or DTLS fail on one of our connections and removes us unless ICE restarts within
        // 10 s. The message names the connection; when it names neither (or both), restart both.
        const publisher = /publisher/i.test(message);
        const subscriber = /subscriber/i.test(message);
        if (publisher || !subscriber) this.#restartIce('publisher', 'transport-failed');
        if (subscriber || !publisher) this.#restartIce('subscriber', 'transport-failed');
        break;
      }
      case 'forbidden': {
        // Our publisher offer was refused (a token with canPublish: false): no answer follows.
        const offer = this.#pub?.offer;
        if (offer) offer.reject(new PatchbayError(code, message));
        break;
      }
      case 'unauthorized':
      case 'room-closed':
      case 'removed':
      case 'duplicate-identity': // the same user joined elsewhere (another tab): rejoining would evict it in turn
        this.#sessionEnded = code; // the server closes the socket next: do not reconnect
        break;
      case 'codec-not-supported':
      case 'codec-not-sent':
        // This browser refused every codec of a track in its answer, or the track is sent in one it refused for the
        // others' sake: the track stays without media. The event names it.
        this.#dispatch('error', { code, message, trackId: msg.trackId, participantId: msg.participantId,
          codec: msg.codec, codecs: msg.codecs });
        return;
      default:
    }
    this.#reportError(code, message);
  }

  /** @param {WebSocket} ws @param {CloseEvent} event */
  #onSocketClosed(ws, event) {
    if (ws !== this.#ws) return;
    if (this.#joinWaiter) {
      this.#joinWaiter.reject(new PatchbayError('signaling-closed', `WebSocket closed (${event.code} ${event.reason})`));
      return; // join() fails and tears down
    }
    if (this.#terminated) return;
    // 4000: another socket took this session over with our reconnect token (Session lifecycle); it is not ours
    // any more. After unauthorized / removed / room-closed the session is gone on the server.
    if (this.#sessionEnded || event.code === 4000 || !this.#reconnect) {
      const why = event.code === 4000 ? 'another connection took this session over' : 'the signaling connection closed';
      this.#reportError('signaling-closed', `${why} (${event.code} ${event.reason})`);
      this.#teardown('failed');
      return;
    }
    this.#beginRecovery(`socket closed (${event.code}${event.reason ? ` ${event.reason}` : ''})`);
  }

  // ---------------------------------------------------------------------------------------------
  // Reconnection (docs/protocol.md, Session lifecycle)

  /**
   * The signaling socket is gone: keep the peer connections (media may well still flow) and reopen a socket with
   * backoff, resuming the session with its reconnect token.
   * @param {string} reason
   * @param {{resume?: boolean, closeCode?: number}} [options] resume false: rejoin as a new participant;
   *        closeCode for the old socket if it is still open (1000 tells the server we left)
   */
  #beginRecovery(reason, { resume = true, closeCode = 4001 } = {}) {
    if (this.#recovery || this.#terminated) return;
    const old = this.#ws;
    this.#ws = null;
    this.#closeSocket(old, closeCode, closeCode === 1000 ? 'rejoin' : 'lost');
    this.#cancelProbe();
    // An offer waiting for its answer keeps waiting: it is sent again after the resume.
    const offer = this.#pub?.offer;
    if (offer) {
      clearTimeout(offer.timer);
      offer.timer = null;
    }
    const recovery = {
      startedAt: performance.now(), attempt: 0, timer: null, attemptTimer: null, ws: null,
      resume: resume && this.#reconnectToken != null,
    };
    this.#recovery = recovery;
    this.reconnectCount++;
    this.#record('socket-lost', { reason });
    this.#setState('reconnecting');
    this.#dispatch('reconnecting', { reason, resume: recovery.resume });
    if (!recovery.resume) this.#resetMedia(reason);
    if (this.#recovery === recovery) this.#scheduleAttempt();
  }

  #scheduleAttempt() {
    const r = this.#recovery;
    if (!r) return;
    const elapsed = performance.now() - r.startedAt;
    if (elapsed >= this.#reconnectTimeoutMs) {
      this.#giveUp(`no signaling connection for ${Math.round(elapsed / 1000)} s`);
      return;
    }
    if (r.resume && elapsed >= RESUME_WINDOW_MS) {
      // The server has dropped the session by now: rejoin as a new participant on the next socket.
      r.resume = false;
      this.#resetMedia('resume window passed');
      if (this.#recovery !== r) return;
    }
    const delay = RECONNECT_BACKOFF_MS[Math.min(r.attempt, RECONNECT_BACKOFF_MS.length - 1)];
    r.attempt++;
    r.timer = setTimeout(() => this.#attemptSocket(r), delay);
  }

  #attemptSocket(r) {
    if (this.#recovery !== r) return;
    r.timer = null;
    this.reconnectAttempts++;
    let ws;
    try {
      ws = new WebSocket(this.#url);
    } catch (e) {
      console.warn('patchbay: cannot open a WebSocket', e);
      this.#scheduleAttempt();
      return;
    }
    r.ws = ws;
    r.attemptTimer = setTimeout(() => this.#attemptFailed(r, ws), SOCKET_ATTEMPT_TIMEOUT_MS);
    ws.onopen = () => this.#sendOn(ws, this.#joinMessage(r.resume));
    ws.onmessage = (e) => this.#onMessage(e.data, ws);
    ws.onclose = () => this.#attemptFailed(r, ws);
  }

  /** A reconnect socket closed, or brought no `joined` in time: try the next one. */
  #attemptFailed(r, ws) {
    if (this.#recovery !== r || r.ws !== ws) return;
    clearTimeout(r.attemptTimer);
    r.attemptTimer = null;
    r.ws = null;
    this.#closeSocket(ws, 4001, 'retry');
    this.#scheduleAttempt();
  }

  /** `online`: do not wait for the backoff (or for a dead socket to time out). */
  #onNetworkEvent = () => {
    const r = this.#recovery;
    if (r) {
      if (r.timer) {
        clearTimeout(r.timer);
        this.#attemptSocket(r);
      }
      return;
    }
    this.#probeSocket();
    for (const role of /** @type {PcRole[]} */ (['publisher', 'subscriber'])) {
      const pc = this.#pc(role);
      if (pc?.remoteDescription && isDown(pc)) this.#restartIce(role, 'network change');
    }
  };

  #listenToNetwork(on) {
    if (on === this.#networkListening || typeof window === 'undefined') return;
    this.#networkListening = on;
    const method = on ? 'addEventListener' : 'removeEventListener';
    window[method]('online', this.#onNetworkEvent);
  }

  /** @param {object} msg the `joined` on a reconnect socket @param {WebSocket} ws */
  #onReconnectJoined(msg, ws) {
    const r = this.#recovery;
    clearTimeout(r.attemptTimer);
    clearTimeout(r.timer);
    this.#recovery = null;
    this.#ws = ws;
    ws.onclose = (e) => this.#onSocketClosed(ws, e);
    const downMs = Math.round(performance.now() - r.startedAt);
    if (msg.e2ee === true && !this.#e2ee) {
      // The room was closed and opened again end-to-end encrypted meanwhile: publishing into it would be in the clear.
      this.#record('gave-up', { reason: 'e2ee-required' });
      this.#reportError('e2ee-required', `room ${msg.room} is now end-to-end encrypted: join with its passphrase`);
      this.#teardown('failed');
      return;
    }
    if (msg.resumed === true && msg.participantId === this.participantId && this.#publisher) {
      this.#resumeSession(msg, downMs);
    } else {
      this.#rejoinSession(msg, downMs);
    }
  }

  /**
   * The server resumed our session: connections, tracks and subscriptions are as they were. Catch up with what
   * happened meanwhile and send what could not be sent.
   */
  #resumeSession(msg, downMs) {
    this.#reconnectToken = msg.reconnectToken ?? null;
    this.#record('resumed', { downMs });
    // Fresh TURN credentials (they expire) for the gathering of the ICE restarts to come.
    this.#applyIceServers(msg.iceServers);
    // We missed the participant-joined/left, track-* messages sent to the dead socket.
    this.#reconcileParticipants(msg.participants ?? []);
    for (const { pc, message } of this.#outbox.splice(0)) {
      if (pc === this.#pc(message.pc)) this.#send(message);
    }
    // Our pending publisher offer may never have arrived, or its answer was lost with the old socket.
    if (this.#pub?.offer) this.#sendPublisherOffer(this.#pub);
    for (const t of this.#localTracks) this.#sendMuteIfKnown(t);
    // A subscriber answer lost with the old socket needs nothing: the server sends its offer again.
    this.#updateState();
    this.#dispatch('reconnected', { resumed: true, participantId: this.participantId, previousParticipantId: this.participantId });
    // Candidates the server trickled to the dead socket are lost too, so a connection that is not up (or that
    // owes a restart) restarts ICE now: the server then sends its candidates again.
    for (const role of /** @type {PcRole[]} */ (['publisher', 'subscriber'])) {
      const pc = this.#pc(role);
      const watch = this.#ice[role];
      if (!pc?.remoteDescription || !(watch.pending || !isUp(pc))) continue;
      clearTimeout(watch.retry);
      watch.retry = null;
      watch.inFlight = false;
      watch.downSince = performance.now(); // the give-up clock counts from here: restarts were impossible so far
      this.#restartIce(role, 'resumed');
    }
  }

  /** Uses `iceServers` from the server for the next gatherings (unless the page set its own). */
  #applyIceServers(iceServers) {
    if (this.#iceServersOverride || !Array.isArray(iceServers)) return false;
    for (const pc of [this.#publisher, this.#subscriber]) {
      try {
        pc?.setConfiguration({ ...pc.getConfiguration(), iceServers });
      } catch (e) {
        console.warn('patchbay: cannot update the ICE servers', e);
      }
    }
    return true;
  }

  /**
   * Fresh TURN credentials, sent by the server at half their lifetime. A connection relayed through TURN restarts
   * ICE on them now: coturn refuses to refresh an allocation once its credentials have expired, so the relay would
   * die; the restart makes a new allocation while the old one still carries the media.
   */
  async #onIceServers(msg) {
    if (!this.#applyIceServers(msg.iceServers)) return;
    this.#record('ice-servers', {});
    for (const role of /** @type {PcRole[]} */ (['publisher', 'subscriber'])) {
      const pc = this.#pc(role);
      if (pc?.remoteDescription && isUp(pc) && await usesRelay(pc) && pc === this.#pc(role)) {
        this.#restartIce(role, 'turn-credentials');
      }
    }
  }

  /** Not resumed: we are a new participant. Start over with new connections and publish our tracks again. */
  #rejoinSession(msg, downMs) {
    const previousParticipantId = this.participantId;
    this.#resetMedia(msg.resumed ? 'resumed another session' : 'not resumed');
    // Our old session may linger on the server for a while: never show it as a remote participant.
    if (previousParticipantId) this.#departed.add(previousParticipantId);
    this.#startSession(msg);
    this.#record('rejoined', { participantId: this.participantId, downMs });
    this.#localTracks = this.#localTracks.filter((t) => t.track.readyState !== 'ended');
    for (const t of this.#localTracks) this.#addTransceiver(t);
    if (this.#localTracks.length > 0) this.#negotiatePublisher();
    this.#updateState();
    this.#dispatch('reconnected', { resumed: false, participantId: this.participantId, previousParticipantId });
  }

  /** @param {object} msg an `error` on a reconnect socket @param {WebSocket} ws */
  #onReconnectError(msg, ws) {
    const r = this.#recovery;
    const code = msg.code ?? 'unknown';
    if (code === 'resume-failed') {
      // The session is gone (expired or unknown). The socket stays usable: join on it as a new participant.
      this.#record('resume-failed', { message: msg.message ?? '' });
      r.resume = false;
      this.#resetMedia('resume refused');
      if (this.#recovery !== r) return; // left from an event handler
      clearTimeout(r.attemptTimer);
      r.attemptTimer = setTimeout(() => this.#attemptFailed(r, ws), SOCKET_ATTEMPT_TIMEOUT_MS);
      this.#sendOn(ws, this.#joinMessage(false));
      return;
    }
    if (JOIN_REFUSALS.has(code)) {
      // The server refused the join itself (e.g. unauthorized: the token expired meanwhile): no retry can help.
      this.#reportError(code, msg.message ?? '');
      this.#giveUp(`join refused: ${code}`);
      return;
    }
    // Anything else (room-full while our old session still counts, internal, ...): try again on a new socket.
    console.warn(`patchbay: reconnect attempt got ${code}: ${msg.message ?? ''}`);
    this.#attemptFailed(r, ws);
  }

  #giveUp(reason) {
    if (this.#terminated) return;
    this.#record('gave-up', { reason });
    this.#reportError('signaling-closed', `could not reconnect: ${reason}`);
    this.#teardown('failed');
  }

  /**
   * Closes both peer connections before a full rejoin: every remote track goes (`trackremoved`), the participants
   * stay until the new `joined` says who is still there, our tracks wait to be published again.
   * @param {string} reason
   */
  #resetMedia(reason) {
    if (!this.#publisher && !this.#subscriber) return;
    this.#record('media-reset', { reason });
    const offer = this.#pub?.offer;
    this.#pub = null;
    if (offer) {
      clearTimeout(offer.timer);
      offer.reject(new PatchbayError('superseded', 'the publisher connection was replaced'));
    }
    this.#closePeerConnections();
    this.#pendingCandidates = { publisher: [], subscriber: [] };
    this.#outbox = [];
    this.#subscriberChain = Promise.resolve();
    for (const participant of this.#participants.values()) {
      for (const t of participant.tracks.values()) this.#detachRemoteTrack(participant.id, t.id);
    }
    this.#subscriberSections = new Map();
    for (const t of this.#localTracks) {
      t.transceiver = null;
      t.serverTrackId = null;
      t.muteUnsent = t.muted;
    }
    this.#reconnectToken = null;
    this.#dispatch('participantsreset', { reason, participants: [...this.#participants.values()] });
  }

  /** @param {?WebSocket} ws @param {number} code @param {string} reason */
  #closeSocket(ws, code, reason) {
    if (!ws) return;
    ws.onopen = null;
    ws.onmessage = null;
    ws.onclose = null;
    ws.onerror = null;
    if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) {
      try {
        ws.close(code, reason);
      } catch (e) {
        console.debug('patchbay: closing a WebSocket', e);
      }
    }
  }

  /**
   * Checks that the socket still carries anything: `get-stats` always gets an answer. Used when media
   * connectivity drops (the socket often died with it) and on network changes.
   */
  #probeSocket() {
    const ws = this.#ws;
    if (this.#probe || !this.#socketUsable() || !this.participantId) return;
    const timer = setTimeout(() => {
      if (this.#probe?.ws !== ws) return;
      this.#probe = null;
      if (ws !== this.#ws || this.#recovery) return;
      console.warn(`patchbay: nothing on the signaling socket for ${SOCKET_PROBE_TIMEOUT_MS} ms; reconnecting`);
      this.#beginRecovery('socket probe timed out');
    }, SOCKET_PROBE_TIMEOUT_MS);
    this.#probe = { ws, timer };
    this.#send({ type: 'get-stats' });
  }

  #probeAnswered() {
    clearTimeout(this.#probe?.timer);
    this.#probe = null;
  }

  #cancelProbe() {
    this.#probeAnswered();
  }

  // ---------------------------------------------------------------------------------------------
  // Peer connections

  /** @param {PcRole} role @returns {?RTCPeerConnection} */
  #pc(role) {
    return role === 'publisher' ? this.#publisher : role === 'subscriber' ? this.#subscriber : null;
  }

  /**
   * @param {PcRole} role
   * @param {RTCConfiguration} config
   */
  #createPeerConnection(role, config) {
    const pc = new RTCPeerConnection(config);
    this.#ice[role].clear();
    // Trickle ICE: every candidate is sent as soon as it is gathered (nothing waits for gathering to complete).
    pc.onicecandidate = (e) => {
      if (pc !== this.#pc(role)) return;
      const message = { type: 'candidate', pc: role, candidate: e.candidate ? e.candidate.toJSON() : null };
      if (!this.#send(message) && this.#outbox.length < OUTBOX_LIMIT) this.#outbox.push({ pc, message });
    };
    pc.oniceconnectionstatechange = () => this.#onPcStateChange(role, pc);
    pc.onconnectionstatechange = () => this.#onPcStateChange(role, pc);
    if (role === 'subscriber') pc.ontrack = (e) => this.#onTrack(pc, e);
    return pc;
  }

  #closePeerConnections() {
    for (const pc of [this.#publisher, this.#subscriber]) {
      if (!pc) continue;
      pc.onicecandidate = null;
      pc.oniceconnectionstatechange = null;
      pc.onconnectionstatechange = null;
      pc.onnegotiationneeded = null;
      pc.ontrack = null;
      pc.close();
    }
    this.#publisher = null;
    this.#subscriber = null;
    this.#ice.publisher.clear();
    this.#ice.subscriber.clear();
  }

  /** @param {LocalTrack} local */
  #addTransceiver(local) {
    const init = { direction: 'sendonly', streams: [local.stream] };
    if (local.simulcast) init.sendEncodings = SIMULCAST_ENCODINGS.map((e) => ({ ...e }));
    if (local.svc) init.sendEncodings = [{ scalabilityMode: local.svc }];
    let transceiver;
    try {
      transceiver = this.#publisher.addTransceiver(local.track, init);
    } catch (e) {
      if (!local.simulcast) throw e;
      // A browser without scalabilityMode support: the same encodings, one temporal layer each.
      init.sendEncodings = SIMULCAST_ENCODINGS.map(({ scalabilityMode, ...e }) => ({ ...e }));
      transceiver = this.#publisher.addTransceiver(local.track, init);
    }
    this.#e2ee?.attach(transceiver.sender, 'encrypt', local.kind);
    if (local.kind === 'audio') preferRedForAudio(transceiver);
    if (local.kind === 'video' && local.videoCodec) preferCodec(transceiver, local.videoCodec);
    local.transceiver = transceiver;
  }

  /** @param {PcRole} role @param {RTCPeerConnection} pc */
  #onPcStateChange(role, pc) {
    if (pc !== this.#pc(role)) return;
    if (pc.iceConnectionState === 'connected' || pc.iceConnectionState === 'completed') this.#mark(`${role}IceConnected`);
    if (pc.connectionState === 'connected') {
      this.#mark(`${role}Connected`);
      if (role === 'subscriber') this.#watchFirstFrame();
    }
    this.#checkIce(role, pc);
    this.#updateState();
  }

  /**
   * Watches a connection's ICE state and restarts ICE (RFC 8445 section 9) when connectivity is lost:
   * `failed` at once; `disconnected` only if it lasts ICE_DISCONNECTED_DEBOUNCE_MS, because consent
   * freshness (RFC 7675) reports `disconnected` as soon as a few checks go unanswered, and that often heals.
   * @param {PcRole} role @param {RTCPeerConnection} pc
   */
  #checkIce(role, pc) {
    const watch = this.#ice[role];
    if (isUp(pc)) {
      if (watch.restarted) {
        this.#record('ice-recovered', { pc: role, downMs: Math.round(performance.now() - watch.downSince) });
      }
      watch.clear();
      return;
    }
    if (pc.iceConnectionState === 'failed' || pc.connectionState === 'failed') {
      this.#restartIce(role, 'failed');
      return;
    }
    if (isDown(pc)) {
      if (!watch.downSince) {
        watch.downSince = performance.now();
        console.info(`patchbay: ${role} connection ${pc.iceConnectionState}`);
      }
      if (!watch.debounce && !watch.inFlight) {
        watch.debounce = setTimeout(() => {
          watch.debounce = null;
          if (pc === this.#pc(role) && isDown(pc)) this.#restartIce(role, 'disconnected');
        }, ICE_DISCONNECTED_DEBOUNCE_MS);
      }
    }
  }

  /**
   * Restarts ICE on one connection, at most one restart in flight each: the publisher offers with new ICE
   * credentials (JSEP: createOffer({iceRestart: true}), RFC 8829 section 5.2.1), the subscriber asks the server for
   * such an offer (`restart-ice`). While the socket is down the restart waits for the resume.
   * @param {PcRole} role @param {string} reason
   */
  #restartIce(role, reason) {
    const pc = this.#pc(role);
    const watch = this.#ice[role];
    if (!pc || this.#terminated || !pc.remoteDescription) return; // never negotiated: nothing to restart
    clearTimeout(watch.debounce);
    watch.debounce = null;
    if (!watch.downSince) watch.downSince = performance.now();
    if (!this.#socketUsable()) {
      watch.pending = true;
      return;
    }
    if (watch.inFlight) return;
    if (performance.now() - watch.downSince > ICE_GIVE_UP_MS) {
      // The server has removed us by now (media silent for 20 s): rejoin as a new participant.
      this.#record('gave-up', { pc: role, reason: `${role} connection down for ${ICE_GIVE_UP_MS / 1000} s` });
      watch.clear();
      this.#beginRecovery('ice failed', { resume: false, closeCode: 1000 });
      return;
    }
    watch.inFlight = true;
    watch.pending = false;
    watch.restarted = true;
    this.iceRestarts[role]++;
    this.#record('ice-restart', { pc: role, reason });
    if (role === 'publisher') {
      this.#pub.iceRestart = true;
      this.#negotiatePublisher(); // or, when an offer is in flight, right after its answer
    } else {
      this.#send({ type: 'restart-ice', pc: 'subscriber' }); // the server's new offer is answered as usual
    }
    this.#probeSocket(); // media lost often means the socket is dead too, without the browser knowing yet
    watch.retry = setTimeout(() => {
      watch.retry = null;
      watch.inFlight = false;
      if (pc !== this.#pc(role)) return;
      if (isDown(pc) || watch.pending) this.#restartIce(role, 'retry');
      else if (isUp(pc)) watch.clear();
    }, ICE_RESTART_RETRY_MS);
  }

  /** Offers on the publisher connection; one negotiation at a time, repeated while changes pile up. */
  async #negotiatePublisher() {
    const neg = this.#pub;
    if (!neg) return;
    if (neg.negotiating) {
      neg.again = true;
      return;
    }
    neg.negotiating = true;
    const pc = neg.pc;
    const superseded = () => new PatchbayError('superseded', 'the publisher connection was replaced');
    try {
      do {
        neg.again = false;
        const waiters = this.#publisherWaiters.splice(0);
        const iceRestart = neg.iceRestart;
        neg.iceRestart = false;
        neg.covered = new Set(pc.getTransceivers());
        try {
          const offer = await pc.createOffer(iceRestart ? { iceRestart: true } : {});
          if (neg !== this.#pub) throw superseded();
          await pc.setLocalDescription(offer);
          if (neg !== this.#pub) throw superseded();
          // Sent at once: candidates trickle as they are gathered.
          const sdp = await new Promise((resolve, reject) => {
            neg.offer = { sdp: pc.localDescription.sdp, sources: this.#offerSources(pc), resolve, reject, timer: null };
            this.#sendPublisherOffer(neg);
          });
          this.#mark('publisherAnswerReceived');
          if (neg !== this.#pub) throw superseded();
          const dtxMids = this.#localTracks.filter((t) => t.dtx && t.transceiver?.mid != null)
            .map((t) => t.transceiver.mid);
          await pc.setRemoteDescription({ type: 'answer', sdp: withOpusDtx(sdp, dtxMids) });
          this.#flushCandidates('publisher', pc);
          waiters.forEach((w) => w.resolve());
        } catch (e) {
          if (neg.offer) {
            clearTimeout(neg.offer.timer);
            neg.offer = null;
          }
          if (neg !== this.#pub && !this.#terminated) {
            // Replaced by a rejoin: the new connection's first negotiation settles these callers.
            this.#publisherWaiters.unshift(...waiters);
            return;
          }
          waiters.forEach((w) => w.reject(e));
          if (neg !== this.#pub) return;
          // A failed ICE-restart offer alone is retried by #restartIce; anything else is the page's business.
          if (iceRestart && waiters.length === 0) console.warn('patchbay: ICE restart offer failed', e);
          else this.#reportError('publish-failed', String(e?.message ?? e));
          return;
        }
      } while (neg.again && neg === this.#pub);
    } finally {
      neg.negotiating = false;
    }
  }

  /**
   * The offer's `sources`: the mid of each of our screen tracks' sections (the others are camera and microphone,
   * the server's default). Mids are known once the offer is the local description.
   * @param {RTCPeerConnection} pc @returns {Object<string, TrackSource>}
   */
  #offerSources(pc) {
    const sources = {};
    for (const t of this.#localTracks) {
      const mid = t.transceiver?.mid;
      if (t.source === 'screen' && mid != null && pc.getTransceivers().includes(t.transceiver)) sources[mid] = t.source;
    }
    return sources;
  }

  /** Sends (or, after a resume, sends again) the offer waiting for its answer; its timeout runs while it is out. */
  #sendPublisherOffer(neg) {
    const offer = neg.offer;
    if (!offer) return;
    clearTimeout(offer.timer);
    offer.timer = null;
    const message = { type: 'offer', pc: 'publisher', sdp: offer.sdp };
    if (Object.keys(offer.sources).length > 0) message.sources = offer.sources;
    if (!this.#send(message)) return; // socket down: sent after the resume
    this.#mark('publisherOfferSent');
    offer.timer = setTimeout(() => offer.reject(
      new PatchbayError('timeout', `no publisher answer within ${this.#timeoutMs} ms`)), this.#timeoutMs);
  }

  #onPublisherAnswer(msg) {
    const neg = this.#pub;
    const offer = neg?.offer;
    if (msg.pc !== 'publisher' || !offer) {
      console.warn('patchbay: unexpected answer', msg.pc);
      return;
    }
    clearTimeout(offer.timer);
    neg.offer = null;
    offer.resolve(msg.sdp);
  }

  #onSubscriberOffer(msg) {
    if (msg.pc !== 'subscriber') {
      console.warn('patchbay: unexpected offer for', msg.pc);
      return;
    }
    const pc = this.#subscriber;
    if (!pc) return;
    this.#mark('subscriberOfferReceived');
    const sections = parseMsidSections(msg.sdp);
    this.#subscriberChain = this.#subscriberChain.then(async () => {
      if (pc !== this.#subscriber) return;
      try {
        this.#incomingSections = sections;
        try {
          await pc.setRemoteDescription({ type: 'offer', sdp: msg.sdp });
        } finally {
          this.#incomingSections = null;
        }
        this.#limitReceiveCodecs(pc);
        // Answer at once; the server's buffered candidates and the UI work come after.
        await pc.setLocalDescription(await pc.createAnswer());
        if (pc !== this.#subscriber) return;
        // If the socket is down the answer is lost; the server sends this offer again after the resume.
        if (this.#send({ type: 'answer', pc: 'subscriber', sdp: pc.localDescription.sdp })) {
          this.#mark('subscriberAnswerSent');
        }
        this.#applySubscriberSections(sections);
        this.#flushCandidates('subscriber', pc);
      } catch (e) {
        if (pc === this.#subscriber) this.#reportError('subscribe-failed', String(e?.message ?? e));
      }
      this.#updateState();
    });
  }

  #onRemoteCandidate(msg) {
    const role = msg.pc === 'publisher' ? 'publisher' : msg.pc === 'subscriber' ? 'subscriber' : null;
    const pc = role ? this.#pc(role) : null;
    if (!pc) return;
    if (!pc.remoteDescription) {
      this.#pendingCandidates[role].push(msg.candidate ?? null);
      return;
    }
    this.#addCandidate(pc, msg.candidate ?? null);
  }

  /** Adds the candidates that arrived before the remote description (addIceCandidate queues them in order). */
  #flushCandidates(role, pc) {
    for (const c of this.#pendingCandidates[role].splice(0)) this.#addCandidate(pc, c);
  }

  /** @param {RTCPeerConnection} pc @param {?RTCIceCandidateInit} candidate null = end of candidates */
  async #addCandidate(pc, candidate) {
    try {
      await (candidate ? pc.addIceCandidate(candidate) : pc.addIceCandidate());
    } catch (e) {
      if (pc.signalingState !== 'closed') console.warn('patchbay: addIceCandidate failed', candidate, e);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Remote tracks

  /**
   * A `track` event: map the receiver by its transceiver's mid to the m-section of the offer being applied.
   * Mids say nothing about position or kind: the server recycles a rejected m-line for a new track with a new mid
   * (JSEP, RFC 8829 section 5.2.2), possibly of the other kind, so nothing here relies on the m-line index.
   * @param {RTCPeerConnection} pc @param {RTCTrackEvent} e
   */
  #onTrack(pc, e) {
    if (pc !== this.#subscriber) return;
    this.#e2ee?.attach(e.receiver, 'decrypt', e.track.kind);
    const mid = e.transceiver?.mid;
    const section = mid != null ? (this.#incomingSections ?? this.#subscriberSections).get(mid) : undefined;
    const streamId = e.streams?.[0]?.id;
    if (section?.active && streamId && streamId !== section.participantId) {
      console.warn(`patchbay: mid ${mid}: stream ${streamId} but a=msid names ${section.participantId}`);
    }
    // Inside setRemoteDescription (where track events fire) the track is attached by #applySubscriberSections
    // right after the answer is sent, so that the answer does not wait for the page's trackadded handlers.
    if (this.#incomingSections || !section?.active) return;
    this.#attachRemoteTrack(section, e.track);
  }

  /**
   * Reconciles received media with the m-sections of a newly applied subscriber offer: sections that
   * stopped carrying a track (or now carry another one) remove it; sections with a new track add it.
   * This does not rely on `ontrack` alone, which does not fire when a live m-section changes its msid.
   * @param {Map<string, MsidSection>} sections
   */
  #applySubscriberSections(sections) {
    const previous = this.#subscriberSections;
    this.#subscriberSections = sections;
    const same = (a, b) => a?.active && b?.active && a.participantId === b.participantId && a.trackId === b.trackId;
    for (const [mid, old] of previous) {
      if (old.active && !same(old, sections.get(mid))) this.#detachRemoteTrack(old.participantId, old.trackId, mid);
    }
    const transceivers = this.#subscriber.getTransceivers();
    for (const [mid, section] of sections) {
      if (!section.active || same(previous.get(mid), section)) continue;
      const transceiver = transceivers.find((t) => t.mid === mid && !t.stopped);
      if (transceiver) this.#attachRemoteTrack(section, transceiver.receiver.track);
    }
  }

  /** @param {MsidSection} section @param {MediaStreamTrack} mediaTrack */
  #attachRemoteTrack(section, mediaTrack) {
    let participant = this.#participants.get(section.participantId);
    if (!participant && this.#departed.has(section.participantId)) return;
    if (!participant) {
      // Media can arrive before `participant-joined`; the name follows with it.
      participant = new RemoteParticipant(section.participantId, '');
      this.#participants.set(participant.id, participant);
    }
    let track = participant.tracks.get(section.trackId);
    if (!track) {
      track = new RemoteTrack(section.trackId, section.kind, false);
      participant.tracks.set(track.id, track);
    }
    if (track.mediaTrack === mediaTrack && track.mid === section.mid) return; // already attached (track event)
    track.mediaTrack = mediaTrack;
    track.mid = section.mid;
    let stream;
    if (track.source === 'screen') {
      // Beside the participant's camera, not in place of it: a stream of its own.
      track.stream = new MediaStream([mediaTrack]);
      stream = track.stream;
    } else {
      for (const other of participant.stream.getTracks()) {
        if (other.kind === mediaTrack.kind && other !== mediaTrack) participant.stream.removeTrack(other);
      }
      if (!participant.stream.getTracks().includes(mediaTrack)) participant.stream.addTrack(mediaTrack);
      stream = participant.stream;
    }
    this.#mark('firstRemoteTrack');
    this.#dispatch('trackadded', {
      participant, track: mediaTrack, stream, trackId: track.id, kind: track.kind, source: track.source,
      muted: track.muted,
    });
    if (mediaTrack.kind === 'video') this.#watchFirstFrame();
  }

  /** @param {string} participantId @param {string} trackId @param {?string} [mid] only if it is still there */
  #detachRemoteTrack(participantId, trackId, mid = null) {
    const participant = this.#participants.get(participantId);
    const track = participant?.tracks.get(trackId);
    if (!track?.mediaTrack) return;
    if (mid != null && track.mid !== mid) return; // it moved to another m-section meanwhile
    const mediaTrack = track.mediaTrack;
    const stream = track.stream ?? participant.stream;
    track.mediaTrack = null;
    track.mid = null;
    track.stream = null;
    stream.removeTrack(mediaTrack);
    this.#dispatch('trackremoved', {
      participant, track: mediaTrack, stream, trackId, kind: track.kind, source: track.source,
    });
  }

  /**
   * Records `timing.firstRemoteFrame`: polls the subscriber's getStats every FIRST_FRAME_POLL_MS while it is
   * connected (no frame can be decoded before) until a video receiver has decoded a frame. The library creates
   * no media element, so requestVideoFrameCallback is not available here.
   */
  #watchFirstFrame() {
    if (this.timing.firstRemoteFrame != null || this.#framePoll || this.#terminated) return;
    if (this.#subscriber?.connectionState !== 'connected') return; // called again on 'connected'
    const hasVideo = [...this.#participants.values()].some(
      (p) => [...p.tracks.values()].some((t) => t.kind === 'video' && t.mediaTrack));
    if (!hasVideo) return; // called again on the first video trackadded
    this.#framePollStartedAt = performance.now();
    const poll = async () => {
      const pc = this.#subscriber;
      let decoded = false;
      try {
        if (pc) (await pc.getStats()).forEach((s) => {
          if (s.type === 'inbound-rtp' && s.kind === 'video' && s.framesDecoded > 0) decoded = true;
        });
      } catch {
        // closed meanwhile
      }
      if (decoded) this.#mark('firstRemoteFrame');
      if (decoded || this.#terminated || this.#subscriber?.connectionState !== 'connected'
        || performance.now() - this.#framePollStartedAt > FIRST_FRAME_POLL_LIMIT_MS) {
        this.#framePoll = null;
        return;
      }
      this.#framePoll = setTimeout(poll, FIRST_FRAME_POLL_MS);
    };
    this.#framePoll = setTimeout(poll, 0);
  }

  // ---------------------------------------------------------------------------------------------
  // Participants

  /**
   * Makes the participant list match a `joined` (first join, resume or rejoin) without duplicate events: those
   * gone get `participantleft` (reason `unknown`: their `participant-left` went to a dead socket), new ones
   * `participantjoined`, missed track and mute changes are applied.
   * @param {{id: string, name: string, tracks: {id: string, kind: TrackKind, muted: boolean}[]}[]} list
   */
  #reconcileParticipants(list) {
    const present = new Map(list.filter((p) => p?.id && p.id !== this.participantId && !this.#departed.has(p.id))
      .map((p) => [p.id, p]));
    for (const id of [...this.#participants.keys()]) {
      if (!present.has(id)) this.#onParticipantLeft(id, 'unknown');
    }
    for (const p of present.values()) {
      const known = this.#participants.get(p.id);
      if (known) {
        const trackIds = new Set((p.tracks ?? []).map((t) => t.id));
        for (const t of [...known.tracks.values()]) {
          if (!trackIds.has(t.id)) this.#onTrackUnpublished(p.id, t.id);
        }
        for (const t of p.tracks ?? []) {
          const mine = known.tracks.get(t.id);
          if (mine && mine.muted !== !!t.muted) this.#onTrackMuted(p.id, t.id, !!t.muted);
        }
      }
      this.#onParticipantJoined(p);
    }
  }

  #onParticipantJoined(p) {
    // Departed ids never come back (ids are per session); one may be our own previous session after a rejoin.
    if (!p || p.id === this.participantId || this.#departed.has(p.id)) return;
    let participant = this.#participants.get(p.id);
    if (!participant) {
      participant = new RemoteParticipant(p.id, p.name ?? '');
      this.#participants.set(p.id, participant);
    } else {
      participant.name = p.name ?? participant.name;
    }
    for (const t of p.tracks ?? []) this.#upsertTrack(participant, t);
    if (this.#announced.has(p.id)) return;
    this.#announced.add(p.id);
    this.#dispatch('participantjoined', { participant });
  }

  /** @param {string} participantId @param {string} [reason] */
  #onParticipantLeft(participantId, reason) {
    this.#departed.add(participantId);
    this.#announced.delete(participantId);
    this.#pinned = this.#pinned.filter((id) => id !== participantId); // the server dropped it too
    const participant = this.#participants.get(participantId);
    if (!participant) return;
    for (const t of participant.tracks.values()) this.#detachRemoteTrack(participantId, t.id);
    this.#participants.delete(participantId);
    this.#dispatch('participantleft', { participant, reason: reason ?? 'unknown' });
  }

  #onTrackPublished(participantId, t) {
    if (!t) return;
    if (participantId === this.participantId) {
      // One of ours: learn the server's id so that mute messages can name it.
      if (this.#localTracks.some((l) => l.serverTrackId === t.id)) return;
      const source = t.source ?? defaultSource(t.kind);
      const local = this.#localTracks.find((l) => l.kind === t.kind && l.source === source && l.serverTrackId == null);
      if (local) {
        local.serverTrackId = t.id;
        this.#sendMuteIfKnown(local);
      }
      return;
    }
    const participant = this.#participants.get(participantId);
    if (participant) this.#upsertTrack(participant, t);
  }

  #onTrackUnpublished(participantId, trackId) {
    const participant = this.#participants.get(participantId);
    if (!participant) return;
    this.#detachRemoteTrack(participantId, trackId);
    participant.tracks.delete(trackId);
  }

  #onTrackMuted(participantId, trackId, muted) {
    if (participantId === this.participantId) return; // our own state is already known
    const participant = this.#participants.get(participantId);
    const track = participant?.tracks.get(trackId);
    if (!track) return;
    track.muted = !!muted;
    this.#dispatch('trackmuted', { participant, trackId, kind: track.kind, muted: track.muted, local: false });
  }

  #upsertTrack(participant, t) {
    const existing = participant.tracks.get(t.id);
    const layers = Array.isArray(t.layers) ? t.layers : [];
    const source = ['camera', 'microphone', 'screen'].includes(t.source) ? t.source : defaultSource(t.kind);
    if (existing) {
      existing.muted = !!t.muted;
      existing.layers = layers;
      existing.source = source;
    } else {
      participant.tracks.set(t.id, new RemoteTrack(t.id, t.kind, !!t.muted, layers, source));
    }
  }

  /** @param {LocalTrack} t */
  #sendMuteIfKnown(t) {
    if (!t.muteUnsent || t.serverTrackId == null) return;
    if (this.#send({ type: 'mute', trackId: t.serverTrackId, muted: t.muted })) t.muteUnsent = false;
  }

  // ---------------------------------------------------------------------------------------------
  // State

  #requireJoined() {
    if (!this.participantId || this.#terminated) throw new Error(`not joined (state ${this.#state})`);
  }

  /** Derives the room state from the WebSocket and the peer connections that have started negotiating. */
  #updateState() {
    if (this.#terminated || this.#state === 'new') return;
    if (this.#joinWaiter || !this.participantId) return; // still joining
    if (this.#recovery) {
      this.#setState('reconnecting');
      return;
    }
    if (!this.#publisher) return;
    const started = [this.#publisher, this.#subscriber].filter(
      (pc) => pc && (pc.remoteDescription || pc.signalingState !== 'stable'));
    const states = started.map((pc) => pc.connectionState);
    let next;
    if (started.length === 0) {
      // Nothing negotiated yet: connected, unless our tracks are about to be published (a rejoin).
      this.#setState(this.#localTracks.length > 0 ? 'connecting' : 'connected');
      return;
    }
    // A failed connection gets an ICE restart, so it counts as disconnected (recovering) rather than failed.
    if (states.includes('failed') || states.includes('disconnected')) next = 'disconnected';
    else if (states.every((s) => s === 'connected')) next = 'connected';
    else next = 'connecting';
    this.#setState(next);
  }

  /** @param {RoomConnectionState} next */
  #setState(next) {
    if (next === this.#state) return;
    const previous = this.#state;
    this.#state = next;
    console.info(`patchbay: ${previous} -> ${next}`);
    this.#dispatch('connectionstatechange', { state: next, previous });
  }

  /** @param {keyof JoinTiming} field */
  #mark(field) {
    if (this.timing[field] == null) this.timing[field] = performance.now();
  }

  /** Appends to {@link Room#lifecycle}, logs it and dispatches `lifecycle`. */
  #record(event, details = {}) {
    const entry = { t: performance.now(), event, ...details };
    this.lifecycle.push(entry);
    if (this.lifecycle.length > LIFECYCLE_LIMIT) this.lifecycle.splice(0, this.lifecycle.length - LIFECYCLE_LIMIT);
    console.info(`patchbay: ${event} ${JSON.stringify(details)}`);
    this.#dispatch('lifecycle', entry);
  }

  /** @param {RoomConnectionState} finalState */
  #teardown(finalState) {
    this.#terminated = true;
    this.#listenToNetwork(false);
    const recovery = this.#recovery;
    this.#recovery = null;
    if (recovery) {
      clearTimeout(recovery.timer);
      clearTimeout(recovery.attemptTimer);
      this.#closeSocket(recovery.ws, 1000, 'leave');
    }
    this.#cancelProbe();
    clearTimeout(this.#framePoll);
    this.#framePoll = null;
    const ws = this.#ws;
    this.#ws = null;
    this.#closeSocket(ws, 1000, 'leave');
    const closed = new PatchbayError(finalState === 'closed' ? 'closed' : 'signaling-closed', 'the session ended');
    this.#joinWaiter?.reject(closed);
    const offer = this.#pub?.offer;
    this.#pub = null;
    if (offer) {
      clearTimeout(offer.timer);
      offer.reject(closed);
    }
    this.#closePeerConnections();
    this.#publisherWaiters.splice(0).forEach((w) => w.reject(closed));
    this.#pendingCandidates = { publisher: [], subscriber: [] };
    this.#outbox = [];
    this.#subscriberSections = new Map();
    for (const participant of this.#participants.values()) {
      for (const t of participant.tracks.values()) t.mediaTrack = null;
    }
    this.#participants = new Map();
    this.#announced = new Set();
    this.#setState(finalState);
  }

  #reportError(code, message) {
    this.#dispatch('error', { code, message });
  }

  #dispatch(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}

/**
 * What one m-section of a subscriber offer carries.
 * @typedef {object} MsidSection
 * @property {string} mid
 * @property {TrackKind} kind
 * @property {?string} participantId msid stream id
 * @property {?string} trackId       msid track id
 * @property {boolean} active        port != 0, server sends (sendonly/sendrecv), and has an msid
 */

/**
 * Extracts, per mid, the msid and direction of each audio/video m-section of an SDP.
 * @param {string} sdp
 * @returns {Map<string, MsidSection>}
 */
export function parseMsidSections(sdp) {
  const sections = new Map();
  const parts = sdp.split(/\r?\n(?=m=)/).slice(1);
  for (const part of parts) {
    const mLine = /^m=(\w+) (\d+)/.exec(part);
    if (!mLine || (mLine[1] !== 'audio' && mLine[1] !== 'video')) continue;
    const mid = /^a=mid:(\S+)/m.exec(part)?.[1];
    if (mid == null) continue;
    const msid = /^a=msid:(\S+) (\S+)/m.exec(part);
    const direction = /^a=(sendrecv|sendonly|recvonly|inactive)\s*$/m.exec(part)?.[1] ?? 'sendrecv';
    const active = mLine[2] !== '0' && (direction === 'sendonly' || direction === 'sendrecv') && !!msid && msid[1] !== '-';
    sections.set(mid, {
      mid,
      kind: /** @type {TrackKind} */ (mLine[1]),
      participantId: msid?.[1] ?? null,
      trackId: msid?.[2] ?? null,
      active,
    });
  }
  return sections;
}
