package io.patchbay.load.janus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A Janus 1.x gateway run as a child process with a private configuration ({@link JanusConfig}): videoroom
 * plugin, plain HTTP transport on {@code bindIp:httpPort}, ICE on one named interface only.
 *
 * <p>Janus never offers loopback candidates, so {@code iceInterface} must be a real interface; the comparison
 * runs Janus and the generator inside one network namespace with a veth pair (see
 * load-tests/scripts/janus-netns-test.sh). This class does not create the namespace: the JVM is expected to
 * already run inside it.
 */
public final class JanusProcess implements AutoCloseable {
    static final String BINARY = "janus";
    private static final String RTP_PORT_RANGE = "20000-20999";
    private static final int DEBUG_LEVEL = 4; // info: the packaged default, one line per handle event, none per packet
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final Process process;
    private final URI httpBase;
    private final String version;
    private final Path logFile;
    private final Path configFolder;

    private JanusProcess(Process process, URI httpBase, String version, Path logFile, Path configFolder) {
        this.process = process;
        this.httpBase = httpBase;
        this.version = version;
        this.logFile = logFile;
        this.configFolder = configFolder;
    }

    /** As {@link #start(Path, String, String, int, Duration, int)} with one media event loop per CPU. */
    public static JanusProcess start(Path workDir, String bindIp, String iceInterface, int httpPort, Duration timeout)
            throws IOException, InterruptedException, TimeoutException {
        return start(workDir, bindIp, iceInterface, httpPort, timeout, Runtime.getRuntime().availableProcessors());
    }

    /**
     * Writes the configuration under {@code workDir/janus-conf}, starts Janus logging to {@code workDir/janus.log},
     * and waits until {@code GET /janus/info} answers. The process is killed if it does not within {@code timeout}.
     */
    public static JanusProcess start(Path workDir, String bindIp, String iceInterface, int httpPort, Duration timeout,
                                     int eventLoops) throws IOException, InterruptedException, TimeoutException {
        Optional<String> unavailable = unavailableReason(iceInterface);
        if (unavailable.isPresent()) {
            throw new IOException("cannot run Janus: " + unavailable.get());
        }
        return start(workDir, bindIp, iceInterface, ipv4Of(iceInterface).orElseThrow(), httpPort, timeout, eventLoops,
                List.of());
    }

