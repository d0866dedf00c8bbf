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
 * Signaling runs over one WebSocket (`/ws`, JSON text messages, see docs/protocol.md). Media uses two
 * peer connections: `publisher` (this client offers, sendonly) and `subscriber` (the server offers
 * whenever the set of forwarded tracks changes; this client answers). Each forwarded m-section in a
 * subscriber offer carries `a=msid:<participantId> <trackId>`, which is how remote media is mapped to
 * participants.
 *
 * Events (all {@link CustomEvent}s dispatched on the Room):
 * - `participantjoined`  detail: {participant}
 * - `participantleft`    detail: {participant}
 * - `trackadded`         detail: {participant, track: MediaStreamTrack, stream: MediaStream, trackId, kind, muted}
 * - `trackremoved`       detail: {participant, track: MediaStreamTrack, stream: MediaStream, trackId, kind}
 * - `trackmuted`         detail: {participant, trackId, kind, muted, local}
 * - `error`              detail: {code, message}
 * - `connectionstatechange` detail: {state, previous}
 * - `signal`             detail: {direction: 'in'|'out', message} (every signaling message, for debugging)
 *
 * @module patchbay
 */

/** @typedef {'audio'|'video'} TrackKind */

/**
 * Connection state of a {@link Room}.
 * `new` before join; `connecting` until signaling is up and every started peer connection is connected;
 * `connected`; `disconnected` while a peer connection has lost connectivity (it may recover);
 * `failed` when a peer connection failed or the signaling connection was lost; `closed` after leave().
 * @typedef {'new'|'connecting'|'connected'|'disconnected'|'failed'|'closed'} RoomConnectionState
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
 * @property {number} [audioLevel]    audio only, 0..1
 * @property {number} [concealedSamples] audio only
 * @property {?string} codec          mime type, e.g. "video/VP8"
 */

/** A track as announced by the server (`track-published`), optionally with its received media. */
export class RemoteTrack {
  /**
   * @param {string} id the server's track id
   * @param {TrackKind} kind
   * @param {boolean} muted
   */
  constructor(id, kind, muted) {
    /** @type {string} */ this.id = id;
    /** @type {TrackKind} */ this.kind = kind;
    /** @type {boolean} */ this.muted = muted;
    /** @type {?MediaStreamTrack} the received media, once the subscriber connection carries it */
    this.mediaTrack = null;
    /** @type {?string} the subscriber m-section carrying it */
    this.mid = null;
  }
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

  /** @returns {boolean} whether the participant's (first) track of that kind is muted or absent */
  isMuted(/** @type {TrackKind} */ kind) {
    for (const t of this.tracks.values()) if (t.kind === kind) return t.muted;
    return true;
  }
}

