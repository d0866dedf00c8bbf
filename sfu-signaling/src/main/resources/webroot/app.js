// Patchbay demo conference page. Uses only the public API of /patchbay.js.
//
// URL parameters: ?room=<name>&name=<display name>&token=<JWT>&autojoin=1&simulcast=0 (one encoding, no simulcast)
//                 &svc=L3T3_KEY (one SVC stream instead of simulcast)
//                 &codec=VP9|H264|AV1|VP8 (the video codec; with svc VP9 by default, or AV1)
//                 &e2ee=<passphrase> (end-to-end encryption: everyone in the room opens the page with the same one;
//                 the passphrase stays in the page, the server never sees it)
//
// For automated tests the page exposes `window.patchbay`:
//   room      the current Room (null before the first join); see patchbay.js for room.timing (every step of the
//             join), room.lifecycle (socket-lost, resumed, rejoined, ice-restart, ...), room.reconnectCount and
//             the test hook room._testCloseSocket()
//   events    every room event as a plain object {type, t, ...} (t = performance.now() in ms)
//   signals   every signaling message sent/received {t, direction, type, message}
//   timing    {joinStartedAt, localMediaAt, joinedAt, publishedAt, firstFrameAt: {participantId: ms}}
//   join(), leave()
import { Room } from '/patchbay.js';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
/**
 * Video goes out as three simulcast layers of a 720p camera (320x180, 640x360, 1280x720), so that each receiver gets
 * the one its tile and its network need; `?simulcast=0` sends one 640x480 encoding instead, `?svc=L3T3_KEY` one VP9
 * (or `&codec=AV1`) stream with three spatial and three temporal layers.
 */
const svc = params.get('svc') ?? undefined;
const codec = params.get('codec') ?? undefined;
const e2eeKey = params.get('e2ee') || undefined;
const simulcast = params.get('simulcast') !== '0' && !svc;
/** The maxHeight last asked for, per remote video track id. */
const requestedHeights = new Map();

const ui = {
  lobby: $('lobby'), call: $('call'), grid: $('grid'),
  form: $('join-form'), roomInput: $('room-input'), nameInput: $('name-input'),
  joinButton: $('join-button'), joinError: $('join-error'),
  roomInfo: $('room-info'), roomTitle: $('room-title'), count: $('participant-count'), copyLink: $('copy-link'),
  status: $('status'), statusText: $('status-text'),
  mic: $('mic-button'), cam: $('cam-button'), leave: $('leave-button'),
  audioUnlock: $('audio-unlock'), audioUnlockButton: $('audio-unlock-button'),
  toasts: $('toasts'), tileTemplate: $('tile-template'),
};

const STATUS_TEXT = {
  new: 'Not connected', connecting: 'Connecting…', connected: 'Connected',
  disconnected: 'Reconnecting…', reconnecting: 'Reconnecting…', failed: 'Connection lost', closed: 'Left the room',
};

/** How `participantleft` reasons read in a toast. */
const LEFT_TEXT = {
  left: 'left', timeout: 'lost their connection', removed: 'was removed', 'room-closed': 'left (room closed)',
};

/** Test and debugging hook (see the header comment). */
const state = {
  room: null,
  events: [],
  signals: [],
  timing: { joinStartedAt: null, localMediaAt: null, joinedAt: null, publishedAt: null, firstFrameAt: {} },
  join,
  leave,
};
window.patchbay = state;

/** @type {?MediaStream} */ let localStream = null;
/** @type {Map<string, HTMLElement>} tiles by participant id ('local' for ours) */
const tiles = new Map();
let statsTimer = null;

ui.roomInput.value = params.get('room') ?? '';
ui.nameInput.value = params.get('name') ?? randomName();

ui.form.addEventListener('submit', (e) => {
  e.preventDefault();
  join();
});
ui.leave.addEventListener('click', () => leave());
ui.mic.addEventListener('click', () => toggleMute('audio', ui.mic));
ui.cam.addEventListener('click', () => toggleMute('video', ui.cam));
ui.copyLink.addEventListener('click', copyInviteLink);
ui.audioUnlockButton.addEventListener('click', unlockAudio);
new ResizeObserver(layoutGrid).observe(ui.grid);

if (params.get('autojoin') === '1' && ui.roomInput.value) join();

// ---------------------------------------------------------------------------------------------

