package org.iomtbridge.fhirserver;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The server as the launcher starts it, with no authentication: on this machine only, with no way to erase data for
 * good or in bulk, and with its database where only its owner can read it.
 */
class ExposureTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static Path dataDir;
    private static RunningFhirServer server;

    @BeforeAll
    static void start() throws IOException {
        // A data folder as an older version left it: open to all, with a file readable by all.
        dataDir = Files.createTempDirectory(Path.of("target"), "fhir-exposure-").resolve("data");
        Files.createDirectories(dataDir);
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(dataDir.resolve("notes.txt"), "left by an older version");
        Files.setPosixFilePermissions(dataDir.resolve("notes.txt"), PosixFilePermissions.fromString("rw-r--r--"));
        server = RunningFhirServer.start("fhir-server.data-dir=" + dataDir.toAbsolutePath());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void itListensOnTheLoopbackAddressOnly() throws Exception {
        assertThat(server.boundAddress()).as("the connector's own address").isEqualTo(InetAddress.getByName("127.0.0.1"));
        assertThat(ThisMachine.accepts(InetAddress.getByName("127.0.0.1"), server.port())).isTrue();
        assertThat(send("GET", "/metadata", null).statusCode()).isEqualTo(200);
        Optional<InetAddress> outside = ThisMachine.nonLoopbackAddress();
        outside.ifPresent(address -> assertThat(ThisMachine.accepts(address, server.port()))
                .as("a connection to %s, an address others can reach", address.getHostAddress()).isFalse());
    }

    @Test
    void withoutAuthenticationItRefusesToListenOnEveryInterface() {
        assertThatThrownBy(() -> RunningFhirServer.start("server.address=0.0.0.0",
                "fhir-server.data-dir=" + dataDir.getParent().resolve("everywhere").toAbsolutePath()))
                .hasStackTraceContaining("fhir-server.auth.type=none lets anyone who reaches the server read and"
                        + " change every resource, so it listens on a loopback address only, but server.address is 0.0.0.0");
    }

    @Test
    void expungeAndDeletingEveryMatchAreRefusedAndNothingIsLost() throws Exception {
        for (String id : List.of("bulk-1", "bulk-2")) {
            assertThat(send("PUT", "/Observation/" + id, """
                    {"resourceType":"Observation","id":"%s","status":"final",
                     "code":{"coding":[{"system":"http://loinc.org","code":"29463-7"}]},"valueQuantity":{"value":70}}"""
                    .formatted(id)).statusCode()).isEqualTo(201);
        }

        HttpResponse<String> multipleDelete = send("DELETE", "/Observation?code=http://loinc.org%7C29463-7", null);
        HttpResponse<String> systemExpunge = send("POST", "/$expunge", """
                {"resourceType":"Parameters","parameter":[{"name":"expungeEverything","valueBoolean":true}]}""");
        send("DELETE", "/Observation/bulk-1", null);
        HttpResponse<String> instanceExpunge = send("POST", "/Observation/bulk-1/$expunge", """
                {"resourceType":"Parameters","parameter":[{"name":"expungeDeletedResources","valueBoolean":true}]}""");

        assertThat(multipleDelete.statusCode()).isEqualTo(412);
        assertThat(multipleDelete.body()).contains("OperationOutcome", "matched 2 resources");
        assertThat(systemExpunge.statusCode()).isBetween(400, 499);
        assertThat(systemExpunge.body()).contains("OperationOutcome", "xpunge");
        assertThat(instanceExpunge.statusCode()).isBetween(400, 499);
        assertThat(send("GET", "/Observation/bulk-2", null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/Observation/bulk-1/_history/1", null).statusCode())
                .as("the deleted resource's history is kept").isEqualTo(200);
    }

    @Test
    void theDataFolderAndEveryFileInItAreTheOwnersOnly() throws IOException {
        assertThat(Files.getPosixFilePermissions(dataDir)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        List<Path> entries;
        try (Stream<Path> walk = Files.walk(dataDir)) {
            entries = walk.toList();
        }
        assertThat(entries).contains(dataDir.resolve("fhir.mv.db"), dataDir.resolve("notes.txt"));
        assertThat(entries).allSatisfy(entry -> assertThat(Files.getPosixFilePermissions(entry))
                .as(entry.toString()).doesNotContain(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
                        PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
                        PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE));
    }

    private static HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .header("Accept", "application/fhir+json");
        if (body != null) {
            request.header("Content-Type", "application/fhir+json");
        }
        return HTTP.send(request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