    /**
     * Starts Janus inside a network namespace this JVM is not in: {@code commandPrefix} is e.g.
     * {@link NetworkNamespace#execPrefix()}, and {@code iceInterface}/{@code iceIpv4} are that namespace's.
     */
    public static JanusProcess start(Path workDir, String bindIp, String iceInterface, String iceIpv4, int httpPort,
                                     Duration timeout, int eventLoops, List<String> commandPrefix)
            throws IOException, InterruptedException, TimeoutException {
        workDir = workDir.toAbsolutePath(); // Janus runs with workDir as its cwd
        Optional<String> unavailable = unavailableReason();
        if (unavailable.isPresent()) {
            throw new IOException("cannot run Janus: " + unavailable.get());
        }
        Path confDir = workDir.resolve("janus-conf");
        Path logFile = workDir.resolve("janus.log");
        Files.createDirectories(workDir);
        Files.deleteIfExists(logFile);
        Path mainConfig = JanusConfig.write(confDir, JanusConfig.packagedFolders(), new JanusConfig.Settings(
                bindIp, httpPort, iceInterface, iceIpv4, RTP_PORT_RANGE, eventLoops, DEBUG_LEVEL));

        // `ip netns exec` execs Janus in place, so the child's pid is Janus's own (for /proc/<pid>/stat).
        List<String> command = new ArrayList<>(commandPrefix);
        command.addAll(List.of(BINARY, "-F", confDir.toString(), "-C", mainConfig.toString(),
                "-o", "-N", "-L", logFile.toString()));
        // Janus writes everything to its log file (-L, stdout disabled with -N); anything it still prints before
        // parsing the options goes to a side file rather than a pipe nobody drains.
        Process process = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("janus.stdout").toFile())
                .start();
        io.patchbay.load.sfu.ChildProcesses.started(process);
        URI base = URI.create("http://" + hostForUri(bindIp) + ":" + httpPort + "/janus");
        try {
            String version = awaitInfo(process, base, timeout, logFile);
            return new JanusProcess(process, base, version, logFile, confDir);
        } catch (IOException | InterruptedException | TimeoutException | RuntimeException e) {
            io.patchbay.load.sfu.ChildProcesses.stop(process);
            throw e;
        }
    }

    private static String hostForUri(String ip) {
        return ip.contains(":") ? "[" + ip + "]" : ip;
    }

    /** Polls {@code /info} until it answers; returns "1.1.2 (1102)"-style text from {@code version_string}. */
    private static String awaitInfo(Process process, URI base, Duration timeout, Path logFile)
            throws IOException, InterruptedException, TimeoutException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest info = HttpRequest.newBuilder(URI.create(base + "/info")).timeout(Duration.ofSeconds(2)).GET().build();
        long deadline = System.nanoTime() + timeout.toNanos();
        IOException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("janus exited with status " + process.exitValue() + " before answering; see "
                        + logFile + "; last lines:\n" + tail(logFile, 15));
            }
            try {
                HttpResponse<String> r = http.send(info, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    JsonNode body = new ObjectMapper().readTree(r.body());
                    return body.path("version_string").asText("?") + " (" + body.path("version").asText("?") + ")";
                }
                last = new IOException("GET /janus/info answered HTTP " + r.statusCode());
            } catch (IOException e) {
                last = e;
            }
            Thread.sleep(100);
        }
        TimeoutException t = new TimeoutException("janus did not answer " + base + "/info within " + timeout
                + "; last lines of " + logFile + ":\n" + tail(logFile, 15));
        if (last != null) {
            t.initCause(last);
        }
        throw t;
    }

    static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Why Janus cannot be run here at all, or empty. */
    public static Optional<String> unavailableReason() {
        if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) {
            return Optional.of("the Janus comparison runs on Linux only (os.name=" + System.getProperty("os.name") + ")");
        }
        Optional<Path> binary = findOnPath(BINARY);
        if (binary.isEmpty()) {
            return Optional.of("no `" + BINARY + "` binary on PATH (Debian: apt-get install janus)");
        }
        if (!Files.isRegularFile(JanusConfig.PACKAGED_FOLDER.resolve("janus.jcfg"))) {
            return Optional.of(JanusConfig.PACKAGED_FOLDER.resolve("janus.jcfg") + " is missing (package `janus` not installed?)");
        }
        try {
            if (!Files.isRegularFile(JanusConfig.packagedFolders().plugins().resolve(JanusConfig.VIDEOROOM_PLUGIN))) {
                return Optional.of("the videoroom plugin " + JanusConfig.VIDEOROOM_PLUGIN + " is not installed");
            }
        } catch (IOException e) {
            return Optional.of("cannot read the packaged Janus configuration: " + e.getMessage());
        }
        if (!isRoot()) {
            return Optional.of("not root: the comparison needs a network namespace with a veth pair, because Janus"
                    + " never gathers loopback ICE candidates");
        }
        return Optional.empty();
    }

    /** As {@link #unavailableReason()}, and also checks that {@code iceInterface} exists, is up and has IPv4. */
    public static Optional<String> unavailableReason(String iceInterface) {
        Optional<String> general = unavailableReason();
        if (general.isPresent()) {
            return general;
        }
        try {
            NetworkInterface nic = NetworkInterface.getByName(iceInterface);
            if (nic == null) {
                return Optional.of("no network interface `" + iceInterface + "` (is this JVM running inside the"
                        + " comparison's network namespace, `ip netns exec <ns> ...`?)");
            }
            if (!nic.isUp()) {
                return Optional.of("network interface `" + iceInterface + "` is down");
            }
            if (nic.isLoopback()) {
                return Optional.of("`" + iceInterface + "` is a loopback interface; Janus ignores those for ICE");
            }
            if (ipv4Of(nic).isEmpty()) {
                return Optional.of("network interface `" + iceInterface + "` has no IPv4 address");
            }
        } catch (SocketException e) {
            return Optional.of("cannot inspect network interface `" + iceInterface + "`: " + e.getMessage());
        }
        return Optional.empty();
    }

    /** The first IPv4 address of the named interface, if any: where Janus will put its host candidates. */
    public static Optional<String> ipv4Of(String iceInterface) throws SocketException {
        NetworkInterface nic = NetworkInterface.getByName(iceInterface);
        return nic == null ? Optional.empty() : ipv4Of(nic);
    }

    private static Optional<String> ipv4Of(NetworkInterface nic) {
        List<InetAddress> v4 = new ArrayList<>();
        nic.getInetAddresses().asIterator().forEachRemaining(a -> {
            if (a instanceof Inet4Address) {
                v4.add(a);
            }
        });
        return v4.stream().findFirst().map(InetAddress::getHostAddress);
    }

    private static Optional<Path> findOnPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static boolean isRoot() {
        try {
            // /proc/self belongs to this process's effective uid.
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    public long pid() {
        return process.pid();
    }

    /** {@code http://ip:port/janus}, the root of the Janus REST API. */
    public URI httpBase() {
        return httpBase;
    }

    /** From {@code /info}, e.g. "1.1.2 (1102)". */
    public String version() {
        return version;
    }

    public Path logFile() {
        return logFile;
    }

    public Path configFolder() {
        return configFolder;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGTERM, up to 5 s for Janus to exit, then SIGKILL. */
    @Override
    public void close() {
        io.patchbay.load.sfu.ChildProcesses.stop(process);
    }


    @Override
    public String toString() {
        return "Janus " + version + " pid " + pid() + " at " + httpBase;
    }
}
