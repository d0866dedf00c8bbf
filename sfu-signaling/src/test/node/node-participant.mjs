// One participant on a WebRTC stack outside the browsers, for the interop tests (MixedRoomCall): /patchbay.js, the
// server's own client module, run in Node on that stack's RTCPeerConnection, as a native or server-side app would.
//
//   node node-participant.mjs <native|werift> <ws URL> <room> <name> <expected remote videos> <seconds> [codec|echo[/codec]]
//
// native: libwebrtc through @roamhq/wrtc (Google's C++ stack, as in Android, iOS and desktop apps). It publishes a
//   synthetic 640x360 15 fps video (a moving gradient, encoded by libwebrtc in [codec]: VP8 by default, VP9 or AV1)
//   and a 440 Hz tone (Opus), and decodes every remote video (RTCVideoSink counts decoded frames and their size).
// werift: werift-webrtc, a WebRTC stack in pure TypeScript with no codecs. It receives every remote video and counts
//   the frames that arrive whole (every packet from the one after the last marker bit to the next marker, in
//   sequence), and publishes what it receives of [echo]'s video and audio (a participant name; by default whoever
//   sends first) again as its own tracks (its own SSRCs, sequence numbers and SRTP; the video in [codec], VP8 by
//   default, which must be what [echo] sends: werift sends its first negotiated codec), so that the others decode a
//   stream werift sent; keyframe requests for it go on to the original sender.
//
// It stays until its standard input ends (the test closes it once every participant got every other's media),
// <seconds> at most. Prints "PROGRESS <json>" each second and, last, "NODE-RESULT <json>" (frames, codec, audio per
// sender). Exit 0 when <expected remote videos> videos had 15 frames or more, 1 otherwise, 2 on a failure to start.
import WebSocket from 'ws';

const [stack, url, roomName, name, expectedText, secondsText, option] = process.argv.slice(2);
const expected = Number(expectedText);
const seconds = Number(secondsText);
if (!['native', 'werift'].includes(stack) || !url || !roomName || !name || !Number.isInteger(expected) || !(seconds > 0)) {
  console.error('usage: node node-participant.mjs <native|werift> <ws URL> <room> <name> <expected remote videos> <seconds> [codec|echo]');
  process.exit(2);
}
const FRAMES_WANTED = 15;

let webrtc;
try {
  webrtc = stack === 'native' ? (await import('@roamhq/wrtc')).default : await import('werift');
} catch (e) {
  console.error(`${stack}: cannot load its WebRTC stack: ${e}`);
  process.exit(2);
}
const [echoName, echoCodec = 'VP8'] = stack === 'werift' ? (option ?? '').split('/') : [];
/**
 * werift negotiates VP8 alone unless told otherwise; it can carry (not decode) the others. The codec it republishes
 * first: it sends its first negotiated codec. [codec] may name a variant by its format parameters, as /patchbay.js's
 * codec option does: `VP9;profile-id=2`, `H264;profile-level-id=4d001f` (werift's own H264 is Constrained Baseline).
 */
class WeriftPeerConnection extends (webrtc.RTCPeerConnection) {
  constructor(config = {}) {
    const [echoMime, echoFmtp] = echoCodec.split(';', 2);
    const video = [webrtc.useVP8(), webrtc.useVP9(), webrtc.useAV1(), webrtc.useH264()];
    if (echoFmtp) {
      const variant = /^h264$/i.test(echoMime) ? `${echoFmtp};packetization-mode=1;level-asymmetry-allowed=1` : echoFmtp;
      const use = { vp9: webrtc.useVP9, h264: webrtc.useH264, av1: webrtc.useAV1, vp8: webrtc.useVP8 }[echoMime.toLowerCase()];
      // In place of the default variant: the server's answer would put an H264 Constrained Baseline first, and werift
      // sends its first negotiated codec whatever the payload it carries.
      video.splice(video.findIndex((c) => c.mimeType.toLowerCase() === `video/${echoMime.toLowerCase()}`), 1);
      video.unshift(use({ parameters: variant }));
    } else {
      video.sort((a, b) => (b.mimeType.toLowerCase() === `video/${echoMime.toLowerCase()}`)
        - (a.mimeType.toLowerCase() === `video/${echoMime.toLowerCase()}`));
    }
    super({ ...config, codecs: { audio: [webrtc.useOPUS()], video } });
  }
}
// What /patchbay.js takes from a browser's globals.
Object.assign(globalThis, {
  RTCPeerConnection: stack === 'werift' ? WeriftPeerConnection : webrtc.RTCPeerConnection, RTCSessionDescription: webrtc.RTCSessionDescription,
  RTCIceCandidate: webrtc.RTCIceCandidate, MediaStream: webrtc.MediaStream, MediaStreamTrack: webrtc.MediaStreamTrack,
  RTCRtpSender: webrtc.RTCRtpSender, WebSocket,
});
const { Room } = await import('../../main/resources/webroot/patchbay.js');

