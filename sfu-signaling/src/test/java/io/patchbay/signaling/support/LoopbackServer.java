package io.patchbay.signaling.support;

import io.patchbay.core.config.PatchbayConfig;
import io.patchbay.signaling.PatchbayServer;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One Patchbay server with the embedded defaults on 127.0.0.1 (ephemeral HTTP and media ports) for a whole test class:
 * {@code @RegisterExtension static final LoopbackServer SERVER = new LoopbackServer();}
 */
public final class LoopbackServer implements BeforeAllCallback, AfterAllCallback {
    private PatchbayServer server;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        server = PatchbayServer.start(PatchbayConfig.defaults().withHttpHost("127.0.0.1").withHttpPort(0)
                .withMediaPort(0).withBindAddresses(List.of("127.0.0.1")));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) server.close();
        server = null;
    }

    public int httpPort() {
        return server.httpPort();
    }
}
