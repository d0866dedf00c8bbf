package io.patchbay.media.forward;

/**
 * Tells whether an RTP payload starts a keyframe, per codec payload format. Used so a new subscriber's video starts
 * on a decodable frame. Public for the fuzz target (io.patchbay.media.fuzz); stateless, any thread.
 */
public enum KeyframeDetector {
    /** RFC 7741: VP8 payload descriptor, then the VP8 frame header's P bit (0 = key frame). */
    VP8 {
        @Override
        public boolean isKeyframeStart(byte[] b, int off, int len) {
            if (len < 1) return false;
            int d = b[off] & 0xFF;
            boolean start = (d & 0x10) != 0 && (d & 0x07) == 0;
            if (!start) return false;
            int i = off + 1;
            int end = off + len;
            if ((d & 0x80) != 0) { // X: extension byte
                if (i >= end) return false;
                int x = b[i++] & 0xFF;
                if ((x & 0x80) != 0) { // I: picture id
                    if (i >= end) return false;
                    i += (b[i] & 0x80) != 0 ? 2 : 1;
                }
                if ((x & 0x40) != 0) i++; // L: TL0PICIDX
                if ((x & 0x30) != 0) i++; // T or K
            }
            return i < end && (b[i] & 0x01) == 0;
        }
    },
    /** RFC 7798-style check for VP9 (draft-ietf-payload-vp9): B bit set and P bit clear. */
    VP9 {
        @Override
        public boolean isKeyframeStart(byte[] b, int off, int len) {
            if (len < 1) return false;
            int d = b[off] & 0xFF;
            return (d & 0x40) == 0 && (d & 0x08) != 0;
        }
    },
    /** RFC 6184: an IDR slice or SPS, alone, in STAP-A, or at the start of an FU-A. */
    H264 {
        @Override
        public boolean isKeyframeStart(byte[] b, int off, int len) {
            if (len < 1) return false;
            int type = b[off] & 0x1F;
            if (type == 5 || type == 7) return true;
            if (type == 24) { // STAP-A: 16-bit sizes then NAL units
                int i = off + 1;
                int end = off + len;
                while (i + 2 < end) {
                    int size = ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
                    int nal = b[i + 2] & 0x1F;
                    if (nal == 5 || nal == 7) return true;
                    i += 2 + size;
                }
                return false;
            }
            if (type == 28 && len >= 2) { // FU-A start fragment
                return (b[off + 1] & 0x80) != 0 && ((b[off + 1] & 0x1F) == 5 || (b[off + 1] & 0x1F) == 7);
            }
            return false;
        }
    },
    /**
     * AV1 RTP specification section 4.4: the aggregation header's N bit ({@code |Z|Y| W |N|-|-|-|}) marks the first
     * packet of a coded video sequence, which starts with a key frame.
     */
    AV1 {
        @Override
        public boolean isKeyframeStart(byte[] b, int off, int len) {
            return len >= 1 && (b[off] & 0x08) != 0;
        }
    },
    /** Formats we do not inspect (audio): every packet may start a stream. */
    ANY {
        @Override
        public boolean isKeyframeStart(byte[] b, int off, int len) {
            return true;
        }
    };

    public abstract boolean isKeyframeStart(byte[] b, int off, int len);

    static KeyframeDetector forCodec(String name) {
        return switch (name.toUpperCase(java.util.Locale.ROOT)) {
            case "VP8" -> VP8;
            case "VP9" -> VP9;
            case "H264" -> H264;
            case "AV1" -> AV1;
            default -> ANY;
        };
    }
}
