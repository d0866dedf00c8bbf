package io.patchbay.signaling.fuzz;

/**
 * How long each {@code @FuzzTest} fuzzes in the build's {@code fuzz} surefire execution (JAZZER_FUZZ=1, one JVM per
 * class). The long runs go through {@code load-tests/scripts/fuzz.sh}, which is not bound by this.
 */
final class FuzzBudget {
    static final String CI = "2s";

    private FuzzBudget() {
    }
}
