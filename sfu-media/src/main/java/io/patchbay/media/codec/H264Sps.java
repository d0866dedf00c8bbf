package io.patchbay.media.codec;

import io.patchbay.media.packet.Bytes;

/**
 * A reusable view of the picture size in an H.264 sequence parameter set (SPS) carried in an RTP payload (RFC 6184):
 * a single NAL unit of type 7, or the first SPS in a STAP-A (type 24). An SPS fragmented over FU-A packets is not
 * reassembled (senders put SPS and PPS in a STAP-A or send them alone: they are a few dozen bytes). The SPS is read
 * up to its frame cropping fields (H.264 section 7.3.2.1.1); VUI and the rest are not read. Every length and value is
 * checked, nothing is copied or allocated. Not thread-safe: one instance per media thread. Accessors are only
 * meaningful after {@link #parse} returned {@link H264ParseResult#OK}.
 *
 * <pre>
 * STAP-A (RFC 6184 section 5.7.1):
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |F|NRI| Type=24 |         NALU 1 Size           | NALU 1 HDR    |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                         NALU 1 Data ...       | NALU 2 Size   | ...
 *
 * seq_parameter_set_data(), as far as it is read:
 *   profile_idc u(8), constraint_set flags u(8), level_idc u(8), seq_parameter_set_id ue(v)
 *   high profiles (100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135):
 *     chroma_format_idc ue(v), [separate_colour_plane_flag u(1) if 3], bit_depth_luma_minus8 ue(v),
 *     bit_depth_chroma_minus8 ue(v), qpprime_y_zero_transform_bypass_flag u(1),
 *     seq_scaling_matrix_present_flag u(1) [8 or 12 scaling list flags and lists]
 *   log2_max_frame_num_minus4 ue(v), pic_order_cnt_type ue(v) [and its fields]
 *   max_num_ref_frames ue(v), gaps_in_frame_num_value_allowed_flag u(1)
 *   pic_width_in_mbs_minus1 ue(v), pic_height_in_map_units_minus1 ue(v)
 *   frame_mbs_only_flag u(1) [mb_adaptive_frame_field_flag u(1)], direct_8x8_inference_flag u(1)
 *   frame_cropping_flag u(1) [left, right, top, bottom offsets ue(v)]
 * </pre>
 */
public final class H264Sps {
    /** NAL unit types (H.264 table 7-1, RFC 6184 table 1). */
    public static final int NAL_SPS = 7;
    public static final int NAL_STAP_A = 24;
    /** Largest width or height accepted, in pixels. */
    public static final int MAX_DIMENSION = 16384;

    private final ExpGolombReader reader = new ExpGolombReader();
    private int profileIdc;
    private int levelIdc;
    private int width;
    private int height;

    /**
     * Finds the SPS in the RTP payload at {@code buf[off, off + len)} and reads its picture size. On anything but
     * {@link H264ParseResult#OK} the accessors hold leftovers and must not be used.
     */
    public H264ParseResult parse(byte[] buf, int off, int len) {
        profileIdc = 0;
        levelIdc = 0;
        width = 0;
        height = 0;
        if (!Bytes.inBounds(buf, off, len)) {
            return H264ParseResult.BAD_BOUNDS;
        }
        if (len == 0) {
            return H264ParseResult.EMPTY;
        }
        int type = buf[off] & 0x1F;
        if (type == NAL_SPS) {
            return parseNalUnit(buf, off, len);
        }
        if (type != NAL_STAP_A) {
            return H264ParseResult.NO_SPS;
        }
        int pos = off + 1;
        int end = off + len;
        while (pos < end) {
            if (end - pos < 2) {
                return H264ParseResult.TRUNCATED_STAP_A;
            }
            int size = Bytes.u16(buf, pos);
            pos += 2;
            if (size == 0 || size > end - pos) {
                return H264ParseResult.TRUNCATED_STAP_A;
            }
            if ((buf[pos] & 0x1F) == NAL_SPS) {
                return parseNalUnit(buf, pos, size);
            }
            pos += size;
        }
        return H264ParseResult.NO_SPS;
    }

