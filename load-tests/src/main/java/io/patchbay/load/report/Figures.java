package io.patchbay.load.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/**
 * Number formatting for the text and HTML tables: fixed decimals, dot as decimal separator whatever the locale,
 * and {@link #NONE} for a value that was not measured (NaN, or the -1 "unknown" sentinel where one is used).
 */
final class Figures {

    /** Shown in place of a missing value. */
    static final String NONE = "-";

    private static final double BYTES_PER_MIB = 1024.0 * 1024.0;

    private Figures() {
    }

    /** {@code value} with {@code decimals} decimals, or {@link #NONE} if it is NaN or infinite. */
    static String fixed(double value, int decimals) {
        if (!Double.isFinite(value)) {
            return NONE;
        }
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    /** Like {@link #fixed}, but a negative value (the "unknown" sentinel) is also {@link #NONE}. */
    static String fixedOrUnknown(double value, int decimals) {
        return value < 0 ? NONE : fixed(value, decimals);
    }

    /** As {@link #fixedOrUnknown}, and {@link #NONE} for NaN or infinity too (a figure not measured). */
    static String fixedIfMeasured(double value, int decimals) {
        return !Double.isFinite(value) || value < 0 ? NONE : fixed(value, decimals);
    }

    /** A fraction (0.021) as a percentage with {@code decimals} decimals ("2.10"). */
    static String percent(double fraction, int decimals) {
        return fixed(fraction * 100.0, decimals);
    }

    /** Bytes as MiB without decimals, or {@link #NONE} for the -1 sentinel. */
    static String mebibytes(long bytes) {
        return bytes < 0 ? NONE : fixed(bytes / BYTES_PER_MIB, 0);
    }

    /** Short axis or bar label, three significant digits: 1500 -> "1.5k", 2000000 -> "2M", 0.25 -> "0.25". */
    static String compact(double value) {
        double magnitude = Math.abs(value);
        if (magnitude >= 1e6) {
            return trimmed(value / 1e6) + "M";
        }
        if (magnitude >= 1e3) {
            return trimmed(value / 1e3) + "k";
        }
        return trimmed(value);
    }

    /** Like {@link #compact} without the k and M suffixes: 1500 -> "1500", 0.25 -> "0.25". */
    static String plain(double value) {
        return Math.abs(value) >= 1000 ? fixed(value, 0) : trimmed(value);
    }

    /** Three significant digits, trailing zeros dropped, never in exponent notation (0.0001, 2.5, 120). */
    private static String trimmed(double value) {
        if (!Double.isFinite(value)) {
            return NONE;
        }
        if (value == 0) {
            return "0";
        }
        return new BigDecimal(value).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }
}
