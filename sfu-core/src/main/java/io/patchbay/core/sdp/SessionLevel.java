package io.patchbay.core.sdp;

import java.util.List;

/** Session-level values an m-section inherits when it lacks its own; null or empty when absent. */
record SessionLevel(Direction direction, String iceUfrag, String icePwd, List<String> iceOptions,
                    List<Fingerprint> fingerprints, SetupRole setup, boolean extmapAllowMixed) {
}