async function join() {
  if (state.room && !['closed', 'failed'].includes(state.room.connectionState)) return;
  const roomName = ui.roomInput.value.trim();
  const name = ui.nameInput.value.trim();
  if (!roomName || !name) {
    ui.joinError.textContent = 'Enter a room and a name.';
    return;
  }
  ui.joinError.textContent = '';
  ui.joinButton.disabled = true;
  state.timing = { joinStartedAt: performance.now(), localMediaAt: null, joinedAt: null, publishedAt: null, firstFrameAt: {} };

  // ?relay=1 sends all media through the TURN server from `joined` (to check a TURN set-up).
  const receiveCodecs = params.get('receive')?.split(',').filter((c) => c) || undefined;
  const room = new Room({ iceTransportPolicy: params.get('relay') === '1' ? 'relay' : 'all', e2eeKey,
    receiveCodecs: receiveCodecs?.length ? receiveCodecs : undefined });
  state.room = room;
  wireRoom(room);
  // Camera and signaling in parallel: neither needs the other, and the offer may only follow `joined` anyway.
  // (Candidates gathered before the camera permission may be mDNS names, which the server ignores; it learns our
  // address from our connectivity checks, so nothing waits for the permission.)
  const media = getLocalMedia().then((stream) => {
    state.timing.localMediaAt = performance.now();
    return stream;
  });
  try {
    const token = params.get('token') ?? undefined;
    await room.join({ room: roomName, name, token });
    state.timing.joinedAt = performance.now();
    localStream = await media;
    // its offer is under way during enterCall
    const published = localStream ? room.publish(localStream, { simulcast, svc, codec }) : null;
    enterCall(roomName, name);
    if (published) {
      await published;
      state.timing.publishedAt = performance.now();
    }
  } catch (e) {
    console.error('join failed', e);
    record({ type: 'join-failed', code: e.code ?? 'error', message: e.message });
    media.then((stream) => { if (stream !== localStream) stream?.getTracks().forEach((t) => t.stop()); });
    room.leave();
    exitCall();
    ui.joinError.textContent = `Could not join: ${e.message}`;
  } finally {
    ui.joinButton.disabled = false;
  }
}

function leave() {
  state.room?.leave();
  exitCall();
}

async function getLocalMedia() {
  try {
    return await navigator.mediaDevices.getUserMedia({
      audio: true,
      video: simulcast || svc
        ? { width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 24 } }
        : { width: { ideal: 640 }, height: { ideal: 480 }, frameRate: { ideal: 24 } },
    });
  } catch (e) {
    toast(`No camera or microphone (${e.name}); joining to watch only.`, 'error');
    return null;
  }
}

