package org.iomtbridge.bridge.enrollment;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Component;
import org.springframework.web.util.WebUtils;

import java.time.Duration;
import java.util.Optional;

/**
 * Binds a trip to Withings to the browser that started it: the browser key of the trip rides in a cookie only the
 * callback sees. The callback arrives as a top-level navigation from Withings' site, which {@code SameSite=Lax}
 * lets through; {@code HttpOnly} keeps it from scripts, and {@code Secure} from plain HTTP whenever the patient came
 * over HTTPS.
 */
@Component
public class BrowserBinding {

    /** The cookie's name; hostile tests and proxies' configurations refer to it. */
    public static final String COOKIE = "iomt_oauth_browser";
    static final String PATH = "/oauth/callback";

    private final Duration lifetime;

    public BrowserBinding(EnrollmentProperties properties) {
        this.lifetime = properties.stateLifetime();
    }

    /** The {@code Set-Cookie} value that gives the browser the trip's key, for as long as the state lives. */
    public String issue(Enrollments.Trip trip, HttpServletRequest request) {
        return cookie(trip.browserKey(), lifetime, request);
    }

    /** The {@code Set-Cookie} value that takes the key back once the trip is over. */
    public String clear(HttpServletRequest request) {
        return cookie("", Duration.ZERO, request);
    }

    /** The key the browser presented at the callback. */
    public Optional<String> presented(HttpServletRequest request) {
        return Optional.ofNullable(WebUtils.getCookie(request, COOKIE)).map(Cookie::getValue)
                .filter(value -> !value.isEmpty());
    }

    private static String cookie(String value, Duration maxAge, HttpServletRequest request) {
        return ResponseCookie.from(COOKIE, value).path(PATH).maxAge(maxAge).httpOnly(true).sameSite("Lax")
                .secure(request.isSecure()).build().toString();
    }
}
