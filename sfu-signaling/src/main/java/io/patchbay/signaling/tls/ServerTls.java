package io.patchbay.signaling.tls;

import io.patchbay.core.config.PatchbayConfig;
import io.vertx.core.http.HttpServerOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * TLS on the HTTP port ({@link PatchbayConfig#tls()}): the certificate it serves and how the server is told. With TLS
 * on, the port speaks only TLS (HTTPS and WSS); there is no plain listener beside it.
 */
public final class ServerTls {
    private final ServerCertificate certificate;
    /** Where the self-signed certificate can be opened (its names the server listens on), or empty for files. */
    private final List<String> selfSignedUrlNames;

    private ServerTls(ServerCertificate certificate, List<String> selfSignedUrlNames) {
        this.certificate = certificate;
        this.selfSignedUrlNames = selfSignedUrlNames;
    }

    /** Reads the PEM files or generates the self-signed certificate; an IOException names the file at fault. */
    public static ServerTls create(PatchbayConfig config) throws IOException {
        PatchbayConfig.Tls tls = config.tls();
        if (tls.selfSigned()) {
            List<String> names = HostNames.forThisHost(Arrays.asList(config.publicAddress(), config.httpHost()));
            return new ServerTls(SelfSignedCertificate.generate(names), HostNames.reachable(names, config.httpHost()));
        }
        return new ServerTls(PemCertificate.load(Path.of(tls.certFile()), Path.of(tls.keyFile())), List.of());
    }

    public ServerCertificate certificate() {
        return certificate;
    }

    public HttpServerOptions apply(HttpServerOptions options) {
        return options.setSsl(true).setKeyCertOptions(certificate.keyCertOptions());
    }

    /** The start-up line for a self-signed certificate: where to open it and the fingerprint to compare; else null. */
    public String selfSignedLine(int port) {
        if (selfSignedUrlNames.isEmpty()) return null;
        return "TLS with a self-signed development certificate (SHA-256 " + certificate.fingerprintSha256()
                + "; browsers warn until you accept it): "
                + selfSignedUrlNames.stream().map(n -> HostNames.httpsUrl(n, port)).collect(Collectors.joining(" "));
    }
}
