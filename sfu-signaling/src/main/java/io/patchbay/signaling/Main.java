package io.patchbay.signaling;

import io.patchbay.core.config.PatchbayConfig;
import io.patchbay.signaling.config.ConfigLoader;
import java.io.File;
import java.io.IOException;
import java.util.logging.Logger;

/** {@code ./patchbay [--config FILE]}: starts the server with the embedded defaults or an operator's file. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        LogSetup.configure();
        File configFile = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "-h", "--help" -> {
                    printHelp();
                    return;
                }
                case "--config" -> {
                    if (i + 1 >= args.length) fail("--config needs a file");
                    configFile = new File(args[++i]);
                }
                default -> fail("unknown option " + args[i] + " (see --help)");
            }
        }
        PatchbayConfig config;
        try {
            config = ConfigLoader.load(configFile);
        } catch (ConfigLoader.ConfigError e) {
            fail(e.getMessage());
            return;
        }
        try {
            PatchbayServer server = PatchbayServer.start(config);
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "patchbay-shutdown"));
            Logger.getLogger("patchbay").info(String.format(
                    "Patchbay is up: open http://localhost:%d/?room=demo in two browser tabs (media on UDP %d at %s)",
                    server.httpPort(), server.mediaPort(), String.join(", ", server.mediaAddresses())));
        } catch (IOException | RuntimeException e) {
            fail(e.getMessage());
        }
    }

    private static void printHelp() {
        System.out.println("""
                Usage: ./patchbay [--config FILE]

                Patchbay SFU: WebRTC rooms over one UDP port.
                  --config FILE   HOCON/JSON file overriding the defaults (see sfu-signaling/src/main/resources/patchbay.conf)
                  -h, --help      this help

                Environment overrides (each beats the file):""");
        for (String v : ConfigLoader.environmentVariables()) System.out.println("  " + v);
        System.out.println("""

                Defaults: HTTP 8080 (demo page /, signaling /ws, /health, /metrics); media UDP 10000 on 127.0.0.1 and
                every non-loopback IPv4 address; no STUN/TURN servers.""");
    }

    private static void fail(String message) {
        System.err.println("patchbay: " + message);
        System.exit(2);
    }
}
