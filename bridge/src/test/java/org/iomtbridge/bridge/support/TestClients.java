package org.iomtbridge.bridge.support;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The clients the test authorization server ({@code test-authorization-server.yml}) registers, and access tokens of
 * its client-secret client, as a care team's own FHIR tool would get them.
 */
public final class TestClients {

    /** The client with a client secret. */
    public static final String CLIENT_ID = "test-client";
    public static final String CLIENT_SECRET = "test-client-secret";
    /** The client that authenticates with a signed assertion ({@code private_key_jwt}), as SMART Backend Services. */
    public static final String SMART_CLIENT_ID = "test-smart-client";

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestClients() {
    }

    /** An access token of {@link #CLIENT_ID} with these scopes, by client_credentials at this token endpoint. */
    public static String accessToken(String tokenUrl, String scopes) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(tokenUrl))
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                            (CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8)))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope="
                            + URLEncoder.encode(scopes, StandardCharsets.UTF_8))).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("The token endpoint answered " + response.statusCode() + ": "
                        + response.body());
            }
            return JSON.readTree(response.body()).get("access_token").asText();
        } catch (IOException e) {
            throw new IllegalStateException("The token endpoint " + tokenUrl + " did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
