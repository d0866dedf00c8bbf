/**
 * Patchbay end-to-end encryption worker (loaded by /patchbay.js when a Room has an `e2eeKey`): encrypts every
 * encoded frame a page sends and decrypts every frame it receives, with AES-GCM under a key derived from a passphrase
 * all participants share. The server forwards the frames as they are: it never has the key.
 *
 * What stays in the clear, so that the server can still switch layers on keyframes: the first bytes of each frame
 * (VP8: 10 of a keyframe, 3 of a delta frame, the payload header with the keyframe bit and, on keyframes, the size;
 * audio: 1, the Opus TOC byte), as Jitsi Meet and the WebRTC samples do. The RTP payload descriptors (VP8, VP9) and
 * header extensions are written by the browser after this transform and are never encrypted.
 *
 * Frame layout: clear prefix | ciphertext and 16-byte tag | 12-byte IV. The clear prefix is authenticated
 * (additional data). A frame that does not decrypt (another key, a truncated frame) is dropped, not passed to the
 * decoder; the page learns how many with a `decrypt-failures` message.
 *
 * Two browser interfaces: RTCRtpScriptTransform (the standard, `rtctransform` events) and Chromium's
 * createEncodedStreams (streams posted here by /patchbay.js).
 */
const IV_BYTES = 12;
const TAG_BYTES = 16;
const SALT = new TextEncoder().encode('patchbay-e2ee-v1');

let keyPromise = null;
let decryptFailures = 0;
let lastReportAt = 0;

/** AES-GCM 128 key from the shared passphrase (PBKDF2-SHA-256). */
function deriveKey(passphrase) {
  return crypto.subtle.importKey('raw', new TextEncoder().encode(passphrase), 'PBKDF2', false, ['deriveKey'])
    .then((base) => crypto.subtle.deriveKey({ name: 'PBKDF2', salt: SALT, iterations: 100000, hash: 'SHA-256' },
      base, { name: 'AES-GCM', length: 128 }, false, ['encrypt', 'decrypt']));
}

/** Bytes left in the clear at the start of a frame (see the file comment). */
function clearBytes(frame, kind) {
  if (kind === 'audio') return 1;
  return frame.type === 'key' ? 10 : 3;
}

async function encrypt(frame, kind, controller) {
  const key = await keyPromise;
  if (!key) return; // no key yet: nothing leaves in the clear
  const data = new Uint8Array(frame.data);
  const n = Math.min(clearBytes(frame, kind), data.length);
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const sealed = new Uint8Array(await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: data.subarray(0, n) }, key, data.subarray(n)));
  const out = new Uint8Array(n + sealed.length + IV_BYTES);
  out.set(data.subarray(0, n), 0);
  out.set(sealed, n);
  out.set(iv, n + sealed.length);
  frame.data = out.buffer;
  controller.enqueue(frame);
}

async function decrypt(frame, kind, controller) {
  const key = await keyPromise;
  if (!key) return failed();
  const data = new Uint8Array(frame.data);
  const n = clearBytes(frame, kind);
  if (data.length < n + TAG_BYTES + IV_BYTES) return failed();
  const iv = data.subarray(data.length - IV_BYTES);
  try {
    const plain = new Uint8Array(await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv, additionalData: data.subarray(0, n) }, key, data.subarray(n, data.length - IV_BYTES)));
    const out = new Uint8Array(n + plain.length);
    out.set(data.subarray(0, n), 0);
    out.set(plain, n);
    frame.data = out.buffer;
    controller.enqueue(frame);
  } catch {
    failed();
  }
}

/** A frame that does not decrypt is dropped; the page hears of it at most once a second. */
function failed() {
  decryptFailures++;
  const now = Date.now();
  if (now - lastReportAt >= 1000) {
    lastReportAt = now;
    self.postMessage({ type: 'decrypt-failures', count: decryptFailures });
  }
}

function pipe(readable, writable, operation, kind) {
  const transform = operation === 'encrypt' ? encrypt : decrypt;
  // A frame that fails in any way is dropped; the stream itself must live on.
  readable.pipeThrough(new TransformStream({
    transform: (frame, c) => transform(frame, kind, c).catch(() => { if (operation === 'decrypt') failed(); }),
  })).pipeTo(writable).catch(() => {});
}

// RTCRtpScriptTransform: one event per sender or receiver, its options say which.
self.onrtctransform = (event) => {
  const { operation, kind } = event.transformer.options;
  pipe(event.transformer.readable, event.transformer.writable, operation, kind);
};

self.onmessage = (event) => {
  const m = event.data;
  if (m.type === 'key') keyPromise = deriveKey(m.passphrase);
  // createEncodedStreams (Chromium): the streams of one sender or receiver.
  if (m.type === 'streams') pipe(m.readable, m.writable, m.operation, m.kind);
};
