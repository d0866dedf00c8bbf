package io.patchbay.load.janus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes a private Janus configuration folder for the comparison. Only the module folders are taken from the
 * packaged {@code /etc/janus/janus.jcfg}; every file written here is minimal and complete, so nothing depends on
 * the commented-out defaults of the Debian files.
 *
 * <p>{@code interface} is set to the ICE interface's address: Janus otherwise fails to pick a local IP when ICE
 * is enforced onto one interface and writes {@code c=IN IP4 127.0.0.1} into its SDP (the candidates are right
 * either way).
 *
 * <p>What is loaded: the core, the videoroom plugin and the plain HTTP transport. Every other plugin, transport,
 * event handler and external logger is disabled by listing the {@code .so} files found in its folder.
 *
 * <p>Threads, chosen to be what a fair production deployment would use: {@code event_loops} is set to the number
 * of CPUs, so all handles share a fixed pool of media loops, as Patchbay's media threads (one per CPU by default)
 * do; Janus's default (one loop thread per handle) would run hundreds of threads at the sizes we measure. The
 * videoroom's per-room relay helper {@code threads} stay at the default 0 (the publisher's loop relays), and the
 * task pool for plugin messages stays unbounded (default). The generator sends no data channels, so the
 * SCTP/data-channel code of Janus is never exercised. NACK handling keeps its defaults ({@code nack_optimizations}
 * off, {@code min_nack_queue} 200 ms): they are what production uses and do not skew loss-free runs.
 */
final class JanusConfig {
    static final Path PACKAGED_FOLDER = Path.of("/etc/janus");
    static final String VIDEOROOM_PLUGIN = "libjanus_videoroom.so";
    static final String HTTP_TRANSPORT = "libjanus_http.so";

    private static final Pattern FOLDER = Pattern.compile(
            "^\\s*(plugins|transports|events|loggers)_folder\\s*=\\s*\"([^\"]+)\"", Pattern.MULTILINE);

    /** Where Janus finds its modules (from the packaged janus.jcfg). */
    record Folders(Path plugins, Path transports, Path events, Path loggers) { }

    /** What goes into the generated files. */
    record Settings(String bindIp, int httpPort, String iceInterface, String iceIp, String rtpPortRange,
                    int eventLoops, int debugLevel) { }

    private JanusConfig() {
    }

    static Folders packagedFolders() throws IOException {
        String jcfg = Files.readString(PACKAGED_FOLDER.resolve("janus.jcfg"), StandardCharsets.UTF_8);
        Path plugins = null;
        Path transports = null;
        Path events = null;
        Path loggers = null;
        Matcher m = FOLDER.matcher(jcfg);
        while (m.find()) {
            Path p = Path.of(m.group(2));
            switch (m.group(1)) {
                case "plugins" -> plugins = p;
                case "transports" -> transports = p;
                case "events" -> events = p;
                default -> loggers = p;
            }
        }
        if (plugins == null || transports == null) {
            throw new IOException(PACKAGED_FOLDER.resolve("janus.jcfg") + " names no plugins_folder/transports_folder");
        }
        Path base = plugins.getParent();
        return new Folders(plugins, transports, events != null ? events : base.resolve("events"),
                loggers != null ? loggers : base.resolve("loggers"));
    }

    /** Writes janus.jcfg, janus.plugin.videoroom.jcfg and janus.transport.http.jcfg into {@code dir}. */
    static Path write(Path dir, Folders folders, Settings s) throws IOException {
        Files.createDirectories(dir);
        Path main = dir.resolve("janus.jcfg");
        Files.writeString(main, mainConfig(dir, folders, s), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("janus.plugin.videoroom.jcfg"), videoroomConfig(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("janus.transport.http.jcfg"), httpConfig(s), StandardCharsets.UTF_8);
        return main;
    }

    private static String mainConfig(Path dir, Folders f, Settings s) throws IOException {
        return """
                general: {
                	interface = "%s"
                	configs_folder = "%s"
                	plugins_folder = "%s"
                	transports_folder = "%s"
                	events_folder = "%s"
                	loggers_folder = "%s"
                	debug_level = %d
                	debug_timestamps = true
                	server_name = "patchbay-comparison"
                	session_timeout = 60
                	event_loops = %d
                	protected_folders = ["/bin", "/boot", "/dev", "/etc", "/lib", "/proc", "/sbin", "/sys", "/usr", "/var"]
                }
                certificates: {
                }
                media: {
                	ipv6 = false
                	rtp_port_range = "%s"
                }
                nat: {
                	nice_debug = false
                	full_trickle = false
                	ice_lite = false
                	ice_tcp = false
                	ice_enforce_list = "%s"
                	ignore_mdns = true
                }
                plugins: {
                	disable = "%s"
                }
                transports: {
                	disable = "%s"
                }
                loggers: {
                	disable = "%s"
                }
                events: {
                	broadcast = false
                	disable = "%s"
                }
                """.formatted(s.iceIp(), dir.toAbsolutePath(), f.plugins(), f.transports(), f.events(), f.loggers(),
                s.debugLevel(), s.eventLoops(), s.rtpPortRange(), s.iceInterface(),
                allBut(f.plugins(), VIDEOROOM_PLUGIN), allBut(f.transports(), HTTP_TRANSPORT),
                allBut(f.loggers(), null), allBut(f.events(), null));
    }

    /** No static rooms: the comparison creates its own through the API. */
    private static String videoroomConfig() {
        return """
                general: {
                	string_ids = false
                	events = false
                }
                """;
    }

    private static String httpConfig(Settings s) {
        return """
                general: {
                	json = "plain"
                	base_path = "/janus"
                	http = true
                	ip = "%s"
                	port = %d
                	https = false
                	events = false
                }
                admin: {
                	admin_http = false
                	admin_https = false
                }
                cors: {
                }
                """.formatted(s.bindIp(), s.httpPort());
    }

    /** Comma-separated names of the modules in {@code folder} other than {@code keep} (Janus loads only *.so). */
    private static String allBut(Path folder, String keep) throws IOException {
        if (!Files.isDirectory(folder)) {
            return "";
        }
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".so") && !n.equals(keep))
                    .sorted()
                    .forEach(names::add);
        }
        return String.join(",", names);
    }
}
