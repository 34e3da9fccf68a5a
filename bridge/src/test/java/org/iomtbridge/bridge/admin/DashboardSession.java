package org.iomtbridge.bridge.admin;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One browser on the dashboard over plain HTTP: its own cookies, no redirects followed, and the sign-in form as a
 * person fills it in (with the form's CSRF token). {@code forwardedFor} makes the bridge's trusted proxy (this host)
 * say the request came from that address.
 */
public final class DashboardSession {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    private final int port;
    private final Optional<String> forwardedFor;

    public DashboardSession(int port) {
        this(port, null);
    }

    DashboardSession(int port, String forwardedFor) {
        this.port = port;
        this.forwardedFor = Optional.ofNullable(forwardedFor);
    }

    /** @return the answer to the sign-in form: a redirect to the landing page, or back to the sign-in page */
    public HttpResponse<String> signIn(String user, String password) throws Exception {
        String token = csrf(get("/login").body());
        return post("/login", "username=" + encode(user) + "&password=" + encode(password) + "&_csrf=" + encode(token));
    }

    public HttpResponse<String> get(String path) throws Exception {
        return send(request(path).GET());
    }

    /** What the dashboard's scripts fetch: JSON. */
    public HttpResponse<String> getJson(String path) throws Exception {
        return send(request(path).setHeader("Accept", "application/json").GET());
    }

    /** A form post, with the CSRF token of the page given. */
    public HttpResponse<String> postForm(String path, String form, String pageWithToken) throws Exception {
        return post(path, form + (form.isEmpty() ? "" : "&") + "_csrf=" + encode(csrf(get(pageWithToken).body())));
    }

    HttpResponse<String> post(String path, String form) throws Exception {
        return send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path))).header("Accept", "text/html");
        forwardedFor.ifPresent(address -> request.header("X-Forwarded-For", address));
        return request;
    }

    String url(String path) {
        return "http://localhost:" + port + path;
    }

    static String csrf(String page) {
        Matcher matcher = CSRF.matcher(page);
        if (!matcher.find()) {
            throw new AssertionError("the page carries no CSRF token: " + page);
        }
        return matcher.group(1);
    }

    static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
