package org.iomtbridge.bridge.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The Withings emulator driven as a test drives it: its control API, and its authorization page as a user uses it. */
public final class EmulatorControl {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final Browser browser = new Browser("EmulatorControl/1.0");

    public EmulatorControl(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** A new simulated user with this many days of history; returns the user id. */
    public long newUser(int historyDays) {
        return call("POST", "/_emulator/users", "{\"historyDays\": " + historyDays + "}", 201).get("userid").asLong();
    }

    /** A new simulated user living in this time zone, with this many days of history; returns the user id. */
    public long newUser(int historyDays, String timezone) {
        return call("POST", "/_emulator/users", "{\"historyDays\": " + historyDays + ", \"timezone\": \"" + timezone
                + "\"}", 201).get("userid").asLong();
    }

    /** Adds one measure taken at that instant; returns its group id. */
    public long addMeasure(long userid, int type, BigDecimal value, java.time.Instant takenAt) {
        return addMeasure(userid, type, value, takenAt, false);
    }

    /**
     * Adds one measure taken at that instant, by a device or, {@code manual}, typed in by the user (Withings' attrib 2,
     * no device); returns its group id.
     */
    public long addMeasure(long userid, int type, BigDecimal value, java.time.Instant takenAt, boolean manual) {
        return call("POST", "/_emulator/users/" + userid + "/measures", "{\"type\": " + type + ", \"value\": "
                + value.toPlainString() + ", \"date\": \"" + takenAt + "\", \"manual\": " + manual + "}", 201)
                .get("grpid").asLong();
    }

    /** Adds one measure taken now; returns its group id. */
    public long addMeasure(long userid, int type, BigDecimal value) {
        return call("POST", "/_emulator/users/" + userid + "/measures",
                "{\"type\": " + type + ", \"value\": " + value.toPlainString() + "}", 201).get("grpid").asLong();
    }

    /** Records an ECG now at the sampling frequency (0: a waveform no client can use); returns its signal id. */
    public long addEcg(long userid, int samplingFrequency) {
        return call("POST", "/_emulator/users/" + userid + "/ecgs", "{\"samplingFrequency\": " + samplingFrequency + "}",
                201).get("signalid").asLong();
    }

    public void modifyMeasure(long userid, long grpid, int type, BigDecimal value) {
        call("PUT", "/_emulator/users/" + userid + "/measures/" + grpid,
                "{\"measures\": [{\"type\": " + type + ", \"value\": " + value.toPlainString() + "}]}", 200);
    }

    public void deleteMeasure(long userid, long grpid) {
        call("DELETE", "/_emulator/users/" + userid + "/measures/" + grpid, null, 204);
    }

    /** The user unlinks the application in Withings. */
    public void unlink(long userid) {
        call("POST", "/_emulator/users/" + userid + "/unlink", null, 200);
    }

    /** Faults of the API, as {@code PUT /_emulator/faults} takes them: {@code {"errorRate": 0.1}}. */
    public void faults(String json) {
        call("PUT", "/_emulator/faults", json, 200);
    }

    /** The categories ({@code appli}) the user is subscribed to at the emulator, read at once (no fault delays it). */
    public java.util.Set<Integer> subscribedApplis(long userid) {
        java.util.Set<Integer> applis = new java.util.TreeSet<>();
        call("GET", "/_emulator/users/" + userid + "/subscriptions", null, 200)
                .forEach(subscription -> applis.add(subscription.get("appli").asInt()));
        return applis;
    }

    public void clearFaults() {
        call("DELETE", "/_emulator/faults", null, 200);
    }

    /** Every attempt to deliver a notification: userid, appli, callback, attempt, delivered, HTTP status, when. */
    public JsonNode notifications() {
        return call("GET", "/_emulator/notifications", null, 200);
    }

    /** Calls, the most requests of a client in any 60 seconds, notifications, refreshes, 601s. */
    public JsonNode stats() {
        return call("GET", "/_emulator/stats", null, 200);
    }

    public void resetStats() {
        call("DELETE", "/_emulator/stats", null, 204);
    }

    /** Every access and refresh token the emulator issued. */
    public JsonNode tokens() {
        return call("GET", "/_emulator/tokens", null, 200);
    }

    /** Everything the user holds: {@code GET /_emulator/users/{userid}/holdings}. */
    public JsonNode holdings(long userid) {
        return call("GET", "/_emulator/users/" + userid + "/holdings", null, 200);
    }

    /**
     * The user's answer on Withings' authorization page, reached with {@code authorizeUrl}: the form the page posts,
     * with the simulated user picked. Returns the page's answer, a redirect to the application on success or denial.
     */
    public HttpResponse<String> answerAuthorization(URI authorizeUrl, long userid, String decision) {
        Map<String, String> form = new LinkedHashMap<>(Browser.query(authorizeUrl));
        form.put("decision", decision);
        form.put("userid", String.valueOf(userid));
        return browser.postForm(baseUrl + "/oauth2_user/authorize2", form);
    }

    /** A cellular device the program owns, such as {@code BPM Pro 2} or {@code Body Pro}, not yet with anyone. */
    public void addProgramDevice(String macAddress, String model) {
        call("POST", "/_emulator/program/devices", "{\"macAddress\": \"" + macAddress + "\", \"model\": \"" + model
                + "\"}", 201);
    }

    /**
     * The program's device measures on its own, for whomever it is assigned to; returns the member's user id and the
     * group id: {@code {"userid": …, "grpid": …}}.
     */
    public JsonNode deviceMeasures(String macAddress, int type, BigDecimal value, java.time.Instant takenAt) {
        return call("POST", "/_emulator/program/devices/" + macAddress + "/measures", "{\"type\": " + type
                + ", \"value\": " + value.toPlainString() + ", \"date\": \"" + takenAt + "\"}", 201);
    }

    /** How long the codes of new and recovered members live from now on (Withings: 600 s). */
    public void memberCodeLifetime(long seconds) {
        call("PUT", "/_emulator/program/code-lifetime", "{\"seconds\": " + seconds + "}", 200);
    }

    private JsonNode call(String method, String path, String body, int expectedStatus) {
        HttpResponse<String> response = browser.json(method, baseUrl + path, null, body);
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(expectedStatus);
        try {
            return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
