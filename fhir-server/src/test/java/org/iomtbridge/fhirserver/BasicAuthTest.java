package org.iomtbridge.fhirserver;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code fhir-server.auth.type=basic}: one user with a password; everyone else is told to authenticate. This server
 * also runs with {@code fhir-server.transactions=false}, as a provider's batch-only server would.
 */
class BasicAuthTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String PATIENT = """
            {"resourceType":"Patient","id":"basic-1","name":[{"family":"Basic"}]}""";

    private static RunningFhirServer server;

    @BeforeAll
    static void start() throws Exception {
        server = RunningFhirServer.start(
                "fhir-server.data-dir=" + Files.createTempDirectory(Path.of("target"), "fhir-basic-").toAbsolutePath(),
                "fhir-server.auth.type=basic", "fhir-server.auth.basic.username=bridge",
                "fhir-server.auth.basic.password=correct horse battery staple",
                "fhir-server.max-request-size=64KB", "fhir-server.transactions=false");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void withoutCredentialsTheServerAsksForThemAndChangesNothing() throws Exception {
        HttpResponse<String> put = send("PUT", "/Patient/basic-1", PATIENT, null);
        HttpResponse<String> get = send("GET", "/Patient?name=Basic", null, null);

        assertThat(put.statusCode()).isEqualTo(401);
        assertThat(put.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(challenge ->
                assertThat(challenge).startsWith("Basic realm=\"fhir-server\""));
        assertThat(put.body()).contains("\"resourceType\":\"OperationOutcome\"", "needs HTTP basic authentication");
        assertThat(get.statusCode()).isEqualTo(401);
        assertThat(send("GET", "/Patient/basic-1", null, credentials("bridge", "correct horse battery staple"))
                .statusCode()).as("the refused PUT stored nothing").isEqualTo(404);
    }

    @Test
    void aWrongPasswordOrUserIsRefusedWithTheReasonAndNoEcho() throws Exception {
        HttpResponse<String> wrongPassword = send("PUT", "/Patient/basic-1", PATIENT, credentials("bridge", "Tr0ub4dor&3"));
        HttpResponse<String> wrongUser = send("GET", "/Patient", null, credentials("mallory", "correct horse battery staple"));

        assertThat(wrongPassword.statusCode()).isEqualTo(401);
        assertThat(wrongPassword.body()).contains("wrong user name or password").doesNotContain("Tr0ub4dor");
        assertThat(wrongUser.statusCode()).isEqualTo(401);
        assertThat(wrongUser.body()).contains("wrong user name or password");
    }

    @Test
    void theUserMayWriteAndReadAndTheCapabilityStatementIsPublic() throws Exception {
        String right = credentials("bridge", "correct horse battery staple");

        assertThat(send("PUT", "/Patient/basic-2", PATIENT.replace("basic-1", "basic-2"), right).statusCode())
                .isIn(200, 201);
        assertThat(send("GET", "/Patient/basic-2", null, right).body()).contains("\"family\":\"Basic\"");
        assertThat(send("GET", "/metadata", null, null).statusCode()).isEqualTo(200);
    }

    @Test
    void withTransactionsOffATransactionIsRefusedWithTheReasonWhileTheSameEntriesAsABatchAreWritten() throws Exception {
        String right = credentials("bridge", "correct horse battery staple");
        String bundle = """
                {"resourceType":"Bundle","type":"%s","entry":[{"resource":
                 {"resourceType":"Patient","id":"bundled-1","name":[{"family":"Bundled"}]},
                 "request":{"method":"PUT","url":"Patient/bundled-1"}}]}""";

        HttpResponse<String> transaction = send("POST", "", bundle.formatted("transaction"), right);
        assertThat(transaction.statusCode()).isEqualTo(400);
        assertThat(transaction.body()).contains("\"resourceType\":\"OperationOutcome\"",
                "does not accept transaction bundles", "batch");
        assertThat(send("GET", "/Patient/bundled-1", null, right).statusCode()).as("nothing of it stored").isEqualTo(404);

        HttpResponse<String> batch = send("POST", "", bundle.formatted("batch"), right);
        assertThat(batch.statusCode()).isEqualTo(200);
        assertThat(batch.body()).contains("batch-response", "201");
        assertThat(send("GET", "/Patient/bundled-1", null, right).body()).contains("\"family\":\"Bundled\"");

        String statement = send("GET", "/metadata", null, null).body();
        assertThat(statement).contains("\"code\":\"batch\"").doesNotContain("\"code\":\"transaction\"");
    }

    @Test
    void aBodyLargerThanTheLimitIsRefusedBeforeItIsSentWhenItsLengthIsAnnounced() throws Exception {
        // Only the head: the server must answer from Content-Length alone, without waiting for 1 MB.
        RawHttp.Answer answer = RawHttp.exchange(server.port(), "POST /fhir/Patient HTTP/1.1",
                "Authorization: " + credentials("bridge", "correct horse battery staple") + "\r\n"
                        + "Content-Type: application/fhir+json\r\nContent-Length: 1048576\r\n", new byte[0]);

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.hasHeader("Content-Type", "application/fhir+json")).as(answer.headers()).isTrue();
        assertThat(answer.body()).contains("\"resourceType\":\"OperationOutcome\"", "\"code\":\"too-long\"",
                "larger than 65536 bytes (fhir-server.max-request-size)");
    }

    @Test
    void aChunkedBodyIsCutOffAtTheLimitAndOneUnderItIsStored() throws Exception {
        String right = credentials("bridge", "correct horse battery staple");
        String large = PATIENT.replace("basic-1", "basic-large")
                .replace("\"family\":\"Basic\"", "\"family\":\"" + "B".repeat(70_000) + "\"");
        String small = PATIENT.replace("basic-1", "basic-chunked");

        HttpResponse<String> tooLarge = sendChunked("/Patient/basic-large", large, right);
        HttpResponse<String> underTheLimit = sendChunked("/Patient/basic-chunked", small, right);

        assertThat(tooLarge.statusCode()).as(tooLarge.body()).isEqualTo(413);
        assertThat(tooLarge.body()).contains("OperationOutcome", "larger than 65536 bytes");
        assertThat(send("GET", "/Patient/basic-large", null, right).statusCode()).isEqualTo(404);
        assertThat(underTheLimit.statusCode()).as(underTheLimit.body()).isIn(200, 201);
    }

    @Test
    void errorsOutsideTheFhirApiAreOperationOutcomesWithTheReason() throws Exception {
        String right = "Authorization: " + credentials("bridge", "correct horse battery staple") + "\r\n";

        RawHttp.Answer unknownPath = RawHttp.get(server.port(), "/nothing-here", right);
        RawHttp.Answer wrongMethod = RawHttp.exchange(server.port(), "POST /websocket HTTP/1.1", right, new byte[0]);
        RawHttp.Answer rejectedByTheFirewall = RawHttp.get(server.port(), "/fhir/Patient;x=1", right);
        RawHttp.Answer unparseableByTomcat = RawHttp.get(server.port(), "/fhir/Patient/%zz", right);
        RawHttp.Answer withoutCredentials = RawHttp.get(server.port(), "/nothing-here", "");

        assertThat(List.of(unknownPath, wrongMethod, rejectedByTheFirewall, unparseableByTomcat, withoutCredentials))
                .allSatisfy(answer -> {
                    assertThat(answer.hasHeader("Content-Type", "application/fhir+json")).as(answer.headers()).isTrue();
                    assertThat(answer.body()).startsWith("{\"resourceType\":\"OperationOutcome\"")
                            .doesNotContain("<html", "Exception", "at org.", "correct horse");
                });
        assertThat(unknownPath.status()).isEqualTo(404);
        assertThat(unknownPath.body()).contains("there is nothing at /nothing-here; the FHIR API is at /fhir");
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.body()).contains("POST is not allowed on /websocket");
        assertThat(rejectedByTheFirewall.status()).isEqualTo(400);
        assertThat(unparseableByTomcat.status()).isEqualTo(400);
        assertThat(withoutCredentials.status()).isEqualTo(401);
    }

    private static HttpResponse<String> sendChunked(String path, String body, String authorization) throws Exception {
        // A body of unknown length: the client streams it chunked, without Content-Length.
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .header("Accept", "application/fhir+json").header("Content-Type", "application/fhir+json")
                .header("Authorization", authorization)
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() ->
                        new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)))).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String credentials(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> send(String method, String path, String body, String authorization)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .header("Accept", "application/fhir+json");
        if (body != null) {
            request.header("Content-Type", "application/fhir+json");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
