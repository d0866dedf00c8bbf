// One Firefox participant in a Patchbay room, for the interop tests (MixedRoomCall).
//
//   node firefox-participant.mjs <server URL> <room> <name> <expected remote videos> <seconds> [video codec]
//
// Launches Debian's firefox-esr headless through puppeteer-core over WebDriver BiDi (no geckodriver), with a fake
// camera and microphone, and opens the server's demo page with ?autojoin=1, which joins <room>, publishes audio and
// video (three simulcast layers) and shows everyone, as for a user. It stays until its standard input ends (the test
// closes it once every participant got every other's media), <seconds> at most. Prints "PROGRESS <json>" each second
// (frames, codec and audio packets per sender) and, last, one line "FIREFOX-RESULT <json>" with what it decoded (per
// remote video; the most frames seen per sender) and sent. Exit code 0 when <expected remote videos> videos decoded
// 15 frames or more, 1 otherwise, 2 on a failure to start.
import puppeteer from 'puppeteer-core';

const [url, room, name, expectedText, secondsText, codec] = process.argv.slice(2);
const expected = Number(expectedText);
const seconds = Number(secondsText);
if (!url || !room || !name || !Number.isInteger(expected) || !(seconds > 0)) {
  console.error('usage: node firefox-participant.mjs <server URL> <room> <name> <expected remote videos> <seconds> [video codec]');
  process.exit(2);
}

const STATS = async () => {
  const room = window.patchbay.room;
  const errors = window.patchbay.events.filter((e) => e.type === 'error');
  const out = { inbound: [], audio: [], outbound: null, errors, timing: room.timing };
  for (const s of await room.getStats()) {
    if (s.kind === 'audio') out.audio.push({ from: s.participantName, packetsReceived: s.packetsReceived });
    if (s.kind !== 'video') continue;
    out.inbound.push({ from: s.participantName, framesDecoded: s.framesDecoded || 0, frameHeight: s.frameHeight || 0,
      codec: s.codec, ssrc: s.ssrc, packetsReceived: s.packetsReceived });
  }
  const pub = room.peerConnections.publisher;
  if (pub) {
    const report = await pub.getStats();
    report.forEach((s) => {
      if (s.type !== 'outbound-rtp' || s.kind !== 'video') return;
      const c = s.codecId ? report.get(s.codecId) : null;
      // One per simulcast layer: the sum, and the layers that encoded anything.
      const prev = out.outbound ?? { framesEncoded: 0, layersSending: 0, codec: null, byRid: {} };
      out.outbound = { framesEncoded: prev.framesEncoded + (s.framesEncoded || 0),
        layersSending: prev.layersSending + (s.framesEncoded > 0 ? 1 : 0), codec: c ? c.mimeType : prev.codec,
        byRid: { ...prev.byRid, [s.rid ?? '-']: `${s.framesEncoded || 0} frames ${s.frameHeight || 0}p` } };
    });
  }
  return JSON.stringify(out);
};

let browser;
try {
  browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: process.env.FIREFOX ?? '/usr/bin/firefox-esr',
    headless: true,
    protocol: 'webDriverBiDi',
    extraPrefsFirefox: {
      'media.navigator.streams.fake': true,
      'media.navigator.permission.disabled': true,
      'media.peerconnection.ice.obfuscate_host_addresses': false,
      'media.peerconnection.ice.loopback': true,
      'media.autoplay.default': 0,
    },
  });
} catch (e) {
  console.error(`firefox did not start: ${e}`);
  process.exit(2);
}
const startedAt = Date.now();
let last = null;
let allDecodedAt = 0;
let lastProgress = 0;
const decodedFrom = {};
let leaveAsked = false;
process.stdin.on('end', () => { leaveAsked = true; });
process.stdin.resume();
try {
  const page = await browser.newPage();
  page.on('console', (m) => { if (m.type() === 'error') console.log(`[firefox console] ${m.text()}`); });
  // The demo page as a user opens it: it joins by itself, publishes camera (three simulcast layers) and
  // microphone, and shows everyone.
  await page.goto(`${url}/?room=${encodeURIComponent(room)}&name=${encodeURIComponent(name)}&autojoin=1`
    + (codec ? `&codec=${encodeURIComponent(codec)}` : ''));
  await page.waitForFunction(() => window.patchbay?.room?.connectionState === 'connected', { timeout: 15000 });
  console.log(`firefox: joined ${room} as ${name} through the demo page`);
  while (!leaveAsked && Date.now() - startedAt < seconds * 1000) {
    last = JSON.parse(await page.evaluate(STATS));
    // By sender name, the most seen: a participant that left is no longer named in the stats of its stream.
    for (const i of last.inbound) {
      if (i.from && i.framesDecoded >= (decodedFrom[i.from]?.frames ?? 0)) {
        decodedFrom[i.from] = { ...decodedFrom[i.from], frames: i.framesDecoded, codec: i.codec };
      }
    }
    for (const a of last.audio) {
      if (a.from) decodedFrom[a.from] = { ...decodedFrom[a.from], audio: a.packetsReceived };
    }
    const decoding = last.inbound.filter((i) => i.framesDecoded >= 15).length;
    if (Date.now() - lastProgress >= 1000) {
      lastProgress = Date.now();
      // What it encodes, per simulcast layer, beside what it decoded (a test reads only the senders' names).
      console.log(`PROGRESS ${JSON.stringify({ ...decodedFrom, _sending: last.outbound?.byRid ?? null })}`);
    }
    if (decoding >= expected && allDecodedAt === 0) {
      allDecodedAt = Date.now();
      console.log(`firefox: decoding ${decoding} videos ${allDecodedAt - startedAt} ms after launch`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  last.firstAllDecodedMs = allDecodedAt > 0 ? allDecodedAt - startedAt : -1;
  last.decodedFrom = decodedFrom;
  console.log(`FIREFOX-RESULT ${JSON.stringify(last)}`);
  await page.evaluate(() => window.patchbay.leave());
} catch (e) {
  console.log(`FIREFOX-RESULT ${JSON.stringify({ error: String(e), last })}`);
} finally {
  await browser.close();
}
process.exit(allDecodedAt > 0 ? 0 : 1);
