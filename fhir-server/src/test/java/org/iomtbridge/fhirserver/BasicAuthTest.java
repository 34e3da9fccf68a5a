package org.iomtbridge.fhirserver;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

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
                "fhir-server.auth.basic.password=correct horse battery staple", "fhir-server.transactions=false");
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
