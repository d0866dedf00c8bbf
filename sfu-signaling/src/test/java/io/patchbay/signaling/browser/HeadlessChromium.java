package io.patchbay.signaling.browser;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * One headless Chromium, driven by its own chromedriver, with a fresh profile and fake camera and microphone.
 *
 * <p>Uses only the Debian packages {@code chromium} and {@code chromium-driver}: the driver executable is given
 * explicitly, so Selenium Manager never runs (it would try to download a driver). Everything this class starts is
 * stopped by process id in {@link #close()}: {@code driver.quit()} first, then, as a backstop, every process of the
 * chromedriver's tree that is still alive.
 *
 * <p>Called from the test thread only.
 */
final class HeadlessChromium implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    /** The flags from TESTING.md, plus autoplay (remote audio plays without a click) and a fixed window size. */
    private static final List<String> FLAGS = List.of(
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            "--allow-loopback-in-peer-connection",
            "--disable-features=WebRtcHideLocalIpsWithMdns",
            "--autoplay-policy=no-user-gesture-required",
            "--mute-audio",
            "--window-size=1280,800");

    /**
     * Extra flags for diagnosis, e.g. {@code -Dpatchbay.chromium.flags="--disable-features=X --enable-logging=stderr"};
     * {@code --disable-features} values are merged with the built-in ones.
     */
    static final String EXTRA_FLAGS_PROPERTY = "patchbay.chromium.flags";

    private final String label;
    private final Path profileDir;
    private final ChromeDriverService service;
    private final ProcessHandle driverProcess;
    private final ChromeDriver driver;
    private boolean closed;
    /** Pids stopped by {@link #suspendBrowser()} and not yet continued. */
    private List<Long> suspended = List.of();

    private HeadlessChromium(String label, Path profileDir, ChromeDriverService service, ProcessHandle driverProcess,
            ChromeDriver driver) {
        this.label = label;
        this.profileDir = profileDir;
        this.service = service;
        this.driverProcess = driverProcess;
        this.driver = driver;
    }

    /** Fails (never skips) when the browser or its driver is not installed. */
    static void assertInstalled() {
        assertTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "The browser end-to-end test needs " + CHROMIUM + " and " + CHROMEDRIVER
                        + ". Install them with: apt-get install -y chromium chromium-driver");
    }

    /**
     * Starts chromedriver and a browser.
     *
     * @param label  names the profile directory and the driver log (target/browser-logs/label-chromedriver.log)
     */
    static HeadlessChromium launch(String label) throws IOException {
        return launch(label, List.of());
    }

    /** As {@link #launch(String)} with more command-line flags (e.g. {@code --ignore-certificate-errors-spki-list=}). */
    static HeadlessChromium launch(String label, List<String> moreFlags) throws IOException {
        assertInstalled();
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
        Path profileDir = Files.createTempDirectory("patchbay-chromium-" + label + "-");
        Path logDir = Files.createDirectories(Path.of("target", "browser-logs"));

        Set<Long> childrenBefore = childPids();
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withLogFile(logDir.resolve(label + "-chromedriver.log").toFile())
                .withTimeout(Duration.ofSeconds(20))
                .build();
        service.start();
        ProcessHandle driverProcess = ProcessHandle.current().children()
                .filter(p -> !childrenBefore.contains(p.pid()))
                .filter(p -> p.info().command().map(c -> c.endsWith("chromedriver")).orElse(false))
                .findFirst()
                .orElseThrow(() -> {
                    service.stop();
                    return new IllegalStateException("chromedriver started but its process was not found");
                });

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(flags(moreFlags));
        options.addArguments("--user-data-dir=" + profileDir);
        LoggingPreferences logging = new LoggingPreferences();
        logging.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logging);
        try {
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
            return new HeadlessChromium(label, profileDir, service, driverProcess, driver);
        } catch (RuntimeException e) {
            stopTree(driverProcess);
            service.stop();
            deleteRecursively(profileDir);
            throw e;
        }
    }

    private static List<String> flags(List<String> moreFlags) {
        List<String> flags = new ArrayList<>();
        List<String> disabledFeatures = new ArrayList<>();
        List<String> extra = List.of(System.getProperty(EXTRA_FLAGS_PROPERTY, "").trim().split("\\s+"));
        for (String flag : Stream.of(FLAGS, moreFlags, extra).flatMap(List::stream).toList()) {
            if (flag.isEmpty()) {
                continue;
            }
            if (flag.startsWith("--disable-features=")) {
                disabledFeatures.add(flag.substring("--disable-features=".length()));
            } else {
                flags.add(flag);
            }
        }
        flags.add("--disable-features=" + String.join(",", disabledFeatures));
        return flags;
    }

    String label() {
        return label;
    }

    ChromeDriver driver() {
        return driver;
    }

    /** Runs a synchronous script; see {@link JavascriptExecutor#executeScript}. */
    Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    /** Runs a script that calls its last argument (the callback) with the result. */
    Object asyncScript(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeAsyncScript(js, args);
    }

    /** Runs an async script whose callback gets a JSON string, and parses it. */
    com.fasterxml.jackson.databind.JsonNode asyncJson(String js, Object... args) {
        try {
            return io.patchbay.signaling.ws.Json.MAPPER.readTree((String) asyncScript(js, args));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("the page answered no JSON", e);
        }
    }

    /** The page's console output so far (consumed: each entry is returned once). */
    List<String> consoleLog() {
        try {
            return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .map(LogEntry::toString)
                    .collect(Collectors.toList());
        } catch (RuntimeException e) {
            return List.of("(console log unavailable: " + e.getMessage() + ")");
        }
    }

    /**
     * Memory of chromedriver and every browser process it started, in MiB: the sum of proportional set sizes
     * (shared pages divided among the processes sharing them), so browsers can be added up.
     */
    long memoryMiB() {
        long kib = Stream.concat(Stream.of(driverProcess), driverProcess.descendants())
                .mapToLong(p -> proportionalKiB(p.pid()))
                .sum();
        return kib / 1024;
    }

    /**
     * Freezes the browser: SIGSTOP to every process chromedriver started (by pid; chromedriver itself keeps
     * running). The browser then sends nothing at all, not even WebSocket pongs or STUN answers, while its sockets
     * stay open (the kernel still acknowledges TCP). Do not drive the page until {@link #resumeBrowser()}.
     *
     * @return the pids stopped
     */
    List<Long> suspendBrowser() {
        List<Long> pids = driverProcess.descendants().map(ProcessHandle::pid).toList();
        signal("-STOP", pids);
        suspended = pids;
        return pids;
    }

    /** SIGCONT to the processes {@link #suspendBrowser()} stopped. */
    void resumeBrowser() {
        if (suspended.isEmpty()) {
            return;
        }
        signal("-CONT", suspended);
        suspended = List.of();
    }

    private static void signal(String signal, List<Long> pids) {
        if (pids.isEmpty()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of("kill", signal));
        pids.forEach(pid -> command.add(Long.toString(pid)));
        try {
            Process kill = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(kill.getInputStream().readAllBytes());
            if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                System.err.println(String.join(" ", command) + ": " + output.trim());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        resumeBrowser(); // a stopped browser cannot quit
        closed = true;
        List<ProcessHandle> tree = new ArrayList<>();
        tree.add(driverProcess);
        driverProcess.descendants().forEach(tree::add);
        try {
            driver.quit();
        } catch (RuntimeException e) {
            System.err.println(label + ": driver.quit() failed: " + e);
        }
        service.stop();
        for (ProcessHandle p : tree) {
            stopProcess(p);
        }
        deleteRecursively(profileDir);
    }

    private static void stopTree(ProcessHandle root) {
        root.descendants().forEach(HeadlessChromium::stopProcess);
        stopProcess(root);
    }

    /**
     * Stops one process by its pid if it is still alive: gives it 3 s to exit on its own (browser helpers exit shortly
     * after the browser), then SIGTERM, then SIGKILL after 5 s.
     */
    private static void stopProcess(ProcessHandle p) {
        if (awaitExit(p, 3)) {
            return;
        }
        System.err.println("stopping leftover process " + p.pid() + ": " + commandLine(p.pid()));
        p.destroy();
        if (!awaitExit(p, 5)) {
            p.destroyForcibly();
        }
    }

    private static boolean awaitExit(ProcessHandle p, int seconds) {
        try {
            p.onExit().get(seconds, TimeUnit.SECONDS);
            return true;
        } catch (TimeoutException e) {
            return !p.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !p.isAlive();
        } catch (ExecutionException e) {
            return !p.isAlive();
        }
    }

    private static String commandLine(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"))).replace('\0', ' ');
        } catch (IOException e) {
            return "?";
        }
    }

    private static Set<Long> childPids() {
        return ProcessHandle.current().children().map(ProcessHandle::pid).collect(Collectors.toSet());
    }

    private static long proportionalKiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps_rollup"))) {
                if (line.startsWith("Pss:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | UncheckedIOException | NumberFormatException e) {
            // the process ended meanwhile
        }
        return 0;
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException | UncheckedIOException e) {
            System.err.println("could not delete " + dir + ": " + e);
        }
    }
}