    /** Reads the SPS NAL unit (header byte included, at least 1 byte) at {@code buf[off, off + len)}. */
    private H264ParseResult parseNalUnit(byte[] buf, int off, int len) {
        ExpGolombReader r = reader;
        r.reset(buf, off + 1, len - 1);
        profileIdc = r.readBits(8);
        r.readBits(8); // constraint_set0..5 flags, reserved_zero_2bits
        levelIdc = r.readBits(8);
        if (r.readUe() > 31) { // seq_parameter_set_id
            return badOrTruncated(r);
        }
        int chromaFormatIdc = 1;
        boolean separateColourPlane = false;
        if (hasChromaFields(profileIdc)) {
            chromaFormatIdc = r.readUe();
            if (chromaFormatIdc > 3) {
                return badOrTruncated(r);
            }
            if (chromaFormatIdc == 3) {
                separateColourPlane = r.readBit() == 1;
            }
            if (r.readUe() > 6 || r.readUe() > 6) { // bit_depth_luma_minus8, bit_depth_chroma_minus8
                return badOrTruncated(r);
            }
            r.readBit(); // qpprime_y_zero_transform_bypass_flag
            if (r.readBit() == 1) { // seq_scaling_matrix_present_flag
                int lists = chromaFormatIdc != 3 ? 8 : 12;
                for (int i = 0; i < lists && !r.failed(); i++) {
                    if (r.readBit() == 1 && !skipScalingList(r, i < 6 ? 16 : 64)) {
                        return badOrTruncated(r);
                    }
                }
            }
        }
        if (r.readUe() > 12) { // log2_max_frame_num_minus4
            return badOrTruncated(r);
        }
        int picOrderCntType = r.readUe();
        if (picOrderCntType == 0) {
            if (r.readUe() > 12) { // log2_max_pic_order_cnt_lsb_minus4
                return badOrTruncated(r);
            }
        } else if (picOrderCntType == 1) {
            r.readBit(); // delta_pic_order_always_zero_flag
            r.readSe(); // offset_for_non_ref_pic
            r.readSe(); // offset_for_top_to_bottom_field
            int cycle = r.readUe();
            if (cycle > 255) {
                return badOrTruncated(r);
            }
            for (int i = 0; i < cycle && !r.failed(); i++) {
                r.readSe(); // offset_for_ref_frame[i]
            }
        } else if (picOrderCntType > 2) {
            return badOrTruncated(r);
        }
        r.readUe(); // max_num_ref_frames
        r.readBit(); // gaps_in_frame_num_value_allowed_flag
        long widthInMbs = r.readUe() + 1L;
        long heightInMapUnits = r.readUe() + 1L;
        int frameMbsOnly = r.readBit();
        if (frameMbsOnly == 0) {
            r.readBit(); // mb_adaptive_frame_field_flag
        }
        r.readBit(); // direct_8x8_inference_flag
        long cropLeft = 0;
        long cropRight = 0;
        long cropTop = 0;
        long cropBottom = 0;
        if (r.readBit() == 1) { // frame_cropping_flag
            cropLeft = r.readUe();
            cropRight = r.readUe();
            cropTop = r.readUe();
            cropBottom = r.readUe();
        }
        if (r.failed()) {
            return badOrTruncated(r);
        }
        // Section 7.4.2.1.1: crop units from ChromaArrayType and frame_mbs_only_flag.
        int chromaArrayType = separateColourPlane ? 0 : chromaFormatIdc;
        long cropUnitX = chromaArrayType == 1 || chromaArrayType == 2 ? 2 : 1;
        long cropUnitY = (chromaArrayType == 1 ? 2 : 1) * (2 - frameMbsOnly);
        long w = widthInMbs * 16 - cropUnitX * (cropLeft + cropRight);
        long h = (2 - frameMbsOnly) * heightInMapUnits * 16 - cropUnitY * (cropTop + cropBottom);
        if (w < 1 || w > MAX_DIMENSION || h < 1 || h > MAX_DIMENSION) {
            return H264ParseResult.BAD_SPS_VALUE;
        }
        width = (int) w;
        height = (int) h;
        return H264ParseResult.OK;
    }

    /** Profiles whose SPS carries chroma format, bit depths and scaling matrices (section 7.3.2.1.1). */
    private static boolean hasChromaFields(int profileIdc) {
        return switch (profileIdc) {
            case 100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135 -> true;
            default -> false;
        };
    }

    /** scaling_list() of section 7.3.2.1.1.1, read and dropped; false on a bad delta or a failed read. */
    private static boolean skipScalingList(ExpGolombReader r, int size) {
        int lastScale = 8;
        int nextScale = 8;
        for (int j = 0; j < size; j++) {
            if (nextScale != 0) {
                int delta = r.readSe();
                if (r.failed() || delta < -128 || delta > 127) {
                    return false;
                }
                nextScale = (lastScale + delta + 256) % 256;
            }
            lastScale = nextScale == 0 ? lastScale : nextScale;
        }
        return true;
    }

    /** A value out of range read from a truncated SPS means the truncation, not the value. */
    private static H264ParseResult badOrTruncated(ExpGolombReader r) {
        return r.overrun() ? H264ParseResult.TRUNCATED_SPS : H264ParseResult.BAD_SPS_VALUE;
    }

    /** profile_idc of the SPS (66 baseline, 77 main, 100 high, ...). */
    public int profileIdc() {
        return profileIdc;
    }

    /** level_idc of the SPS (31 = level 3.1, ...). */
    public int levelIdc() {
        return levelIdc;
    }

    /** Picture width in pixels after cropping: 1..{@link #MAX_DIMENSION}. */
    public int width() {
        return width;
    }

    /** Picture height in pixels after cropping (frames, not fields): 1..{@link #MAX_DIMENSION}. */
    public int height() {
        return height;
    }
}
