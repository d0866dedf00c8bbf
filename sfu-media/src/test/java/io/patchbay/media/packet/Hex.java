package io.patchbay.media.packet;

import java.io.ByteArrayOutputStream;

/** Test helper: hex strings with {@code #} comments to bytes, and back. */
public final class Hex {
    private Hex() {
    }

    /**
     * Parses whitespace-separated hex bytes; everything from {@code #} to the end of a line is a comment.
     * {@code "81 CE 00 02  # V=2 FMT=1 PT=206"} gives 4 bytes.
     */
    public static byte[] bytes(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String line : text.split("\n")) {
            int hash = line.indexOf('#');
            String data = (hash >= 0 ? line.substring(0, hash) : line).replaceAll("\\s+", "");
            if (data.length() % 2 != 0) {
                throw new IllegalArgumentException("odd number of hex digits in: " + line);
            }
            for (int i = 0; i < data.length(); i += 2) {
                out.write(Integer.parseInt(data.substring(i, i + 2), 16));
            }
        }
        return out.toByteArray();
    }

    /** Space-separated upper-case hex of {@code buf[off, off + len)}, for assertion messages. */
    public static String of(byte[] buf, int off, int len) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < len; i++) {
            if (i > 0) sb.append(i % 4 == 0 ? "  " : " ");
            sb.append(String.format("%02X", buf[off + i] & 0xFF));
        }
        return sb.toString();
    }

    public static String of(byte[] buf) {
        return of(buf, 0, buf.length);
    }
}