/** @param {Room} room */
function wireRoom(room) {
  room.addEventListener('participantjoined', ({ detail: { participant } }) => {
    record({ type: 'participantjoined', participantId: participant.id, name: participant.name });
    const tile = ensureTile(participant.id);
    setTileName(tile, participant.name);
    updateTileMute(tile, participant);
    if (state.timing.joinedAt) toast(`${participant.name} joined`);
    updateCount();
  });
  room.addEventListener('participantleft', ({ detail: { participant, reason } }) => {
    record({ type: 'participantleft', participantId: participant.id, name: participant.name, reason });
    removeTile(participant.id);
    toast(`${participant.name || 'Someone'} ${LEFT_TEXT[reason] ?? 'left'}`, reason === 'timeout' ? 'warn' : 'info');
    updateCount();
  });
  room.addEventListener('trackadded', ({ detail }) => {
    const { participant, track, stream, trackId, kind } = detail;
    record({ type: 'trackadded', participantId: participant.id, name: participant.name, trackId, kind });
    const tile = ensureTile(participant.id);
    setTileName(tile, participant.name);
    const video = tile.querySelector('video');
    if (video.srcObject !== stream) video.srcObject = stream;
    playWithSound(video);
    if (kind === 'video') {
      watchFirstFrame(video, participant.id);
      requestLayerSizes();
    }
    updateTileMute(tile, participant);
    track.addEventListener('unmute', () => updateTileMute(tile, participant));
  });
  room.addEventListener('activespeakers', ({ detail: { speakers } }) => {
    record({ type: 'activespeakers', speakers });
    for (const [id, tile] of tiles) tile.classList.toggle('speaking', id !== 'local' && id === speakers[0]);
  });
  room.addEventListener('trackremoved', ({ detail: { participant, trackId, kind } }) => {
    record({ type: 'trackremoved', participantId: participant.id, name: participant.name, trackId, kind });
    const tile = tiles.get(participant.id);
    if (tile) updateTileMute(tile, participant);
  });
  room.addEventListener('trackmuted', ({ detail: { participant, trackId, kind, muted, local } }) => {
    record({ type: 'trackmuted', participantId: participant?.id ?? room.participantId, trackId, kind, muted, local });
    if (local) {
      const tile = tiles.get('local');
      if (tile) tile.classList.toggle(kind === 'audio' ? 'audio-muted' : 'video-off', muted);
    } else {
      const tile = tiles.get(participant.id);
      if (tile) updateTileMute(tile, participant);
    }
  });
  room.addEventListener('error', ({ detail: { code, message } }) => {
    record({ type: 'error', code, message });
    // The room restarts ICE by itself on transport-failed; the status shows it.
    if (code !== 'transport-failed') toast(`${code}: ${message}`, 'error');
  });
  room.addEventListener('reconnecting', ({ detail: { reason, resume } }) => {
    record({ type: 'reconnecting', reason, resume });
  });
  room.addEventListener('reconnected', ({ detail: { resumed, participantId, previousParticipantId } }) => {
    record({ type: 'reconnected', resumed, participantId, previousParticipantId });
    toast(resumed ? 'Reconnected' : 'Reconnected (joined again as a new participant)');
  });
  room.addEventListener('participantsreset', ({ detail: { reason } }) => {
    record({ type: 'participantsreset', reason });
  });
  room.addEventListener('lifecycle', ({ detail: { event, pc, reason } }) => {
    record({ type: 'lifecycle', event, pc, reason });
  });
  room.addEventListener('connectionstatechange', ({ detail: { state: s } }) => {
    record({ type: 'connectionstatechange', state: s });
    ui.status.dataset.state = s;
    ui.statusText.textContent = STATUS_TEXT[s] ?? s;
    ui.call.classList.toggle('reconnecting', s === 'reconnecting');
    if (s === 'failed' && state.room === room) {
      ui.joinError.textContent = 'The connection to the server was lost.';
    }
  });
  room.addEventListener('signal', ({ detail: { direction, message } }) => {
    state.signals.push({ t: performance.now(), direction, type: message.type, message });
    if (state.signals.length > 500) state.signals.splice(0, 100);
  });
}

function enterCall(roomName, name) {
  ui.lobby.hidden = true;
  ui.call.hidden = false;
  ui.roomInfo.hidden = false;
  ui.roomTitle.textContent = roomName;
  document.title = `${roomName} · Patchbay`;
  const url = new URL(location.href);
  url.searchParams.set('room', roomName);
  url.searchParams.delete('autojoin');
  history.replaceState(null, '', url);

  const tile = ensureTile('local');
  tile.classList.add('local');
  setTileName(tile, `${name} (you)`);
  const video = tile.querySelector('video');
  video.muted = true;
  video.srcObject = localStream;
  video.play().catch(() => {});
  tile.classList.toggle('video-off', !localStream?.getVideoTracks().length);
  tile.classList.toggle('audio-muted', !localStream?.getAudioTracks().length);
  setPressed(ui.mic, false);
  setPressed(ui.cam, false);
  ui.mic.disabled = !localStream?.getAudioTracks().length;
  ui.cam.disabled = !localStream?.getVideoTracks().length;
  updateCount();
  statsTimer = setInterval(updateQualityBadges, 2000);
}

function exitCall() {
  clearInterval(statsTimer);
  localStream?.getTracks().forEach((t) => t.stop());
  localStream = null;
  for (const id of [...tiles.keys()]) removeTile(id);
  ui.call.hidden = true;
  ui.lobby.hidden = false;
  ui.roomInfo.hidden = true;
  ui.audioUnlock.hidden = true;
  document.title = 'Patchbay';
}

function toggleMute(kind, button) {
  const room = state.room;
  if (!room) return;
  const muted = !room.isMuted(kind);
  room.setMuted(kind, muted);
  setPressed(button, muted);
  button.title = kind === 'audio'
    ? (muted ? 'Unmute microphone' : 'Mute microphone')
    : (muted ? 'Turn camera on' : 'Turn camera off');
}

// ---------------------------------------------------------------------------------------------
// Tiles

