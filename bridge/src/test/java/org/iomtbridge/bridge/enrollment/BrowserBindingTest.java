package org.iomtbridge.bridge.enrollment;

import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The cookie that binds a trip to Withings to its browser: what a browser is told to keep, and for how long. */
class BrowserBindingTest {

    private final BrowserBinding binding = new BrowserBinding(
            new EnrollmentProperties(Duration.ofDays(7), Duration.ofMinutes(10), false));
    private final Enrollments.Trip trip = new Enrollments.Trip("the-state", "the-browser-key");

    @Test
    void overHttpsTheCookieIsSecureAndOnlyTheCallbackSeesItForAsLongAsTheStateLives() {
        MockHttpServletRequest https = new MockHttpServletRequest("POST", "/enroll/t");
        https.setSecure(true);

        assertThat(binding.issue(trip, https))
                .startsWith("iomt_oauth_browser=the-browser-key; Path=/oauth/callback; Max-Age=600; Expires=")
                .endsWith("; Secure; HttpOnly; SameSite=Lax");
        assertThat(binding.issue(trip, new MockHttpServletRequest("POST", "/enroll/t")))
                .as("a browser keeps no Secure cookie from plain HTTP").doesNotContain("Secure");
    }

    @Test
    void theCallbackReadsTheKeyAndAnEmptyOneIsNone() {
        MockHttpServletRequest callback = new MockHttpServletRequest("GET", "/oauth/callback");
        callback.setCookies(new Cookie("iomt_oauth_browser", "the-browser-key"));
        assertThat(binding.presented(callback)).hasValue("the-browser-key");

        MockHttpServletRequest cleared = new MockHttpServletRequest("GET", "/oauth/callback");
        cleared.setCookies(new Cookie("iomt_oauth_browser", ""));
        assertThat(binding.presented(cleared)).isEmpty();
        assertThat(binding.clear(cleared)).startsWith("iomt_oauth_browser=; Path=/oauth/callback; Max-Age=0");
    }
}
