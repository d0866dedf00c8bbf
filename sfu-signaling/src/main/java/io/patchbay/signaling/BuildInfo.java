package io.patchbay.signaling;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version this server was built as, from the pom.properties Maven puts in the jar ("dev" outside a jar). */
public final class BuildInfo {
    private static final String VERSION = load();

    private BuildInfo() {
    }

    public static String version() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = BuildInfo.class.getResourceAsStream(
                "/META-INF/maven/io.patchbay/sfu-signaling/pom.properties")) {
            if (in == null) return "dev";
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }
}