function ensureTile(id) {
  let tile = tiles.get(id);
  if (tile) return tile;
  tile = ui.tileTemplate.content.firstElementChild.cloneNode(true);
  tile.dataset.participantId = id;
  tiles.set(id, tile);
  if (id === 'local') ui.grid.prepend(tile);
  else ui.grid.append(tile);
  layoutGrid();
  return tile;
}

function removeTile(id) {
  const tile = tiles.get(id);
  if (!tile) return;
  const video = tile.querySelector('video');
  video.srcObject = null;
  tile.remove();
  tiles.delete(id);
  layoutGrid();
}

function setTileName(tile, name) {
  if (!name) return;
  tile.querySelector('.name').textContent = name;
  const avatar = tile.querySelector('.avatar span');
  avatar.textContent = initials(name);
  avatar.style.setProperty('--avatar', `hsl(${hash(name) % 360} 45% 42%)`);
}

/** Shows the avatar instead of video, and the mic-off badge, from the participant's track state. */
function updateTileMute(tile, participant) {
  const has = (kind) => [...participant.tracks.values()].some((t) => t.kind === kind && t.mediaTrack && !t.muted);
  tile.classList.toggle('video-off', !has('video'));
  tile.classList.toggle('audio-muted', participant.isMuted('audio'));
}

/** Records when the first frame of a participant's video is shown (join-to-first-frame). */
function watchFirstFrame(video, participantId) {
  const mark = () => {
    if (state.timing.firstFrameAt[participantId] == null) {
      state.timing.firstFrameAt[participantId] = performance.now();
      record({ type: 'firstframe', participantId });
    }
  };
  if ('requestVideoFrameCallback' in video) video.requestVideoFrameCallback(mark);
  else video.addEventListener('loadeddata', mark, { once: true });
}

/** Sizes the tiles (16:9) so that all of them fit the grid, choosing the column count that makes them largest. */
function layoutGrid() {
  const n = Math.max(1, tiles.size);
  const style = getComputedStyle(ui.grid);
  const gap = parseFloat(style.columnGap) || 12;
  const width = ui.grid.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  const height = ui.grid.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
  if (width <= 0 || height <= 0) return;
  let best = 160;
  for (let cols = 1; cols <= n; cols++) {
    const rows = Math.ceil(n / cols);
    const w = Math.min((width - (cols - 1) * gap) / cols, ((height - (rows - 1) * gap) / rows) * 16 / 9);
    best = Math.max(best, Math.floor(w));
  }
  ui.grid.style.setProperty('--tile-w', `${best}px`);
  requestLayerSizes();
}

/**
 * Asks the server for the simulcast layer each tile needs: no taller than the tile is in device pixels (tiles are
 * 16:9), so a small tile gets the small layer and saves everyone's bandwidth. Only changes are sent.
 */
function requestLayerSizes() {
  const room = state.room;
  if (!room || room.connectionState === 'closed') return;
  const width = parseFloat(ui.grid.style.getPropertyValue('--tile-w')) || 0;
  if (width <= 0) return;
  const maxHeight = Math.min(8192, Math.ceil((width * 9 / 16) * (window.devicePixelRatio || 1)));
  for (const participant of room.participants.values()) {
    for (const t of participant.tracks.values()) {
      if (t.kind !== 'video' || !t.layers?.length || requestedHeights.get(t.id) === maxHeight) continue;
      requestedHeights.set(t.id, maxHeight);
      room.updateSubscription(t.id, { maxHeight });
    }
  }
}

function updateCount() {
  const n = (state.room?.participants.size ?? 0) + 1;
  ui.count.textContent = n === 1 ? 'Just you' : `${n} people`;
}

/** The simulcast layer (rid) or SVC spatial layer the server forwards us of each participant's video, from its `stats`. */
async function serverLayers(room) {
  const out = new Map();
  try {
    const stats = await room.getServerStats();
    for (const t of stats.subscriber?.tracks ?? []) {
      if (!t.participantId) continue;
      if (t.layer) out.set(t.participantId, t.layer);
      else if (t.spatialLayer != null) out.set(t.participantId, `S${t.spatialLayer}`);
    }
  } catch {
    // not connected right now: the overlay shows the rest
  }
  return out;
}

/** Previous stats sample per inbound SSRC, to turn counters into rates. */
const previousStats = new Map();

