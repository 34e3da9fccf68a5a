package org.iomtbridge.emulator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.boot.web.embedded.tomcat.TomcatWebServer;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collections;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The emulator is a test double that hands out tokens: it listens on this machine only unless told otherwise, lists
 * the tokens it issued to callers on this machine only, and keeps its client secret in an owner-only folder.
 */
class ExposureTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path directory;

    @Test
    void byDefaultItListensOnTheLoopbackAddressOnlyAndItsFolderIsTheOwners() throws Exception {
        Path data = directory.resolve("emulator");
        try (ConfigurableApplicationContext emulator = start(data)) {
            int port = port(emulator);

            assertThat(boundAddress(emulator)).as("the connector's own address")
                    .isEqualTo(InetAddress.getByName("127.0.0.1"));
            assertThat(get(InetAddress.getByName("127.0.0.1"), port, "/_emulator/users").statusCode()).isEqualTo(200);
            nonLoopbackAddress().ifPresent(address -> assertThat(accepts(address, port))
                    .as("a connection to %s, an address others can reach", address.getHostAddress()).isFalse());
            assertThat(Files.getPosixFilePermissions(data)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
            assertThat(Files.getPosixFilePermissions(data.resolve("client.properties")))
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        }
    }

    @Test
    void toldToListenEverywhereItStillListsItsTokensToCallersOnThisMachineOnly() throws Exception {
        InetAddress outside = nonLoopbackAddress().orElseThrow(() -> new AssertionError(
                "this test calls the emulator from an address of this machine other than loopback, and found none"));
        try (ConfigurableApplicationContext emulator = start(directory.resolve("everywhere"), "--server.address=0.0.0.0")) {
            int port = port(emulator);

            HttpResponse<String> fromOutside = get(outside, port, "/_emulator/tokens");
            HttpResponse<String> fromHere = get(InetAddress.getByName("127.0.0.1"), port, "/_emulator/tokens");

            assertThat(fromOutside.statusCode()).isEqualTo(403);
            assertThat(fromOutside.body()).contains("callers on this machine (a loopback address) only");
            assertThat(fromHere.statusCode()).isEqualTo(200);
            assertThat(fromHere.body()).startsWith("[");
        }
    }

    private static ConfigurableApplicationContext start(Path data, String... more) {
        String[] args = new String[more.length + 3];
        args[0] = "--server.port=0";
        args[1] = "--emulator.data-dir=" + data;
        args[2] = "--emulator.users=0";
        System.arraycopy(more, 0, args, 3, more.length);
        return new SpringApplicationBuilder(EmulatorApplication.class).run(args);
    }

    private static int port(ConfigurableApplicationContext emulator) {
        return ((WebServerApplicationContext) emulator).getWebServer().getPort();
    }

    private static InetAddress boundAddress(ConfigurableApplicationContext emulator) {
        return (InetAddress) ((TomcatWebServer) ((WebServerApplicationContext) emulator).getWebServer()).getTomcat()
                .getConnector().getProperty("address");
    }

    private static HttpResponse<String> get(InetAddress address, int port, String path) throws Exception {
        String host = address instanceof Inet4Address ? address.getHostAddress() : "[" + address.getHostAddress() + "]";
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** An address of this machine that others on its network could reach, when it has one (IPv4 first). */
    private static Optional<InetAddress> nonLoopbackAddress() throws SocketException {
        return Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .filter(ExposureTest::up)
                .flatMap(network -> Collections.list(network.getInetAddresses()).stream())
                .filter(address -> !address.isLoopbackAddress() && !address.isLinkLocalAddress())
                .min((a, b) -> Boolean.compare(!(a instanceof Inet4Address), !(b instanceof Inet4Address)));
    }

    private static boolean up(NetworkInterface network) {
        try {
            return network.isUp();
        } catch (SocketException e) {
            return false;
        }
    }

    private static boolean accepts(InetAddress address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2_000);
            return true;
        } catch (ConnectException refused) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
