// One participant on a WebRTC stack outside the browsers, for the interop tests (MixedRoomCall): /patchbay.js, the
// server's own client module, run in Node on that stack's RTCPeerConnection, as a native or server-side app would.
//
//   node node-participant.mjs <native|werift> <ws URL> <room> <name> <expected remote videos> <seconds>
//
// native: libwebrtc through @roamhq/wrtc (Google's C++ stack, as in Android, iOS and desktop apps). It publishes a
//   synthetic 640x360 15 fps video (a moving gradient, VP8 by libwebrtc's encoder) and a 440 Hz tone (Opus), and
//   decodes every remote video (RTCVideoSink counts decoded frames and their size).
// werift: werift-webrtc, a WebRTC stack in pure TypeScript with no codecs. It receives every remote video and counts
//   the VP8 frames that arrive whole (every packet from the partition start to the marker bit, in sequence), and
//   publishes what it receives of the first remote video and audio again as its own tracks (its own SSRCs, sequence
//   numbers and SRTP), so that the others decode a stream werift sent.
//
// It stays <seconds> at most: until every one of <expected remote videos> has 15 frames and it has published for 5 s
// more, so the others can decode it. Prints progress and, last, "NODE-RESULT <json>". Exit 0 when every expected video
// arrived, 1 otherwise, 2 on a failure to start.
import WebSocket from 'ws';

const [stack, url, roomName, name, expectedText, secondsText] = process.argv.slice(2);
const expected = Number(expectedText);
const seconds = Number(secondsText);
if (!['native', 'werift'].includes(stack) || !url || !roomName || !name || !Number.isInteger(expected) || !(seconds > 0)) {
  console.error('usage: node node-participant.mjs <native|werift> <ws URL> <room> <name> <expected remote videos> <seconds>');
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
// What /patchbay.js takes from a browser's globals.
Object.assign(globalThis, {
  RTCPeerConnection: webrtc.RTCPeerConnection, RTCSessionDescription: webrtc.RTCSessionDescription,
  RTCIceCandidate: webrtc.RTCIceCandidate, MediaStream: webrtc.MediaStream, MediaStreamTrack: webrtc.MediaStreamTrack,
  RTCRtpSender: webrtc.RTCRtpSender, WebSocket,
});
const { Room } = await import('../../main/resources/webroot/patchbay.js');

/** Per remote video: frames, their size (native) and keyframes (werift), by participant name. */
const received = new Map();
const remote = (participant) => {
  if (!received.has(participant.name)) received.set(participant.name, { frames: 0, width: 0, height: 0, keyframes: 0 });
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

/** native: decoded frames of a remote video. */
function nativeSink(track, counts) {
  const sink = new webrtc.nonstandard.RTCVideoSink(track);
  sink.onframe = ({ frame }) => {
    counts.frames++;
    counts.width = frame.width;
    counts.height = frame.height;
  };
}

/** werift: the tracks it publishes, fed with what it receives of the first remote video and audio. */
const echo = stack === 'werift' ? {
  video: new webrtc.MediaStreamTrack({ kind: 'video' }), audio: new webrtc.MediaStreamTrack({ kind: 'audio' }),
  from: { video: null, audio: null },
} : null;

/** werift: VP8 frames that arrived whole (RFC 7741: S=1 and PID=0 starts one, the marker bit ends it). */
function weriftReceiver(track, participant, counts) {
  let inFrame = false, whole = false, key = false, lastSeq = -1;
  track.onReceiveRtp.subscribe((rtp) => {
    if (echo.from[track.kind] === null) echo.from[track.kind] = participant.name;
    if (echo.from[track.kind] === participant.name) {
      const copy = rtp.clone();
      copy.header.extensions = []; // the sender writes its own
      echo[track.kind].writeRtp(copy);
    }
    if (track.kind !== 'video') return;
    const seq = rtp.header.sequenceNumber;
    const vp8 = webrtc.Vp8RtpPayload.deSerialize(rtp.payload);
    if (vp8.sBit === 1 && vp8.pid === 0) {
      inFrame = true;
      whole = true;
      key = vp8.isKeyframe;
    } else if (inFrame && seq !== ((lastSeq + 1) & 0xffff)) {
      whole = false;
    }
    lastSeq = seq;
    if (rtp.header.marker && inFrame) {
      if (whole) {
        counts.frames++;
        if (key) counts.keyframes++;
      }
      inFrame = false;
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
  else if (track.kind === 'video') nativeSink(track, remote(participant));
});

const startedAt = Date.now();
let source = null;
let allAt = 0;
try {
  await room.join({ room: roomName, name });
  console.log(`${stack}: joined ${roomName} as ${name} (${room.participantId})`);
  if (stack === 'native') {
    source = nativeSource();
    await room.publish(source.stream);
  } else {
    await room.publish(new webrtc.MediaStream([echo.video, echo.audio]));
  }
  console.log(`${stack}: published`);
  while (Date.now() - startedAt < seconds * 1000) {
    const whole = [...received.values()].filter((r) => r.frames >= FRAMES_WANTED).length;
    if (whole >= expected && allAt === 0) {
      allAt = Date.now();
      console.log(`${stack}: ${whole} videos with ${FRAMES_WANTED}+ frames ${allAt - startedAt} ms after start`);
    }
    if (allAt > 0 && Date.now() - allAt > 5000) break; // let the others decode ours too
    await new Promise((r) => setTimeout(r, 250));
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