/** The stats overlay of each tile: resolution, frame rate, bitrate, loss and RTT of what we receive from them. */
async function updateQualityBadges() {
  const room = state.room;
  if (!room || room.connectionState === 'closed') return;
  const stats = await room.getStats();
  const layers = await serverLayers(room);
  const perParticipant = new Map();
  for (const s of stats) {
    if (!s.participantId) continue;
    const prev = previousStats.get(s.ssrc);
    previousStats.set(s.ssrc, s);
    const seconds = prev ? (s.timestamp - prev.timestamp) / 1000 : 0;
    const kbps = seconds > 0 ? ((s.bytesReceived - prev.bytesReceived) * 8) / 1000 / seconds : 0;
    const received = prev ? s.packetsReceived - prev.packetsReceived : 0;
    const lost = prev ? Math.max(0, s.packetsLost - prev.packetsLost) : 0;
    const lossPct = received + lost > 0 ? (100 * lost) / (received + lost) : 0;
    const entry = perParticipant.get(s.participantId) ?? { kbps: 0, lossPct: 0, rttMs: s.rttMs };
    entry.kbps += kbps;
    if (s.kind === 'video') {
      entry.video = s;
      entry.lossPct = lossPct;
    } else if (entry.video == null) {
      entry.lossPct = lossPct;
    }
    perParticipant.set(s.participantId, entry);
  }
  for (const [participantId, e] of perParticipant) {
    const badge = tiles.get(participantId)?.querySelector('.quality');
    if (!badge) continue;
    const parts = [];
    if (e.video?.frameWidth) parts.push(`${e.video.frameWidth}×${e.video.frameHeight} · ${Math.round(e.video.framesPerSecond)} fps`);
    const layer = layers.get(participantId);
    if (layer) parts.push(`layer ${layer}`);
    parts.push(e.kbps >= 1000 ? `${(e.kbps / 1000).toFixed(1)} Mbps` : `${Math.round(e.kbps)} kbps`);
    parts.push(`${e.lossPct.toFixed(1)}% loss`);
    if (e.rttMs != null) parts.push(`${Math.round(e.rttMs)} ms RTT`);
    badge.textContent = parts.join(' · ');
    badge.title = 'What you receive from this participant: resolution, frame rate, simulcast layer, bitrate, packet loss, round-trip time';
  }
}

// ---------------------------------------------------------------------------------------------
// Audio autoplay: browsers may refuse to play sound before a user gesture.

function playWithSound(video) {
  video.muted = false;
  video.play().catch(() => {
    video.muted = true;
    video.play().catch(() => {});
    ui.audioUnlock.hidden = false;
  });
}

function unlockAudio() {
  for (const [id, tile] of tiles) {
    if (id === 'local') continue;
    const video = tile.querySelector('video');
    video.muted = false;
    video.play().catch(() => {});
  }
  ui.audioUnlock.hidden = true;
}

// ---------------------------------------------------------------------------------------------
// Small helpers

function record(event) {
  state.events.push({ t: performance.now(), ...event });
}

function setPressed(button, pressed) {
  button.setAttribute('aria-pressed', String(pressed));
}

function toast(text, kind = 'info') {
  const el = document.createElement('div');
  el.className = `toast ${kind}`;
  el.textContent = text;
  ui.toasts.append(el);
  setTimeout(() => el.remove(), kind === 'error' ? 6000 : 3000);
}

async function copyInviteLink() {
  const url = new URL(location.href);
  url.search = new URLSearchParams({ room: state.room?.roomName ?? ui.roomInput.value }).toString();
  try {
    await navigator.clipboard.writeText(url.toString());
    toast('Invite link copied');
  } catch {
    toast(url.toString());
  }
}

function initials(name) {
  return name.replace(/\(you\)/, '').trim().split(/\s+/).slice(0, 2).map((w) => w[0]).join('') || '?';
}

function hash(text) {
  let h = 0;
  for (const c of text) h = (h * 31 + c.codePointAt(0)) >>> 0;
  return h;
}

function randomName() {
  const adjectives = ['Amber', 'Brisk', 'Calm', 'Daring', 'Eager', 'Fuzzy', 'Gentle', 'Jolly', 'Lucky', 'Merry', 'Quiet', 'Swift'];
  const animals = ['Otter', 'Falcon', 'Panda', 'Lynx', 'Heron', 'Koala', 'Fox', 'Badger', 'Robin', 'Seal', 'Wren', 'Yak'];
  const pick = (list) => list[Math.floor(Math.random() * list.length)];
  return `${pick(adjectives)} ${pick(animals)}`;
}
