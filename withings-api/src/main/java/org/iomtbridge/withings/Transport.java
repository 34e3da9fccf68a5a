package org.iomtbridge.withings;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.OptionalInt;

/** Sends {@link WithingsRequest}s and opens Withings' {@code {status, body, error}} envelope. */
final class Transport {

    private static final Logger LOG = LoggerFactory.getLogger(Transport.class);

    private final WithingsEndpoints endpoints;
    private final HttpClient http;
    private final Duration requestTimeout;
    private final String userAgent;
    private final ResponseListener listener;
    private final CallGate gate;
    private final CallObserver observer;

    Transport(WithingsEndpoints endpoints, HttpClient http, Duration requestTimeout, String userAgent,
              ResponseListener listener, CallGate gate, CallObserver observer) {
        this.endpoints = endpoints;
        this.http = http;
        this.requestTimeout = requestTimeout;
        this.userAgent = userAgent;
        this.listener = listener;
        this.gate = gate;
        this.observer = observer;
    }

    WithingsEndpoints endpoints() {
        return endpoints;
    }

    /** The envelope's body of a successful call; an empty object when Withings sent none. */
    JsonNode send(WithingsRequest request) {
        HttpRequest.Builder http = HttpRequest.newBuilder(endpoints.api(request.call().path()))
                .timeout(requestTimeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .header("User-Agent", userAgent)
                .POST(HttpRequest.BodyPublishers.ofString(request.encodedForm()));
        request.bearer().ifPresent(token -> http.header("Authorization", "Bearer " + token.value()));

        gate.enter(request.call());
        long started = System.nanoTime();
        String outcome = "no answer";
        try {
            HttpResponse<String> response = exchange(request, http.build());
            long millis = (System.nanoTime() - started) / 1_000_000;
            if (response.statusCode() != 200) {
                outcome = "http " + response.statusCode();
                LOG.warn("Withings {} answered HTTP {} in {} ms", request.call(), response.statusCode(), millis);
                throw new WithingsTransportException(request.call() + " answered HTTP " + response.statusCode()
                        + " instead of 200 (body: " + Envelope.shown(response.body(), request::redact) + ") — check the Withings base URL "
                        + endpoints.api() + "; retry later if the server is in trouble",
                        OptionalInt.of(response.statusCode()), null);
            }
            JsonNode body;
            try {
                body = Envelope.open(response.body(), request.call().toString(), request::redact);
            } catch (WithingsApiException e) {
                outcome = "status " + e.status();
                if (e instanceof WithingsApiException.TooManyRequests) {
                    gate.limitReached(request.call());
                }
                throw e;
            } catch (WithingsResponseException e) {
                outcome = "unreadable";
                throw e;
            }
            outcome = CallObserver.SUCCEEDED;
            LOG.debug("Withings {} answered status 0 in {} ms", request.call(), millis);
            if (!request.call().answersWithCredentials()) {
                listener.received(new Answer(request.call(), request.disclosedParameters(), response.body()));
            }
            return body;
        } finally {
            observer.answered(request.call(), outcome, Duration.ofNanos(System.nanoTime() - started));
        }
    }

    private HttpResponse<String> exchange(WithingsRequest request, HttpRequest httpRequest) {
        try {
            return http.send(httpRequest, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new WithingsTransportException(request.call() + " got no answer from " + endpoints.api()
                    + " within " + requestTimeout.toMillis() + " ms — retry later", OptionalInt.empty(), e);
        } catch (IOException e) {
            throw new WithingsTransportException("Could not reach Withings at " + endpoints.api() + " for "
                    + request.call() + ": " + request.redact(String.valueOf(e.getMessage()))
                    + " — check the base URL and the network, then retry", OptionalInt.empty(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WithingsTransportException(request.call() + " was interrupted", OptionalInt.empty(), e);
        }
    }

}
