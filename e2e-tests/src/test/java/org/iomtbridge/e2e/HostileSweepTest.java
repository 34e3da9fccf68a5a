package org.iomtbridge.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.iomtbridge.bridge.support.Browser;
import org.iomtbridge.bridge.support.EmulatorControl;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Malformed input to every operation of the bridge's OpenAPI description and to every page, anonymous and
 * authenticated (the admin API key for {@code /api/**}, a signed-in dashboard session with its CSRF token for the
 * rest): wrong types, huge and negative numbers, odd encodings, overlong segments, duplicate keys, wrong methods and
 * content types, empty and huge bodies. Nothing may answer 5xx, and the service must still serve afterwards. Every
 * probe's answer is printed, one line per case, with {@code sweep:}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileSweepTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** An id of the right shape that nothing has: probes must never reach another test's patient or dead letter. */
    private static final String ABSENT_ID = "9223372036854775807";
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    private static final Pattern PARAMETER = Pattern.compile("\\{([^}]+)}");
    /** Hostile values for a path segment, a query parameter or a form field, already percent-encoded. */
    private static final Map<String, String> VALUES = values();

    private Stack stack;
    private Browser anonymous;
    private Browser signedIn;
    private String csrf;
    private final List<Row> rows = new ArrayList<>();

    private record Row(String method, String path, String probe, int anonymous, int authenticated) {
    }

    /** One request to make; the body is raw bytes so that invalid UTF-8 can be sent. */
    private record Probe(String label, String method, String pathAndQuery, String contentType, byte[] body) {

        static Probe of(String label, String method, String pathAndQuery) {
            return new Probe(label, method, pathAndQuery, null, null);
        }

        static Probe of(String label, String method, String pathAndQuery, String contentType, String body) {
            return new Probe(label, method, pathAndQuery, contentType, body.getBytes(StandardCharsets.UTF_8));
        }
    }

    @BeforeAll
    void start() {
        stack = Stack.sharedOnH2(PatientJourneyBehaviour.JOURNEY_RATE_LIMIT, PatientJourneyBehaviour.JOURNEY_SETTINGS);
        anonymous = new Browser("sweep (anonymous)");
        signedIn = stack.browser("sweep (care team)");
        DashboardSignIn.signIn(stack, signedIn, "admin", stack.dashboardPassword());
        csrf = DashboardSignIn.csrfToken(signedIn.get(stack.publicUrl("/dashboard")).body()).orElseThrow();
    }

    @Test
    void noMalformedRequestToAnyOperationOrPageAnswers5xxAndTheServiceStillServes() throws IOException {
        HttpResponse<String> docs = signedIn.json("GET", stack.publicUrl("/v3/api-docs"), stack.apiKey(), null);
        assertThat(docs.statusCode()).as(docs.body()).isEqualTo(200);
        JsonNode openApi = JSON.readTree(docs.body());
        Set<String> swept = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = openApi.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            sweepOperations(path.getKey(), path.getValue(), openApi);
            swept.add(path.getKey());
        }
        assertThat(swept).as("the OpenAPI description lists the admin API").contains("/api/v1/enrollments",
                "/api/v1/dead-letters");
        sweepPages();

        System.out.printf("sweep: %-7s %-48s %-34s %5s %5s%n", "method", "path", "probe", "anon", "auth");
        rows.forEach(row -> System.out.printf("sweep: %-7s %-48s %-34s %5d %5d%n", row.method(), row.path(),
                row.probe(), row.anonymous(), row.authenticated()));
        List<Row> failed = rows.stream().filter(row -> row.anonymous() >= 500 || row.authenticated() >= 500).toList();
        System.out.printf("sweep: %d probes, each anonymous and authenticated; %d answered 5xx%n", rows.size(),
                failed.size());
        assertThat(anonymous.get(stack.publicUrl("/actuator/health")).statusCode()).as("still serving").isEqualTo(200);
        assertThat(failed).as("probes answered 5xx").isEmpty();
    }

    /** Every operation of one path of the OpenAPI description. */
    private void sweepOperations(String template, JsonNode operations, JsonNode openApi) {
        List<Probe> probes = new ArrayList<>();
        Set<String> declared = new TreeSet<>();
        operations.fields().forEachRemaining(entry -> declared.add(entry.getKey().toUpperCase()));
        String base = fill(template, ABSENT_ID);
        for (String method : declared) {
            JsonNode operation = operations.get(method.toLowerCase());
            if (template.contains("{")) {
                VALUES.forEach((label, value) -> probes.add(Probe.of("path " + label, method, fill(template, value))));
            }
            for (JsonNode parameter : operation.path("parameters")) {
                if (parameter.path("in").asText().equals("query")) {
                    String name = parameter.get("name").asText();
                    VALUES.forEach((label, value) -> probes.add(Probe.of(name + "=" + label, method,
                            base + "?" + name + "=" + value)));
                }
            }
            if (method.equals("GET")) {
                probes.add(Probe.of("page=MAX_INT&size=500", method, base + "?page=2147483647&size=500"));
                probes.add(Probe.of("page=-1&size=-1", method, base + "?page=-1&size=-1"));
            }
            if (operation.has("requestBody")) {
                probes.addAll(bodies(method, base, properties(operation, openApi),
                        // An empty body asks the remap for every user: a valid request, too heavy to sweep with.
                        !template.equals("/api/v1/remap")));
            }
        }
        for (String method : METHODS) {
            if (!declared.contains(method)) {
                probes.add(Probe.of("wrong method", method, base));
            }
        }
        probes.forEach(probe -> send(template, probe));
    }

    /** The pages: the dashboard's and the patients', the OAuth callback, self-enrollment, the webhook, sign-in. */
    private void sweepPages() {
        EmulatorControl withings = new EmulatorControl(stack.emulatorUrl());
        Enrolling.Connected patient = new Enrolling(stack, withings, new FhirCopy(stack.fhirBaseUrl())).connect(1);
        String patientId = patient.patient().substring("Patient/".length());
        String webhookSecret = stack.webhookUrl().substring(stack.webhookUrl().lastIndexOf('/') + 1);
        Map<String, Map<String, String>> gets = new LinkedHashMap<>();
        gets.put("/dashboard", Map.of("page", "0"));
        gets.put("/dashboard/patients/{id}", Map.of("id", patientId, "days", "30"));
        gets.put("/dashboard/patients/{id}/charts/{chart}", Map.of("id", patientId, "chart", "weight", "days", "30"));
        gets.put("/dashboard/patients/{id}/ecgs/{observation}", Map.of("id", patientId, "observation", "x"));
        gets.put("/dashboard/pipeline", Map.of());
        gets.put("/dashboard/pipeline/live", Map.of());
        gets.put("/dashboard/enroll", Map.of());
        gets.put("/enroll/{token}", Map.of("token", "x"));
        gets.put("/consent/{token}", Map.of("token", "x"));
        gets.put("/oauth/callback", Map.of("code", "x", "state", "x", "error", "x"));
        gets.put("/join", Map.of());
        gets.put("/login", Map.of("error", "x"));
        gets.forEach((template, parameters) -> sweepPage(template, "GET", parameters));
        Map<String, Map<String, String>> posts = new LinkedHashMap<>();
        posts.put("/dashboard/enroll", Map.of("patient", "Patient/x"));
        posts.put("/dashboard/dead-letters/{id}/replay", Map.of("id", ABSENT_ID));
        posts.put("/dashboard/dead-letters/{id}/discard", Map.of("id", ABSENT_ID));
        posts.put("/enroll/{token}", Map.of("token", "x", "decision", "accept"));
        posts.put("/consent/{token}", Map.of("token", "x", "action", "withdraw"));
        posts.put("/join", Map.of("name", "x", "birthDate", "1970-01-01"));
        // The real secret, so that the notification's fields reach the webhook; the user is nobody's.
        posts.put("/webhooks/withings/{secret}", Map.of("secret", webhookSecret, "userid", ABSENT_ID, "appli", "1",
                "startdate", "1700000000", "enddate", "1700000100", "date", "2026-01-01", "action", "x"));
        posts.forEach((template, fields) -> sweepPage(template, "POST", fields));
        send("/webhooks/withings/{secret}", Probe.of("wrong secret", "POST", "/webhooks/withings/" + "0".repeat(48),
                "application/x-www-form-urlencoded", "userid=1&appli=1"));
        send("/webhooks/withings/{secret}", Probe.of("HEAD wrong secret", "HEAD", "/webhooks/withings/x"));
        // A few sign-ins with odd user names only: the login throttle must not lock out the tests that share the stack.
        for (String user : List.of("%00", "%C0%AF", "x".repeat(5000))) {
            send("/login", Probe.of("username " + user.substring(0, Math.min(user.length(), 6)), "POST", "/login",
                    "application/x-www-form-urlencoded", "username=" + user + "&password=x&_csrf=" + csrf));
        }
    }

    /**
     * One page: each path segment and each parameter (query or form field) hostile in turn, the others as given; then
     * wrong methods, content types and bodies.
     */
    private void sweepPage(String template, String method, Map<String, String> given) {
        Map<String, String> segments = new LinkedHashMap<>();
        Map<String, String> fields = new LinkedHashMap<>();
        given.forEach((name, value) -> (template.contains("{" + name + "}") ? segments : fields).put(name, value));
        List<Probe> probes = new ArrayList<>();
        for (String segment : segments.keySet()) {
            VALUES.forEach((label, value) -> {
                Map<String, String> changed = new LinkedHashMap<>(segments);
                changed.put(segment, value);
                probes.add(page("{" + segment + "} " + label, method, template, changed, fields));
            });
        }
        for (String field : fields.keySet()) {
            VALUES.forEach((label, value) -> {
                Map<String, String> changed = new LinkedHashMap<>(fields);
                changed.put(field, value);
                probes.add(page(field + "=" + label, method, template, segments, changed));
            });
            Map<String, String> repeated = new LinkedHashMap<>(fields);
            repeated.put(field, fields.get(field) + "&" + field + "=" + fields.get(field));
            probes.add(page(field + " twice", method, template, segments, repeated));
        }
        String path = fillEach(template, segments);
        if (method.equals("POST")) {
            String form = query(fields);
            probes.add(Probe.of("empty body", "POST", path, "application/x-www-form-urlencoded", ""));
            probes.add(Probe.of("json body", "POST", path, "application/json", "{\"a\":1,\"a\":2}"));
            probes.add(Probe.of("xml body", "POST", path, "application/xml", "<a>" + form + "</a>"));
            probes.add(Probe.of("multipart no boundary", "POST", path, "multipart/form-data", form));
            probes.add(Probe.of("bogus charset", "POST", path, "application/x-www-form-urlencoded; charset=x-bogus",
                    form));
            probes.add(Probe.of("huge body", "POST", path, "application/x-www-form-urlencoded",
                    form + "&pad=" + "a".repeat(1_000_000)));
        }
        for (String other : METHODS) {
            // A POST to /login is a sign-in: the sweep makes only its few, so as not to trip the login throttle.
            if (!other.equals(method) && !(template.equals("/login") && other.equals("POST"))) {
                probes.add(Probe.of("wrong method", other, path));
            }
        }
        probes.forEach(probe -> send(template, probe));
    }

    private static Probe page(String label, String method, String template, Map<String, String> segments,
                              Map<String, String> fields) {
        String path = fillEach(template, segments);
        if (method.equals("GET")) {
            return Probe.of(label, method, fields.isEmpty() ? path : path + "?" + query(fields));
        }
        return Probe.of(label, method, path, "application/x-www-form-urlencoded", query(fields));
    }

    /** Malformed JSON bodies for an operation whose body has these properties (name → JSON type). */
    private static List<Probe> bodies(String method, String path, Map<String, String> properties, boolean empty) {
        List<Probe> probes = new ArrayList<>();
        String json = "application/json";
        if (empty) {
            probes.add(Probe.of("body empty", method, path, json, ""));
        }
        for (Map.Entry<String, String> malformed : Map.of("body {", "{", "body []", "[]", "body null", "null",
                "body string", "\"x\"", "body 1e999", "1e999", "body deep", "[".repeat(5000) + "]".repeat(5000))
                .entrySet()) {
            probes.add(Probe.of(malformed.getKey(), method, path, json, malformed.getValue()));
        }
        for (String type : List.of("text/plain", "application/xml", "application/x-www-form-urlencoded",
                "application/json; charset=x-bogus")) {
            probes.add(Probe.of("type " + type, method, path, type, "{\"a\": 1}"));
        }
        probes.add(new Probe("no content type", method, path, null, "{\"a\": 1}".getBytes(StandardCharsets.UTF_8)));
        probes.add(Probe.of("body 1 MB", method, path, json, "{\"a\": \"" + "a".repeat(1_000_000) + "\"}"));
        for (Map.Entry<String, String> property : properties.entrySet()) {
            String name = property.getKey();
            String quoted = "\"" + name + "\"";
            probes.add(Probe.of(name + " twice", method, path, json, "{" + quoted + ": \"a\", " + quoted + ": \"b\"}"));
            Map<String, String> wrong = new LinkedHashMap<>();
            wrong.put("object", "{\"x\": 1}");
            wrong.put("array", "[1, 2]");
            wrong.put(property.getValue().equals("string") ? "number" : "string", property.getValue().equals("string")
                    ? "12345" : "\"abc\"");
            wrong.put("-1", "-1");
            wrong.put("huge", "99999999999999999999999999999");
            wrong.put("NUL", "\"\\u0000\"");
            wrong.put("emoji", "\"\uD83D\uDE00\"");
            wrong.put("5000 chars", "\"" + "x".repeat(5000) + "\"");
            wrong.forEach((label, value) -> probes.add(Probe.of(name + " " + label, method, path, json,
                    "{" + quoted + ": " + value + "}")));
            ByteArrayOutputStream overlong = new ByteArrayOutputStream();
            overlong.writeBytes(("{" + quoted + ": \"").getBytes(StandardCharsets.UTF_8));
            overlong.writeBytes(new byte[] {(byte) 0xC0, (byte) 0xAF});
            overlong.writeBytes("\"}".getBytes(StandardCharsets.UTF_8));
            probes.add(new Probe(name + " overlong UTF-8", method, path, json, overlong.toByteArray()));
        }
        return probes;
    }

    /** The body's properties and their JSON types, from the operation's schema. */
    private static Map<String, String> properties(JsonNode operation, JsonNode openApi) {
        Map<String, String> properties = new LinkedHashMap<>();
        JsonNode schema = operation.path("requestBody").path("content").path("application/json").path("schema");
        if (schema.has("$ref")) {
            String name = schema.get("$ref").asText().substring("#/components/schemas/".length());
            schema = openApi.path("components").path("schemas").path(name);
        }
        schema.path("properties").fields().forEachRemaining(property ->
                properties.put(property.getKey(), property.getValue().path("type").asText("string")));
        return properties;
    }

    private void send(String template, Probe probe) {
        boolean api = template.startsWith("/api/");
        int withoutCredentials = status(anonymous, probe, null);
        int withCredentials = status(signedIn, probe, api ? stack.apiKey() : null);
        rows.add(new Row(probe.method(), template, probe.label(), withoutCredentials, withCredentials));
    }

    /** The answer's status; 0 when the server closed the connection without one (as after refusing a huge body). */
    private int status(Browser browser, Probe probe, String apiKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.publicUrl(probe.pathAndQuery())))
                .method(probe.method(), probe.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(probe.body()));
        if (probe.contentType() != null) {
            request.header("Content-Type", probe.contentType());
        }
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        } else if (browser == signedIn) {
            request.header("X-CSRF-TOKEN", csrf).header("X-XSRF-TOKEN", csrf);
        }
        try {
            return browser.send(request).statusCode();
        } catch (UncheckedIOException e) {
            return 0;
        }
    }

    private static String fill(String template, String value) {
        return PARAMETER.matcher(template).replaceAll(Matcher.quoteReplacement(value));
    }

    private static String fillEach(String template, Map<String, String> segments) {
        String path = template;
        for (Map.Entry<String, String> segment : segments.entrySet()) {
            path = path.replace("{" + segment.getKey() + "}", segment.getValue());
        }
        return path;
    }

    private static String query(Map<String, String> fields) {
        List<String> pairs = new ArrayList<>();
        fields.forEach((name, value) -> pairs.add(name + "=" + value));
        return String.join("&", pairs);
    }

    private static Map<String, String> values() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("-1", "-1");
        values.put("0", "0");
        values.put("MAX_LONG+1", "9223372036854775808");
        values.put("-MAX_LONG-2", "-9223372036854775809");
        values.put("30 digits", "9".repeat(30));
        values.put("1e999", "1e999");
        values.put("NaN", "NaN");
        values.put("text", "abc");
        values.put("%00", "%00");
        values.put("%C0%AF overlong /", "%C0%AF");
        values.put("%E0%80%AF overlong /", "%E0%80%AF");
        values.put("%FF%FE", "%FF%FE");
        values.put("emoji", "%F0%9F%98%80");
        values.put("%2e%2e%2f", "%2e%2e%2f");
        values.put("%25", "%25");
        values.put("quote <script>", "%22%3Cscript%3E");
        values.put("empty", "");
        values.put("5000 chars", "a".repeat(5000));
        return values;
    }
}
