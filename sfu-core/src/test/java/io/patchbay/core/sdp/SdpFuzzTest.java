package io.patchbay.core.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Seeded random mutations of the fixtures. For each input: parsing either succeeds or throws SdpParseException
 * (never anything else, and never the parser's internal-error guard); what parses round-trips to an equal model;
 * and negotiation on it throws nothing but SdpNegotiationException.
 */
class SdpFuzzTest {
    /** 10k keeps the module's tests near 2 s; run longer with -Dsdp.fuzz.iterations=1000000. */
    private static final int ITERATIONS = Integer.getInteger("sdp.fuzz.iterations", 10_000);
    private static final Pattern CRLF = Pattern.compile("\r\n");
    private static final String[] SNIPPETS = {
        "0", "9", "-1", "4294967296", "99999999999999999999", " ", "  ", ":", "/", "=", ";", "*", "\r\n", "\n", "\r",
        "\u0000", "\u00e9", "\uffff", "\ud800", "a=", "m=", "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\n", "m=video 0 X 1\r\n",
        "a=rtpmap:96 x/0\r\n", "a=rtpmap:111 opus/48000/2\r\n", "a=fmtp:111\r\n", "a=rtcp-fb:* nack\r\n",
        "a=extmap:15/sendonly urn:x a b\r\n", "a=ssrc:1 msid:a b\r\n", "a=ssrc-group:FID 1 2 3\r\n", "a=mid:0\r\n",
        "a=group:BUNDLE 0 1 2\r\n", "a=setup:active\r\n", "a=fingerprint:sha-1 AB\r\n", "a=msid:x\r\n",
        "a=bundle-only\r\n", "a=candidate:1 1 udp 1 h 1 typ host\r\n", "t=0 0\r\n", "i=info\r\n", "b=AS:30\r\n",
        "c=IN IP4 1.2.3.4\r\n", "a=rtpmap:97 rtx/90000\r\na=fmtp:97 apt=96\r\n", "a=ice-ufrag:abcd\r\n",
        "a=fmtp:96 profile-level-id=42e01f;packetization-mode=1\r\n", "a=rtpmap:96 H264/90000\r\n"
    };

    @Test
    void mutatedFixturesOnlyEverFailWithTypedErrors() {
        long start = System.nanoTime();
        Random random = new Random(Long.getLong("sdp.fuzz.seed", 0x5DB_F022L));
        List<String> seeds = SdpFixtures.ALL.stream().map(SdpFixtures::text).toList();
        int parsed = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            String input = mutated(seeds.get(random.nextInt(seeds.size())), random);
            if (check(input, i)) {
                parsed++;
            }
        }
        System.out.printf("fuzz: %d inputs, %d parsed, %d ms%n", ITERATIONS, parsed, (System.nanoTime() - start) / 1_000_000);
        // The mutations must leave enough inputs valid to exercise negotiation, and break enough to exercise errors.
        assertFalse(parsed < ITERATIONS / 10, "too few mutated inputs parsed: " + parsed);
        assertFalse(parsed > ITERATIONS * 9 / 10, "too many mutated inputs parsed: " + parsed);
    }

    private static boolean check(String input, int iteration) {
        SessionDescription sdp;
        try {
            sdp = SessionDescription.parse(input);
        } catch (SdpParseException e) {
            assertFalse(e.getMessage().startsWith("internal parser error"),
                    () -> "iteration " + iteration + " hit the guard: " + e.getMessage() + "\n" + input);
            return false;
        } catch (RuntimeException e) {
            fail("iteration " + iteration + " threw " + e + "\n" + input, e);
            return false;
        }
        try {
            SessionDescription again = SessionDescription.parse(sdp.toSdp());
            assertEquals(sdp, again, () -> "iteration " + iteration + " does not round-trip\n" + input);
        } catch (SdpParseException e) {
            fail("iteration " + iteration + ": written output does not parse: " + e.getMessage() + "\n" + sdp.toSdp(), e);
        }
        try {
            SdpNegotiator.answerPublisherOffer(sdp, SdpFixtures.LOCAL, 1, 1);
        } catch (SdpNegotiationException expected) {
            // typed refusal
        } catch (RuntimeException e) {
            fail("iteration " + iteration + ": negotiation threw " + e + "\n" + input, e);
        }
        try {
            SdpNegotiator.readSubscriberAnswer(sdp, sdp);
        } catch (SdpNegotiationException expected) {
            // typed refusal
        } catch (RuntimeException e) {
            fail("iteration " + iteration + ": answer reading threw " + e + "\n" + input, e);
        }
        return true;
    }

    /** One input: 1 to 4 mutations applied to the lines of a seed, joined once. */
    private static String mutated(String seed, Random random) {
        List<String> lines = new ArrayList<>(Arrays.asList(CRLF.split(seed, -1)));
        int mutations = 1 + random.nextInt(4);
        for (int m = 0; m < mutations; m++) {
            mutate(lines, random);
        }
        return String.join("\r\n", lines);
    }

    private static void mutate(List<String> lines, Random random) {
        if (lines.isEmpty()) {
            lines.add(SNIPPETS[random.nextInt(SNIPPETS.length)]);
            return;
        }
        int index = random.nextInt(lines.size());
        String line = lines.get(index);
        int at = line.isEmpty() ? 0 : random.nextInt(line.length());
        switch (random.nextInt(9)) {
            case 0 -> { // delete a short range
                int end = Math.min(line.length(), at + 1 + random.nextInt(8));
                lines.set(index, line.substring(0, at) + line.substring(end));
            }
            case 1 -> // insert a snippet (which may hold line breaks)
                    lines.set(index, line.substring(0, at) + SNIPPETS[random.nextInt(SNIPPETS.length)] + line.substring(at));
            case 2 -> { // replace one character with a random one
                char c = (char) (random.nextBoolean() ? 0x20 + random.nextInt(0x5F) : random.nextInt(0x10000));
                lines.set(index, line.isEmpty() ? String.valueOf(c) : line.substring(0, at) + c + line.substring(at + 1));
            }
            case 3 -> { // replace a digit with a run of digits
                for (int i = at; i < line.length(); i++) {
                    if (Character.isDigit(line.charAt(i))) {
                        String digits = Long.toString(random.nextLong() & Long.MAX_VALUE) + random.nextInt(1000);
                        lines.set(index, line.substring(0, i) + digits.substring(0, 1 + random.nextInt(digits.length()))
                                + line.substring(i + 1));
                        break;
                    }
                }
            }
            case 4 -> lines.remove(index);
            case 5 -> lines.add(random.nextInt(lines.size() + 1), line);
            case 6 -> { // swap two lines
                int other = random.nextInt(lines.size());
                lines.set(index, lines.get(other));
                lines.set(other, line);
            }
            case 7 -> { // truncate the description inside this line
                lines.set(index, line.substring(0, at));
                lines.subList(index + 1, lines.size()).clear();
            }
            default -> { // replace the value after the line's first ':' or '='
                int sep = Math.max(line.indexOf(':'), 1);
                if (sep < line.length()) {
                    lines.set(index, line.substring(0, sep + 1) + SNIPPETS[random.nextInt(SNIPPETS.length)].strip());
                }
            }
        }
    }
}
