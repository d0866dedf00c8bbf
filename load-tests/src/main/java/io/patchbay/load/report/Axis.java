package io.patchbay.load.report;

import java.util.ArrayList;
import java.util.List;

/**
 * One plot axis: a linear or base-10 logarithmic scale over a data range widened to round tick values, the ticks,
 * and the mapping of a value to a fraction (0 = start of the axis, 1 = end).
 */
final class Axis {

    private static final int TARGET_INTERVALS = 6;

    private final boolean log;
    private final double min;
    private final double max;
    private final List<Double> ticks;

    private Axis(boolean log, double min, double max, List<Double> ticks) {
        this.log = log;
        this.min = min;
        this.max = max;
        this.ticks = List.copyOf(ticks);
    }

    /** A linear axis covering [lo, hi], widened to multiples of a 1-2-2.5-5 step. */
    static Axis linear(double lo, double hi) {
        if (!(hi > lo)) {
            double pad = lo == 0 ? 1 : Math.abs(lo) * 0.1;
            lo -= lo == 0 ? 0 : pad;
            hi = lo + 2 * pad;
        }
        double step = niceStep((hi - lo) / TARGET_INTERVALS);
        double start = Math.floor(lo / step + 1e-9) * step;
        double end = Math.ceil(hi / step - 1e-9) * step;
        List<Double> ticks = new ArrayList<>();
        for (int i = 0; start + i * step <= end + step * 1e-6; i++) {
            ticks.add(roundOff(start + i * step, step));
        }
        return new Axis(false, start, end, ticks);
    }

    /** A log axis covering [lo, hi] (both > 0), widened to whole decades; 2x and 5x ticks when it spans few. */
    static Axis log(double lo, double hi) {
        if (!(lo > 0)) {
            throw new IllegalArgumentException("log axis needs a positive minimum, got " + lo);
        }
        int first = (int) Math.floor(Math.log10(lo) + 1e-9);
        int last = (int) Math.ceil(Math.log10(Math.max(hi, lo)) - 1e-9);
        if (last <= first) {
            last = first + 1;
        }
        boolean fine = last - first <= 2;
        List<Double> ticks = new ArrayList<>();
        for (int decade = first; decade <= last; decade++) {
            double base = Math.pow(10, decade);
            ticks.add(base);
            if (fine && decade < last) {
                ticks.add(2 * base);
                ticks.add(5 * base);
            }
        }
        return new Axis(true, Math.pow(10, first), Math.pow(10, last), ticks);
    }

    /** Whether {@code value} can be placed on an axis of that kind (finite, and positive on a log axis). */
    static boolean placeable(boolean log, double value) {
        return Double.isFinite(value) && (!log || value > 0);
    }

    /** Position of {@code value} as a fraction of the axis length; outside [0, 1] if the value is out of range. */
    double fraction(double value) {
        if (log) {
            return (Math.log10(value) - Math.log10(min)) / (Math.log10(max) - Math.log10(min));
        }
        return (value - min) / (max - min);
    }

    List<Double> ticks() {
        return ticks;
    }

    boolean isLog() {
        return log;
    }

    /** The smallest 1, 2, 2.5 or 5 times a power of ten that is at least {@code raw}. */
    private static double niceStep(double raw) {
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double factor : new double[] {1, 2, 2.5, 5, 10}) {
            if (factor * power >= raw * (1 - 1e-9)) {
                return factor * power;
            }
        }
        return 10 * power;
    }

    /** Removes floating-point noise such as 0.30000000000000004 from a tick value. */
    private static double roundOff(double value, double step) {
        double unit = Math.pow(10, Math.floor(Math.log10(step)) - 3);
        return Math.round(value / unit) * unit;
    }
}
