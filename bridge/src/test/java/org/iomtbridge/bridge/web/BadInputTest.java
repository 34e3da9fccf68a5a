package org.iomtbridge.bridge.web;

import org.iomtbridge.bridge.BridgeTest;
import org.iomtbridge.bridge.admin.ApiKeys;
import org.iomtbridge.bridge.support.SharedServers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input to the admin API, the dashboard and the patients' pages: each is answered with a 4xx and its reason —
 * JSON {@code {"error": ...}} for the API, a page for browsers — never a 500 and never a stack trace. The FHIR server
 * is a real one, so that an unknown ECG is looked up where it would be.
 */
@ExtendWith(OutputCaptureExtension.class)
class BadInputTest extends BridgeTest {

    private static final String PASSWORD = "correct horse battery staple";
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    /** Who receives the data, as an operator might write it: the patients' pages must show it, not run it. */
    private static final String RECIPIENT = "<b>Dr O'Brien</b> & team";

    @LocalServerPort
    int port;
    @Autowired
    ApiKeys apiKeys;

    private final HttpClient anonymous = HttpClient.newHttpClient();
    private final HttpClient dashboard = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    private String apiKey;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        useH2(registry);
        registry.add("iomt.dashboard.admin-password", () -> PASSWORD);
        registry.add("iomt.fhir.base-url", SharedServers::fhirBaseUrl);
        registry.add("iomt.withings.endpoints", SharedServers::emulatorBaseUrl);
        registry.add("iomt.enrollment.self-service", () -> true);
        registry.add("iomt.consent.recipient", () -> RECIPIENT);
    }

    @BeforeEach
    void signedIn() {
        apiKey = apiKeys.create("bad-input", java.util.EnumSet.allOf(org.iomtbridge.bridge.admin.Role.class)).key();
        String token = csrf(send(dashboard, request("/login")).body());
        HttpResponse<String> signedIn = send(dashboard, request("/login").header("Content-Type",
                "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("username=admin&password="
                + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8) + "&_csrf=" + URLEncoder.encode(token,
                StandardCharsets.UTF_8))));
        assertThat(signedIn.headers().firstValue("Location")).hasValue(url("/dashboard"));
    }

    @Test
    void anUnknownEcgIsNotFoundAndAMalformedIdNeverReachesTheFhirServer() {
        HttpResponse<String> unknown = send(dashboard, request("/dashboard/patients/p1/ecgs/no-such-ecg-" + System.nanoTime()));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("No ECG");

        for (String id : new String[]{"x%3F_format=xml", "x%3F_format%3Dxml%26_pretty%3Dtrue", "x".repeat(65), "a%20b"}) {
            HttpResponse<String> malformed = send(dashboard, request("/dashboard/patients/p1/ecgs/" + id));
            assertThat(malformed.statusCode()).as(id).isEqualTo(400);
            assertThat(malformed.body()).as(id).contains("is not a FHIR id");
            refusedPlainly(malformed);
        }
        for (String path : new String[]{"/dashboard/patients/" + "p".repeat(65), "/dashboard/patients/p%3Fx=1",
                "/dashboard/patients/p%3F/charts/weight"}) {
            HttpResponse<String> malformed = send(dashboard, request(path));
            assertThat(malformed.statusCode()).as(path).isEqualTo(400);
            assertThat(malformed.body()).as(path).contains("is not a FHIR id");
        }
    }

    @Test
    void pageNumbersWhoseOffsetWouldOverflowAreRefusedWithTheAllowedRange() {
        for (String query : new String[]{"page=2147483647&size=200", "page=100001", "page=-1", "page=0&size=500"}) {
            HttpResponse<String> answer = send(anonymous, api("/api/v1/dead-letters?" + query));
            assertThat(answer.statusCode()).as(query).isEqualTo(400);
            assertThat(answer.body()).as(query).contains("page is between 0 and 100000; size is between 1 and 200");
        }
        assertThat(send(anonymous, api("/api/v1/dead-letters?page=100000&size=200")).statusCode()).isEqualTo(200);
        HttpResponse<String> notANumber = send(anonymous, api("/api/v1/dead-letters?page=99999999999"));
        assertThat(notANumber.statusCode()).isEqualTo(400);
        assertThat(notANumber.body()).isEqualTo("{\"error\":\"page must be a whole number within range\"}");

        for (String query : new String[]{"page=2147483647", "page=-5"}) {
            HttpResponse<String> page = send(dashboard, request("/dashboard?" + query));
            assertThat(page.statusCode()).as(query).isEqualTo(400);
            assertThat(page.body()).as(query).contains("Page is between 0 and 100000");
            assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        }
        assertThat(send(dashboard, request("/dashboard?page=abc")).body()).contains("Page must be a whole number");
    }

    @Test
    void aDuplicateKeyInAJsonBodyIsRefused() {
        for (String path : new String[]{"/api/v1/enrollments", "/api/v1/remap"}) {
            HttpResponse<String> answer = send(anonymous, api(path).POST(HttpRequest.BodyPublishers.ofString(
                    "{\"patient\": \"Patient/1\", \"withingsUserId\": \"1\", \"patient\": \"Patient/2\","
                            + " \"withingsUserId\": \"2\"}")));
            assertThat(answer.statusCode()).as(path).isEqualTo(400);
            assertThat(answer.body()).as(path).contains("Duplicate field");
        }
    }

    @Test
    void wrongBodiesTypesMethodsAndContentTypesOfTheAdminApiAre4xxInJson() {
        expectJson(api("/api/v1/enrollments").POST(body("not json")), 400, "the body is not valid JSON");
        expectJson(api("/api/v1/enrollments").POST(body("[1, 2]")), 400, "the body");
        expectJson(api("/api/v1/enrollments").POST(body("{\"patient\": {\"id\": 1}}")), 400,
                "the body's field patient has the wrong type");
        expectJson(api("/api/v1/enrollments").POST(HttpRequest.BodyPublishers.noBody()), 400, "a body is required");
        expectJson(api("/api/v1/enrollments").setHeader("Content-Type", "text/plain").POST(body("Patient/1")), 415,
                "send application/json");
        expectJson(api("/api/v1/enrollments").PUT(body("{}")), 405, "PUT is not allowed here; use POST");
        expectJson(api("/api/v1/remap").DELETE(), 405, "use POST");
        expectJson(api("/api/v1/remap").POST(body("{\"from\": \"yesterday\"}")), 400, "instants");
        expectJson(api("/api/v1/dead-letters/abc"), 400, "id must be a whole number within range");
        expectJson(api("/api/v1/dead-letters/99999999999999999999"), 400, "id must be a whole number");
        expectJson(api("/api/v1/dead-letters/-1"), 404, "no dead letter");
        expectJson(api("/api/v1/dead-letters/1/replay").GET(), 405, "use");
        expectJson(api("/api/v1/dead-letters?status=" + "X".repeat(3000)), 400, "status is OPEN");
        expectJson(api("/api/v1/dead-letters").header("Accept", "application/xml"), 406, "answers only");
        expectJson(api("/api/v1/consents/" + "9".repeat(300)), 400, "a Withings user id is digits");
        expectJson(api("/api/v1/consents/" + "x".repeat(5000)), 400, "a Withings user id is digits");
        expectJson(api("/api/v1/consents/1/link").PUT(body("{}")), 405, "use POST");
        expectJson(api("/api/v1/consents/-1").DELETE(), 400, "a Withings user id is digits");
        expectJson(api("/api/v1/dead-letters/1e3").DELETE(), 400, "id must be a whole number");
        expectJson(api("/api/v1/remap").POST(body("{\"withingsUserId\": \"1\", \"from\": [1]}")), 400,
                "the body's field from has the wrong type");
        expectJson(api("/api/v1/no-such-call"), 404, "there is nothing at this address");
    }

    @Test
    void wrongMethodsTypesAndFormatsOfThePagesAre4xxWithAPage() {
        expectPage(request("/consent/some-token").DELETE(), 405, "DELETE is not allowed here");
        expectPage(request("/enroll/some-token").PUT(body("")), 405, "not allowed here");
        expectPage(request("/oauth/callback").POST(body("")), 405, "use GET");
        expectPage(request("/no/such/page"), 404, "There is nothing at this address");
        expectPage(request("/error"), 404, "Nothing here");
        expectPage(request("/oauth/callback?state=" + "s".repeat(4000) + "&code=c"), 400,
                "This authorization cannot be used");
        assertThat(send(anonymous, request("/enroll/some-token").header("Accept", "application/json")).statusCode())
                .isEqualTo(406);
        HttpResponse<String> days = send(dashboard, request("/dashboard/patients/p1?days=many"));
        assertThat(days.statusCode()).isEqualTo(400);
        assertThat(days.body()).contains("Days must be a whole number");
        HttpResponse<String> huge = send(dashboard, request("/dashboard/patients/p1/charts/weight?days=99999999999"));
        assertThat(huge.statusCode()).isEqualTo(400);
        String token = csrf(send(dashboard, request("/dashboard/pipeline")).body());
        HttpResponse<String> replay = send(dashboard, request("/dashboard/dead-letters/not-a-number/replay")
                .header("X-CSRF-TOKEN", token).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(replay.statusCode()).isEqualTo(400);
        assertThat(replay.body()).contains("Id must be a whole number");
        HttpResponse<String> enroll = send(dashboard, request("/dashboard/enroll").header("X-CSRF-TOKEN", token)
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(enroll.statusCode()).isEqualTo(400);
        assertThat(enroll.body()).contains("The parameter patient is required");
    }

    @Test
    void markupInTheReasonOfARefusedPageIsShownAsText() {
        HttpResponse<String> refused = send(dashboard, request("/dashboard/patients/p1/charts/%22%3E%3Cscript%3Ex"));
        assertThat(refused.statusCode()).isEqualTo(404);
        assertThat(refused.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(refused.body()).contains("<p>No chart &quot;&gt;&lt;script&gt;x.</p>").doesNotContain("<script>");
    }

    @Test
    void theJoinFormShowsTheConfiguredRecipientAsTextAndAWrongFormGetsItsReason() {
        HttpResponse<String> form = send(anonymous, request("/join"));
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.body()).contains("Your measurements will reach &lt;b&gt;Dr O&#39;Brien&lt;/b&gt; &amp; team.")
                .doesNotContain("<b>");

        expectPage(request("/join").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(body("given=Ada&family=" + "L".repeat(101) + "&birthDate=1815-12-10")), 400,
                "Give your given and family names, each up to 100 characters.");
        expectPage(request("/join").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(body("given=Ada&family=Lovelace&birthDate=1815-12-10%3Cscript%3E")), 400,
                "Give your birth date as year-month-day");
    }

    @Test
    void aRefusalIsLoggedWithItsRouteAndNeverTheAddressItCameTo(CapturedOutput output) {
        String secret = "not-to-be-logged-" + System.nanoTime();
        send(anonymous, request("/consent/" + secret).DELETE());
        send(dashboard, request("/dashboard/patients/" + secret + "%3F/ecgs/1"));
        // A password or token typed without its quotes: Jackson's own message would quote it.
        HttpResponse<String> unquoted = send(anonymous, api("/api/v1/enrollments")
                .POST(body("{\"patient\": " + secret + "}")));
        assertThat(unquoted.statusCode()).isEqualTo(400);
        assertThat(unquoted.body()).contains("the body is not valid JSON at line 1").doesNotContain(secret);

        assertThat(output.getOut()).contains("Refused GET /dashboard/patients/{id}/ecgs/{observation}: 400")
                .contains("Refused DELETE (no route): 405").doesNotContain(secret);
    }

    private void expectJson(HttpRequest.Builder request, int status, String reason) {
        HttpResponse<String> answer = send(anonymous, request);
        String what = request.build().method() + " " + request.build().uri();
        assertThat(answer.statusCode()).as(what + ": " + answer.body()).isEqualTo(status);
        assertThat(answer.headers().firstValue("Content-Type").orElseThrow()).as(what).startsWith("application/json");
        assertThat(answer.body()).as(what).startsWith("{\"error\":\"").contains(reason);
        refusedPlainly(answer);
    }

    private void expectPage(HttpRequest.Builder request, int status, String text) {
        HttpResponse<String> answer = send(anonymous, request);
        String what = request.build().method() + " " + request.build().uri();
        assertThat(answer.statusCode()).as(what + ": " + answer.body()).isEqualTo(status);
        assertThat(answer.headers().firstValue("Content-Type").orElseThrow()).as(what).startsWith("text/html");
        assertThat(answer.body()).as(what).contains(text);
        refusedPlainly(answer);
    }

    private static void refusedPlainly(HttpResponse<String> answer) {
        assertThat(answer.body()).doesNotContain("Exception").doesNotContain("at org.").doesNotContain("java.");
    }

    private HttpRequest.Builder api(String path) {
        return request(path).header("Authorization", "Bearer " + apiKey).header("Content-Type", "application/json");
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(url(path)));
    }

    private static HttpRequest.BodyPublisher body(String text) {
        return HttpRequest.BodyPublishers.ofString(text);
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest.Builder request) {
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private static String csrf(String page) {
        Matcher matcher = CSRF.matcher(page);
        assertThat(matcher.find()).as("the page carries a CSRF token").isTrue();
        return matcher.group(1);
    }
}