/**
 * native: frames libwebrtc decoded per remote video, by its statistics, as {@code framesDecodedByStats}. The sink
 * (RTCVideoSink) hands out only 8-bit I420 frames, so VP9 profile 2, which decodes to 10 bits, decodes without
 * reaching it.
 */
async function countDecodedByStats() {
  const report = await room.peerConnections.subscriber?.getStats();
  for (const [sender, counts] of received) {
    const id = nativeTracks.get(sender)?.id;
    report?.forEach((st) => {
      if (st.type === 'inbound-rtp' && id && st.trackIdentifier === id) counts.framesDecodedByStats = st.framesDecoded ?? 0;
    });
  }
}
/** Per remote participant: video frames, their size (native) and codec; audio (packets, or native 10 ms frames). */
const received = new Map();
const remote = (participant) => {
  if (!received.has(participant.name)) {
    received.set(participant.name, { frames: 0, width: 0, height: 0, codec: null, audio: 0 });
  }
  return received.get(participant.name);
};

/** native: a moving gradient and a tone, made here and encoded by libwebrtc. */
function nativeSource() {
  const { RTCVideoSource, RTCAudioSource } = webrtc.nonstandard;
  const video = new RTCVideoSource();
  const audio = new RTCAudioSource();
  const width = 640, height = 360;
  const i420 = new Uint8ClampedArray(width * height * 3 / 2).fill(128);
  let tick = 0;
  const videoTimer = setInterval(() => {
    tick++;
    for (let y = 0; y < height; y++) i420.fill((y + tick * 4) & 255, y * width, (y + 1) * width);
    video.onFrame({ width, height, data: i420 });
  }, 1000 / 15);
  const samples = new Int16Array(480); // 10 ms at 48 kHz
  let n = 0;
  const audioTimer = setInterval(() => {
    for (let i = 0; i < samples.length; i++) samples[i] = Math.sin((n++ * 2 * Math.PI * 440) / 48000) * 8000;
    audio.onData({ samples, sampleRate: 48000, bitsPerSample: 16, channelCount: 1, numberOfFrames: samples.length });
  }, 10);
  return { stream: new webrtc.MediaStream([video.createTrack(), audio.createTrack()]),
    stop: () => { clearInterval(videoTimer); clearInterval(audioTimer); } };
}

/** native: each sender's remote video track. */
const nativeTracks = new Map();

/** native: decoded frames of a remote video. */
function nativeSink(track, counts) {
  const sink = new webrtc.nonstandard.RTCVideoSink(track);
  sink.onframe = ({ frame }) => {
    counts.frames++;
    counts.width = frame.width;
    counts.height = frame.height;
  };
}

/** werift: the tracks it publishes, fed with what it receives of one participant's video and audio. */
const echo = stack === 'werift' ? {
  video: new webrtc.MediaStreamTrack({ kind: 'video' }), audio: new webrtc.MediaStreamTrack({ kind: 'audio' }),
  from: { video: echoName || null, audio: echoName || null },
  /** The remote video it echoes and its SSRC (where keyframe requests go). */
  upstream: null,
} : null;

/**
 * werift: a keyframe request (PLI) for the echoed video goes on to its source, as an SFU or a transcoder would: werift
 * has no encoder of its own, so only the original sender can make a keyframe.
 */
function relayKeyframeRequests() {
  const publisher = room.peerConnections.publisher;
  const subscriber = room.peerConnections.subscriber;
  const sender = publisher?.getSenders().find((s) => s.track === echo.video);
  sender?.onPictureLossIndication.subscribe(() => {
    const upstream = echo.upstream;
    const receiver = upstream && subscriber?.getReceivers().find((r) => r.tracks.includes(upstream.track));
    receiver?.sendRtcpPLI(upstream.ssrc).catch(() => {});
  });
}

/**
 * werift: frames that arrived whole, codec-agnostic (the marker bit ends a frame, RFC 3550 5.1 and each codec's
 * payload format): every sequence number from the one after the last marker up to the next marker arrived in order.
 */
