package org.iomtbridge.e2e;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;

/**
 * The production topology's front door: Debian's nginx terminating TLS with a self-signed certificate for 127.0.0.1,
 * passing every request to the bridges in turn with {@code X-Forwarded-For/Proto/Host/Port} — except the dashboard's,
 * which stay with one bridge per client address: its sessions (and their CSRF tokens) live in the instance that made
 * them. It runs as a process of
 * the test with its own prefix, configuration and pid file under {@code target/} (no system service); {@code bash
 * .ci/run} installs the package when {@code /usr/sbin/nginx} is missing.
 */
final class TlsProxy implements AutoCloseable {

    static final Path NGINX = Path.of("/usr/sbin/nginx");

    /**
     * A self-signed certificate for 127.0.0.1 made with openssl, and a PKCS12 trust store holding it for Java clients
     * (the test's and the emulator's, which posts notifications to the proxy).
     */
    record Certificate(Path certificate, Path privateKey, Path trustStore, String trustStorePassword) {

        static Certificate selfSigned(Path in) {
            Path folder = in.toAbsolutePath();
            Path certificate = folder.resolve("proxy.crt");
            Path key = folder.resolve("proxy.key");
            Path trustStore = folder.resolve("proxy-trust.p12");
            String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
            run(folder, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                    "-keyout", key.toString(), "-out", certificate.toString());
            run(folder, "keytool", "-importcert", "-noprompt", "-alias", "proxy", "-file", certificate.toString(),
                    "-keystore", trustStore.toString(), "-storetype", "PKCS12", "-storepass", password);
            return new Certificate(certificate, key, trustStore, password);
        }

        /** TLS that trusts this certificate alone. */
        SSLContext sslContext() {
            try (InputStream in = Files.newInputStream(trustStore)) {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(in, trustStorePassword.toCharArray());
                TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(store);
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, trust.getTrustManagers(), null);
                return context;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        /** For a JVM of the stack: its default trust store becomes this one (JAVA_TOOL_OPTIONS). */
        String javaToolOptions() {
            return "-Djavax.net.ssl.trustStore=" + trustStore.toAbsolutePath() + " -Djavax.net.ssl.trustStoreType=PKCS12"
                    + " -Djavax.net.ssl.trustStorePassword=" + trustStorePassword;
        }
    }

    private final Path prefix;
    private final Process process;
    private final String origin;

    private TlsProxy(Path prefix, Process process, String origin) {
        this.prefix = prefix;
        this.process = process;
        this.origin = origin;
    }

    /**
     * @param prefix    nginx's prefix folder (configuration, pid file, logs and temporary files)
     * @param port      where it listens, on 127.0.0.1
     * @param upstreams the {@code http://127.0.0.1:port} origins of the bridges
     */
    static TlsProxy start(Path prefix, Certificate certificate, int port, List<String> upstreams) {
        if (!Files.isExecutable(NGINX)) {
            throw new IllegalStateException("The production topology test needs nginx at " + NGINX
                    + ": apt-get install nginx (bash .ci/run does)");
        }
        Path config = prefix.resolve("nginx.conf");
        String servers = upstreams.stream().map(upstream -> "    server " + URI.create(upstream).getAuthority() + ";")
                .collect(Collectors.joining("\n"));
        String p = prefix.toAbsolutePath().toString();
        try {
            Files.writeString(config, """
                    worker_processes 1;
                    pid %1$s/nginx.pid;
                    error_log %1$s/error.log warn;
                    events { worker_connections 512; }
                    http {
                      # Which bridge answered, and nothing of the URL: its paths carry link tokens and the webhook secret.
                      log_format upstreams '$request_method $status $upstream_addr';
                      access_log %1$s/access.log upstreams;
                      client_body_temp_path %1$s/client-body;
                      proxy_temp_path %1$s/proxy;
                      fastcgi_temp_path %1$s/fastcgi;
                      uwsgi_temp_path %1$s/uwsgi;
                      scgi_temp_path %1$s/scgi;
                      upstream bridges {
                    %2$s
                      }
                      upstream dashboard {
                        ip_hash;
                    %2$s
                      }
                      server {
                        listen 127.0.0.1:%3$d ssl;
                        ssl_certificate %4$s;
                        ssl_certificate_key %5$s;
                        proxy_set_header Host $http_host;
                        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                        proxy_set_header X-Forwarded-Proto $scheme;
                        proxy_set_header X-Forwarded-Host $host;
                        proxy_set_header X-Forwarded-Port $server_port;
                        location / {
                          proxy_pass http://bridges;
                        }
                        location ~ ^/(dashboard|login|logout)(/|$) {
                          proxy_pass http://dashboard;
                        }
                      }
                    }
                    """.formatted(p, servers, port, certificate.certificate().toAbsolutePath(),
                    certificate.privateKey().toAbsolutePath()));
            Process process = new ProcessBuilder(NGINX.toString(), "-p", p + "/", "-c", config.toAbsolutePath().toString(),
                    "-e", p + "/error.log", "-g", "daemon off;").redirectErrorStream(true)
                    .redirectOutput(prefix.resolve("nginx.out").toFile()).start();
            TlsProxy proxy = new TlsProxy(prefix, process, "https://127.0.0.1:" + port);
            proxy.awaitServing(certificate);
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitServing(Certificate certificate) {
        HttpClient http = HttpClient.newBuilder().sslContext(certificate.sslContext()).build();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("nginx exited; see " + prefix.toAbsolutePath().resolve("error.log"));
            }
            try {
                return http.send(HttpRequest.newBuilder(URI.create(url("/actuator/health"))).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
    }

    /** The public {@code https://} origin. */
    String origin() {
        return origin;
    }

    String url(String path) {
        return origin + path;
    }

    /** nginx's access log: which upstream answered each request. */
    Path accessLog() {
        return prefix.resolve("access.log");
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static void run(Path folder, String... command) {
        try {
            Process process = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", List.of(command).subList(0, 2)) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