/** One of our own published tracks. */
class LocalTrack {
  constructor(/** @type {MediaStreamTrack} */ track, /** @type {RTCRtpTransceiver} */ transceiver) {
    this.track = track;
    this.kind = /** @type {TrackKind} */ (track.kind);
    this.transceiver = transceiver;
    /** @type {?string} the server's id for this track, learnt from `track-published` */
    this.serverTrackId = null;
    this.muted = !track.enabled;
    /** whether the server has to be told about the mute state once the id is known */
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

/**
 * One participant's session in a room: the signaling WebSocket and the two peer connections.
 */
export class Room extends EventTarget {
  /** @type {string} */ #url;
  /** @type {?RTCIceServer[]} */ #iceServersOverride;
  /** @type {RTCIceTransportPolicy} */ #iceTransportPolicy;
  /** @type {number} */ #timeoutMs;
  /** @type {?WebSocket} */ #ws = null;
  /** @type {?RTCPeerConnection} */ #publisher = null;
  /** @type {?RTCPeerConnection} */ #subscriber = null;
  /** @type {RoomConnectionState} */ #state = 'new';
  /** @type {Map<string, RemoteParticipant>} */ #participants = new Map();
  /** Ids of participants that left, so that late media for them is ignored. @type {Set<string>} */
  #departed = new Set();
  /** @type {LocalTrack[]} */ #localTracks = [];
  /** Candidates that arrived before the remote description, per pc. */
  #pendingCandidates = { publisher: [], subscriber: [] };
  /** Subscriber m-sections by mid, from the last applied remote offer. @type {Map<string, MsidSection>} */
  #subscriberSections = new Map();
  /** Serializes work on the subscriber pc (offers are applied in order). */
  #subscriberChain = Promise.resolve();
  /** Publisher negotiation state. */
  #publisherNegotiating = false;
  #publisherNegotiateAgain = false;
  /** @type {?{resolve: (sdp: string) => void, reject: (e: Error) => void}} */ #publisherAnswerWaiter = null;
  /** Callers of publish() waiting for the next completed negotiation. */
  #publisherWaiters = [];
  /** @type {?{resolve: (msg: object) => void, reject: (e: Error) => void}} */ #joinWaiter = null;

  /** @type {?string} our participant id, set once joined */
  participantId = null;
  /** @type {?string} the room name, set once joined */
  roomName = null;
  /** @type {?string} our display name */
  name = null;

  /**
   * @param {object} [options]
   * @param {string} [options.url] signaling WebSocket URL; default `ws(s)://<this host>/ws`
   * @param {RTCIceServer[]} [options.iceServers] overrides the ICE servers the server sends in `joined`
   * @param {number} [options.timeoutMs=10000] how long join() and each publisher negotiation may take
   * @param {RTCIceTransportPolicy} [options.iceTransportPolicy='all'] 'relay' forces media through TURN
   */
  constructor({ url, iceServers, timeoutMs = 10000, iceTransportPolicy = 'all' } = {}) {
    super();
    this.#url = url ?? `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
    this.#iceServersOverride = iceServers ?? null;
    this.#timeoutMs = timeoutMs;
    this.#iceTransportPolicy = iceTransportPolicy;
  }

  /** @returns {Map<string, RemoteParticipant>} the other participants, by participant id */
  get participants() {
    return this.#participants;
  }

  /** @returns {RoomConnectionState} */
  get connectionState() {
    return this.#state;
  }

  /**
   * The two peer connections, for diagnostics (e.g. raw `getStats()`); null before join and after leave.
   * @returns {{publisher: ?RTCPeerConnection, subscriber: ?RTCPeerConnection}}
   */
  get peerConnections() {
    return { publisher: this.#publisher, subscriber: this.#subscriber };
  }

  /** @returns {{track: MediaStreamTrack, kind: TrackKind, trackId: ?string, muted: boolean}[]} our published tracks */
  get localTracks() {
    return this.#localTracks.map((t) => ({ track: t.track, kind: t.kind, trackId: t.serverTrackId, muted: t.muted }));
  }

  /**
   * Connects to the server and joins a room. Resolves once the server answered with `joined`.
   * @param {object} params
   * @param {string} params.room
   * @param {string} params.name
   * @param {string} [params.token] JWT, if the server requires one
   * @returns {Promise<{participantId: string, participants: RemoteParticipant[]}>}
   */
  async join({ room, name, token }) {
    if (this.#state !== 'new') throw new Error(`join() called in state ${this.#state}`);
    this.#setState('connecting');
    this.name = name;
    const ws = new WebSocket(this.#url);
    this.#ws = ws;
    ws.onmessage = (e) => this.#onMessage(e.data);
    ws.onclose = (e) => this.#onSocketClosed(e);

    const joined = new Promise((resolve, reject) => (this.#joinWaiter = { resolve, reject }));
    const opened = new Promise((resolve, reject) => {
      ws.onopen = resolve;
      ws.onerror = () => reject(new PatchbayError('signaling-unavailable', `cannot connect to ${this.#url}`));
    });
    joined.catch(() => {}); // awaited below; this only keeps an early rejection from being reported as unhandled
    opened.catch(() => {});
    const timer = setTimeout(
      () => this.#joinWaiter?.reject(new PatchbayError('timeout', `no 'joined' within ${this.#timeoutMs} ms`)),
      this.#timeoutMs);
    try {
      await Promise.race([opened, joined]); // `joined` can only settle first by failing (timeout, close)
      ws.onerror = null;
      const message = { type: 'join', room, name };
      if (token) message.token = token;
      this.#send(message);
      await joined;
    } catch (e) {
      this.#teardown('failed');
      throw e;
    } finally {
      clearTimeout(timer);
      this.#joinWaiter = null;
    }
    this.#updateState();
    return { participantId: this.participantId, participants: [...this.#participants.values()] };
  }

  /**
   * Publishes every track of a stream (as sendonly transceivers on the publisher connection) and
   * resolves once the server answered the resulting offer.
   * @param {MediaStream} stream
   * @returns {Promise<void>}
   */
  async publish(stream) {
    const pc = this.#requireJoined().publisher;
    const added = stream.getTracks().filter((track) => !this.#localTracks.some((t) => t.track === track));
    if (added.length === 0) return;
    const negotiated = new Promise((resolve, reject) => this.#publisherWaiters.push({ resolve, reject }));
    for (const track of added) {
      const transceiver = pc.addTransceiver(track, { direction: 'sendonly', streams: [stream] });
      if (track.kind === 'audio') preferRedForAudio(transceiver);
      this.#localTracks.push(new LocalTrack(track, transceiver));
    }
    // negotiationneeded fires asynchronously and starts the offer; wait for its answer.
    await negotiated;
    this.#updateState();
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
   * Inbound statistics per remote track (one entry per received RTP stream of the subscriber connection).
   * @returns {Promise<TrackStats[]>}
   */
  async getStats() {
    if (!this.#subscriber) return [];
    const report = await this.#subscriber.getStats();
    const midByTrackId = new Map();
    for (const t of this.#subscriber.getTransceivers()) if (t.mid) midByTrackId.set(t.receiver.track.id, t.mid);
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

  // ---------------------------------------------------------------------------------------------
  // Signaling

  /** @param {object} message */
  #send(message) {
    if (this.#ws?.readyState !== WebSocket.OPEN) return;
    this.#dispatch('signal', { direction: 'out', message });
    this.#ws.send(JSON.stringify(message));
  }

  /** @param {string} data */
  #onMessage(data) {
    let msg;
    try {
      msg = JSON.parse(data);
    } catch {
      this.#reportError('bad-json', 'the server sent a message that is not JSON');
      return;
    }
    this.#dispatch('signal', { direction: 'in', message: msg });
    switch (msg.type) {
      case 'joined': return this.#onJoined(msg);
      case 'answer': return this.#onPublisherAnswer(msg);
      case 'offer': return this.#onSubscriberOffer(msg);
      case 'candidate': return this.#onRemoteCandidate(msg);
      case 'participant-joined': return this.#onParticipantJoined(msg.participant);
      case 'participant-left': return this.#onParticipantLeft(msg.participantId);
      case 'track-published': return this.#onTrackPublished(msg.participantId, msg.track);
      case 'track-unpublished': return this.#onTrackUnpublished(msg.participantId, msg.trackId);
      case 'track-muted': return this.#onTrackMuted(msg.participantId, msg.trackId, msg.muted);
      case 'error': return this.#onServerError(msg);
      case 'stats': return this.#onServerStats(msg);
      default: console.debug('patchbay: ignoring message of type', msg.type);
    }
  }

  /** @type {Array<(stats: object) => void>} */
  #statsWaiters = [];

  /**
   * The server's view of this participant's media: per published track what it receives (loss, NACKs it sent,
   * retransmissions), per received track what it sends (NACKs, retransmissions, bitrate), RTTs and its estimate of
   * the bandwidth toward this client. Resolves with the `stats` message.
   * @returns {Promise<object>}
   */
  getServerStats() {
    return new Promise((resolve, reject) => {
      if (this.#ws?.readyState !== WebSocket.OPEN) {
        reject(new Error('not connected'));
        return;
      }
      this.#statsWaiters.push(resolve);
      this.#send({ type: 'get-stats' });
    });
  }

  #onServerStats(msg) {
    const waiters = this.#statsWaiters;
    this.#statsWaiters = [];
    for (const resolve of waiters) resolve(msg);
  }

  #onJoined(msg) {
    if (!this.#joinWaiter) return;
    this.participantId = msg.participantId;
    this.roomName = msg.room;
    const config = {
      iceServers: this.#iceServersOverride ?? msg.iceServers ?? [],
      bundlePolicy: 'max-bundle',
      iceTransportPolicy: this.#iceTransportPolicy,
    };
    this.#publisher = this.#createPeerConnection('publisher', config);
    this.#subscriber = this.#createPeerConnection('subscriber', config);
    this.#publisher.onnegotiationneeded = () => this.#negotiatePublisher();
    for (const p of msg.participants ?? []) {
      if (p.id !== this.participantId) this.#onParticipantJoined(p);
    }
    this.#joinWaiter.resolve(msg);
  }

  #onServerError(msg) {
    const code = msg.code ?? 'unknown';
    const message = msg.message ?? '';
    if (this.#joinWaiter) {
      // Before `joined`, an error means the join was refused.
      this.#joinWaiter.reject(new PatchbayError(code, message));
      return;
    }
    this.#reportError(code, message);
  }

  #onSocketClosed(event) {
    if (this.#joinWaiter) {
      this.#joinWaiter.reject(new PatchbayError('signaling-closed', `WebSocket closed (${event.code} ${event.reason})`));
      return; // join() fails and tears down
    }
    if (this.#state === 'closed' || this.#state === 'new') return;
    // The server treats a closed WebSocket as `leave`: the session is over.
    this.#reportError('signaling-closed', `the signaling connection closed (${event.code} ${event.reason})`);
    this.#teardown('failed');
  }

  // ---------------------------------------------------------------------------------------------
  // Peer connections

  /**
   * @param {'publisher'|'subscriber'} role
   * @param {RTCConfiguration} config
   */
  #createPeerConnection(role, config) {
    const pc = new RTCPeerConnection(config);
    pc.onicecandidate = (e) =>
      this.#send({ type: 'candidate', pc: role, candidate: e.candidate ? e.candidate.toJSON() : null });
    pc.onconnectionstatechange = () => this.#updateState();
    return pc;
  }

  /** Offers on the publisher connection; one negotiation at a time, repeated while changes pile up. */
  async #negotiatePublisher() {
    if (this.#publisherNegotiating) {
      this.#publisherNegotiateAgain = true;
      return;
    }
    this.#publisherNegotiating = true;
    const pc = this.#publisher;
    try {
      do {
        this.#publisherNegotiateAgain = false;
        const waiters = this.#publisherWaiters.splice(0);
        try {
          await pc.setLocalDescription(await pc.createOffer());
          const answer = new Promise((resolve, reject) => (this.#publisherAnswerWaiter = { resolve, reject }));
          const timer = setTimeout(() => this.#publisherAnswerWaiter?.reject(
            new PatchbayError('timeout', `no publisher answer within ${this.#timeoutMs} ms`)), this.#timeoutMs);
          this.#send({ type: 'offer', pc: 'publisher', sdp: pc.localDescription.sdp });
          let sdp;
          try {
            sdp = await answer;
          } finally {
            clearTimeout(timer);
            this.#publisherAnswerWaiter = null;
          }
          if (pc !== this.#publisher) return; // left meanwhile
          await pc.setRemoteDescription({ type: 'answer', sdp });
          await this.#flushCandidates('publisher', pc);
          waiters.forEach((w) => w.resolve());
        } catch (e) {
          waiters.forEach((w) => w.reject(e));
          if (pc === this.#publisher) this.#reportError('publish-failed', String(e?.message ?? e));
          return;
        }
      } while (this.#publisherNegotiateAgain && pc === this.#publisher);
    } finally {
      this.#publisherNegotiating = false;
    }
  }

  #onPublisherAnswer(msg) {
    if (msg.pc !== 'publisher' || !this.#publisherAnswerWaiter) {
      console.warn('patchbay: unexpected answer', msg.pc);
      return;
    }
    this.#publisherAnswerWaiter.resolve(msg.sdp);
  }

  #onSubscriberOffer(msg) {
    if (msg.pc !== 'subscriber') {
      console.warn('patchbay: unexpected offer for', msg.pc);
      return;
    }
    const pc = this.#subscriber;
    if (!pc) return;
    this.#subscriberChain = this.#subscriberChain.then(async () => {
      if (pc !== this.#subscriber) return;
      try {
        await pc.setRemoteDescription({ type: 'offer', sdp: msg.sdp });
        this.#applySubscriberSections(parseMsidSections(msg.sdp));
        await this.#flushCandidates('subscriber', pc);
        await pc.setLocalDescription(await pc.createAnswer());
        this.#send({ type: 'answer', pc: 'subscriber', sdp: pc.localDescription.sdp });
      } catch (e) {
        this.#reportError('subscribe-failed', String(e?.message ?? e));
      }
      this.#updateState();
    });
  }

  #onRemoteCandidate(msg) {
    const role = msg.pc === 'publisher' ? 'publisher' : msg.pc === 'subscriber' ? 'subscriber' : null;
    const pc = role === 'publisher' ? this.#publisher : role === 'subscriber' ? this.#subscriber : null;
    if (!pc) return;
    if (!pc.remoteDescription) {
      this.#pendingCandidates[role].push(msg.candidate ?? null);
      return;
    }
    this.#addCandidate(pc, msg.candidate ?? null);
  }

  async #flushCandidates(role, pc) {
    const pending = this.#pendingCandidates[role].splice(0);
    for (const c of pending) await this.#addCandidate(pc, c);
  }

  /** @param {RTCPeerConnection} pc @param {?RTCIceCandidateInit} candidate null = end of candidates */
  async #addCandidate(pc, candidate) {
    try {
      await (candidate ? pc.addIceCandidate(candidate) : pc.addIceCandidate());
    } catch (e) {
      console.warn('patchbay: addIceCandidate failed', candidate, e);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Remote tracks

  /**
   * Reconciles received media with the m-sections of a newly applied subscriber offer: sections that
   * stopped carrying a track (or now carry another one) remove it; sections with a new track add it.
   * This does not rely on `ontrack`, which does not fire when a live m-section changes its msid.
   * @param {Map<string, MsidSection>} sections
   */
  #applySubscriberSections(sections) {
    const previous = this.#subscriberSections;
    this.#subscriberSections = sections;
    for (const [mid, old] of previous) {
      const now = sections.get(mid);
      if (old.active && !(now?.active && now.participantId === old.participantId && now.trackId === old.trackId)) {
        this.#detachRemoteTrack(old.participantId, old.trackId);
      }
    }
    const transceivers = this.#subscriber.getTransceivers();
    for (const [mid, section] of sections) {
      if (!section.active) continue;
      const old = previous.get(mid);
      if (old?.active && old.participantId === section.participantId && old.trackId === section.trackId) continue;
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
    track.mediaTrack = mediaTrack;
    track.mid = section.mid;
    for (const other of participant.stream.getTracks()) {
      if (other.kind === mediaTrack.kind && other !== mediaTrack) participant.stream.removeTrack(other);
    }
    if (!participant.stream.getTracks().includes(mediaTrack)) participant.stream.addTrack(mediaTrack);
    this.#dispatch('trackadded', {
      participant, track: mediaTrack, stream: participant.stream, trackId: track.id, kind: track.kind, muted: track.muted,
    });
  }

  #detachRemoteTrack(participantId, trackId) {
    const participant = this.#participants.get(participantId);
    const track = participant?.tracks.get(trackId);
    if (!track?.mediaTrack) return;
    const mediaTrack = track.mediaTrack;
    track.mediaTrack = null;
    track.mid = null;
    participant.stream.removeTrack(mediaTrack);
    this.#dispatch('trackremoved', { participant, track: mediaTrack, stream: participant.stream, trackId, kind: track.kind });
  }

  #onParticipantJoined(p) {
    if (!p || p.id === this.participantId) return;
    let participant = this.#participants.get(p.id);
    if (!participant) {
      participant = new RemoteParticipant(p.id, p.name ?? '');
      this.#participants.set(p.id, participant);
    } else {
      participant.name = p.name ?? participant.name;
    }
    for (const t of p.tracks ?? []) this.#upsertTrack(participant, t);
    this.#dispatch('participantjoined', { participant });
  }

  #onParticipantLeft(participantId) {
    this.#departed.add(participantId);
    const participant = this.#participants.get(participantId);
    if (!participant) return;
    for (const t of participant.tracks.values()) this.#detachRemoteTrack(participantId, t.id);
    this.#participants.delete(participantId);
    this.#dispatch('participantleft', { participant });
  }

  #onTrackPublished(participantId, t) {
    if (!t) return;
    if (participantId === this.participantId) {
      // One of ours: learn the server's id so that mute messages can name it.
      if (this.#localTracks.some((l) => l.serverTrackId === t.id)) return;
      const local = this.#localTracks.find((l) => l.kind === t.kind && l.serverTrackId == null);
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
    if (existing) {
      existing.muted = !!t.muted;
    } else {
      participant.tracks.set(t.id, new RemoteTrack(t.id, t.kind, !!t.muted));
    }
  }

  /** @param {LocalTrack} t */
  #sendMuteIfKnown(t) {
    if (!t.muteUnsent || t.serverTrackId == null) return;
    t.muteUnsent = false;
    this.#send({ type: 'mute', trackId: t.serverTrackId, muted: t.muted });
  }

  // ---------------------------------------------------------------------------------------------
  // State

  #requireJoined() {
    if (!this.#publisher || this.#state === 'closed' || this.#state === 'failed') {
      throw new Error(`not joined (state ${this.#state})`);
    }
    return { publisher: this.#publisher, subscriber: this.#subscriber };
  }

  /** Derives the room state from the WebSocket and the peer connections that have started negotiating. */
  #updateState() {
    if (this.#state === 'closed' || this.#state === 'failed' || this.#state === 'new') return;
    if (this.#joinWaiter || !this.#publisher) return; // still joining
    const started = [this.#publisher, this.#subscriber].filter(
      (pc) => pc && (pc.remoteDescription || pc.signalingState !== 'stable'));
    const states = started.map((pc) => pc.connectionState);
    let next;
    if (states.includes('failed')) next = 'failed';
    else if (states.includes('disconnected')) next = 'disconnected';
    else if (states.every((s) => s === 'connected')) next = 'connected';
    else next = 'connecting';
    this.#setState(next);
  }

  /** @param {RoomConnectionState} next */
  #setState(next) {
    if (next === this.#state) return;
    const previous = this.#state;
    this.#state = next;
    this.#dispatch('connectionstatechange', { state: next, previous });
  }

  /** @param {RoomConnectionState} finalState */
  #teardown(finalState) {
    const ws = this.#ws;
    this.#ws = null;
    if (ws) {
      ws.onclose = null;
      ws.onmessage = null;
      if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) ws.close(1000, 'leave');
    }
    for (const pc of [this.#publisher, this.#subscriber]) {
      if (!pc) continue;
      pc.onicecandidate = null;
      pc.onconnectionstatechange = null;
      pc.onnegotiationneeded = null;
      pc.close();
    }
    this.#publisher = null;
    this.#subscriber = null;
    const closed = new PatchbayError(finalState === 'closed' ? 'closed' : 'signaling-closed', 'the session ended');
    this.#publisherAnswerWaiter?.reject(closed);
    this.#publisherWaiters.splice(0).forEach((w) => w.reject(closed));
    this.#pendingCandidates = { publisher: [], subscriber: [] };
    this.#subscriberSections = new Map();
    for (const participant of this.#participants.values()) {
      for (const t of participant.tracks.values()) t.mediaTrack = null;
    }
    this.#participants = new Map();
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
