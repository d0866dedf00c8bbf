package io.patchbay.signaling.impair;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.opentest4j.AssertionFailedError;

/** Polls a condition until a deadline instead of sleeping for a result. */
final class Await {
    private Await() {
    }

    /** Polls every millisecond; fails with {@code diagnostics} if the condition is still false after {@code timeout}. */
    static void until(Duration timeout, BooleanSupplier condition, Supplier<?> diagnostics) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionFailedError("not true within " + timeout + ": " + diagnostics.get());
            }
            LockSupport.parkNanos(1_000_000);
            if (Thread.interrupted()) {
                throw new AssertionFailedError("interrupted");
            }
        }
    }

    /** Parks until {@code System.nanoTime()} reaches {@code atNanos}: for pacing a sender, not for awaiting results. */
    static void pace(long atNanos) {
        long left;
        while ((left = atNanos - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
    }
}