function weriftReceiver(track, participant, counts) {
  let whole = false, lastSeq = -1;
  /** The section it arrives in (looked up once): its negotiated codecs name each packet's payload type. */
  let transceiver = null;
  track.onReceiveRtp.subscribe((rtp) => {
    if (echo.from[track.kind] === null) echo.from[track.kind] = participant.name;
    if (echo.from[track.kind] === participant.name) {
      if (track.kind === 'video') echo.upstream = { track, ssrc: rtp.header.ssrc };
      const copy = rtp.clone();
      copy.header.extensions = []; // the sender writes its own
      echo[track.kind].writeRtp(copy);
    }
    if (track.kind !== 'video') {
      counts.audio++;
      return;
    }
    // The codec of the packet itself (its payload type in the section's negotiated list): a track offered in several
    // codecs reports the list's first as track.codec, whatever the sender sends.
    transceiver ??= room.peerConnections.subscriber?.getTransceivers().find((t) => t.receiver.tracks.includes(track));
    const codec = transceiver?.codecs.find((c) => c.payloadType === rtp.header.payloadType) ?? track.codec;
    counts.codec = codec?.mimeType ?? null;
    counts.codecFmtp = codec?.parameters ?? null;
    const seq = rtp.header.sequenceNumber;
    if (lastSeq >= 0 && seq !== ((lastSeq + 1) & 0xffff)) whole = false;
    lastSeq = seq;
    if (rtp.header.marker) {
      if (whole) counts.frames++;
      whole = true; // the next packet starts a frame
    }
  });
}

const room = new Room({ url, reconnect: false });
const errors = [];
room.addEventListener('error', (e) => errors.push(e.detail));
room.addEventListener('trackadded', (e) => {
  const { track, participant } = e.detail;
  console.log(`${stack}: track ${track.kind} of ${participant.name}`);
  if (stack === 'werift') weriftReceiver(track, participant, remote(participant));
  else if (track.kind === 'video') {
    nativeTracks.set(participant.name, track);
    nativeSink(track, remote(participant));
  } else {
    const counts = remote(participant);
    new webrtc.nonstandard.RTCAudioSink(track).ondata = () => { counts.audio++; }; // decoded, 10 ms each
  }
});

const startedAt = Date.now();
let source = null;
let allAt = 0;
let lastProgress = 0;
let leaveAsked = false;
process.stdin.on('end', () => { leaveAsked = true; });
process.stdin.resume();
try {
  await room.join({ room: roomName, name });
  console.log(`${stack}: joined ${roomName} as ${name} (${room.participantId})`);
  if (stack === 'native') {
    source = nativeSource();
    await room.publish(source.stream, { codec: option });
  } else {
    await room.publish(new webrtc.MediaStream([echo.video, echo.audio]));
    relayKeyframeRequests();
  }
  console.log(`${stack}: published`);
  while (!leaveAsked && Date.now() - startedAt < seconds * 1000) {
    const whole = [...received.values()]
      .filter((r) => Math.max(r.frames, r.framesDecodedByStats ?? 0) >= FRAMES_WANTED).length;
    if (whole >= expected && allAt === 0) {
      allAt = Date.now();
      console.log(`${stack}: ${whole} videos with ${FRAMES_WANTED}+ frames ${allAt - startedAt} ms after start`);
    }
    if (Date.now() - lastProgress >= 1000) {
      lastProgress = Date.now();
      if (stack === 'native') await countDecodedByStats();
      console.log(`PROGRESS ${JSON.stringify(Object.fromEntries(received))}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  if (stack === 'native') {
    // The codec the server offered for each remote video's m-section (one per section); libwebrtc's stats do not
    // always name it.
    const transceivers = room.peerConnections.subscriber?.getTransceivers() ?? [];
    for (const [sender, counts] of received) {
      const t = transceivers.find((x) => x.receiver.track === nativeTracks.get(sender));
      const codec = t?.receiver.getParameters().codecs.find((c) => !/rtx|red|ulpfec|flexfec/i.test(c.mimeType));
      counts.codec = codec?.mimeType ?? null;
      counts.codecFmtp = codec?.sdpFmtpLine ?? null;
    }
    await countDecodedByStats();
  }
} catch (e) {
  errors.push({ failure: String(e) });
}
const result = { stack, received: Object.fromEntries(received), errors, echoed: echo?.from ?? null,
  firstAllMs: allAt > 0 ? allAt - startedAt : -1 };
console.log(`NODE-RESULT ${JSON.stringify(result)}`);
source?.stop();
room.leave();
process.exit(allAt > 0 ? 0 : 1);
