package org.iomtbridge.bridge.consent;

import jakarta.servlet.http.HttpServletRequest;
import org.iomtbridge.bridge.BridgeProperties;
import org.iomtbridge.bridge.enrollment.Enrollments;
import org.iomtbridge.bridge.sync.WithingsClients;
import org.iomtbridge.withings.AuthorizationRequest;
import org.iomtbridge.withings.Scope;
import org.iomtbridge.withings.WithingsException;
import org.iomtbridge.withings.WithingsTokens;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

import java.net.URI;
import java.util.Optional;
import java.util.Set;

/**
 * The patient's pages: the consent text behind an enrollment link, the trip to Withings' authorization page, and the
 * callback, which shows a clear page for every outcome.
 */
@RestController
public class ConsentPages {

    private final Enrollments enrollments;
    private final WithingsClients withings;
    private final Onboarding onboarding;
    private final BridgeProperties properties;

    public ConsentPages(Enrollments enrollments, WithingsClients withings, Onboarding onboarding,
                        BridgeProperties properties) {
        this.enrollments = enrollments;
        this.withings = withings;
        this.onboarding = onboarding;
        this.properties = properties;
    }

    @GetMapping(path = "/enroll/{token}", produces = MediaType.TEXT_HTML_VALUE)
    public ResponseEntity<String> consentPage(@PathVariable String token) {
        if (enrollments.open(token).isEmpty()) {
            return page(HttpStatus.GONE, "This link no longer works",
                    "It has expired or was already used. Ask your care team for a new one.");
        }
        BridgeProperties.Consent consent = properties.consent();
        String body = "<p>Before you connect your Withings account, please read what you agree to:</p><pre id=\"consent-text\">"
                + escape(consent.text()) + "</pre><p class=\"version\">Consent text version " + escape(consent.version())
                + "</p><form method=\"post\" action=\"/enroll/" + escape(token) + "\">"
                + "<button type=\"submit\" name=\"decision\" value=\"accept\" id=\"accept\">I agree — continue to Withings</button>"
                + " <button type=\"submit\" name=\"decision\" value=\"decline\" id=\"decline\">No, thanks</button></form>";
        return page(HttpStatus.OK, "Share your Withings data", body);
    }

    @PostMapping(path = "/enroll/{token}", produces = MediaType.TEXT_HTML_VALUE)
    public ResponseEntity<String> decide(@PathVariable String token, @RequestParam(defaultValue = "") String decision) {
        Optional<Enrollments.Open> enrollment = enrollments.open(token);
        if (enrollment.isEmpty()) {
            return page(HttpStatus.GONE, "This link no longer works",
                    "It has expired or was already used. Ask your care team for a new one.");
        }
        if (!decision.equals("accept")) {
            return page(HttpStatus.OK, "Nothing was shared", "You declined. Your link still works if you change your mind.");
        }
        String state = enrollments.newState(enrollment.get().id());
        URI authorize = withings.client().oauth().authorizeUrl(new AuthorizationRequest(callbackUri(), state,
                Set.of(Scope.USER_INFO, Scope.USER_METRICS, Scope.USER_ACTIVITY), false));
        return ResponseEntity.status(HttpStatus.FOUND).location(authorize).build();
    }

    @GetMapping(path = "/oauth/callback", produces = MediaType.TEXT_HTML_VALUE)
    public ResponseEntity<String> callback(@RequestParam(required = false) String code,
                                           @RequestParam(required = false) String state,
                                           @RequestParam(required = false) String error, HttpServletRequest request) {
        Optional<Enrollments.Open> enrollment = enrollments.spendState(state);
        if (enrollment.isEmpty()) {
            return page(HttpStatus.BAD_REQUEST, "This authorization cannot be used",
                    "It has expired or was already used. Open your enrollment link again to start over.");
        }
        if (error != null || code == null || code.isBlank()) {
            return page(HttpStatus.OK, "Nothing was shared",
                    "You did not authorize at Withings. Open your enrollment link again if you change your mind.");
        }
        WithingsTokens granted;
        try {
            granted = withings.client().oauth().exchangeCode(code, callbackUri());
        } catch (WithingsException e) {
            return page(HttpStatus.BAD_GATEWAY, "Withings did not confirm your authorization",
                    "Please open your enrollment link again and retry. If it keeps failing, tell your care team.");
        }
        onboarding.complete(enrollment.get(), granted, request.getRemoteAddr(),
                Optional.ofNullable(request.getHeader("User-Agent")).orElse(""));
        return page(HttpStatus.OK, "You are connected",
                "Your Withings measurements now reach " + escape(properties.consent().recipient())
                        + ". You can revoke this consent at any time.");
    }

    private URI callbackUri() {
        return URI.create(properties.publicBaseUrl() + "/oauth/callback");
    }

    private static ResponseEntity<String> page(HttpStatus status, String title, String body) {
        String html = """
                <!doctype html><html lang="en"><head><meta charset="utf-8"><title>%1$s</title>
                <style>body{font-family:sans-serif;max-width:38rem;margin:2rem auto}pre{white-space:pre-wrap}</style></head>
                <body><h1>%1$s</h1>%2$s</body></html>""".formatted(escape(title), body.startsWith("<") ? body
                : "<p>" + body + "</p>");
        return ResponseEntity.status(status).contentType(MediaType.TEXT_HTML).body(html);
    }

    private static String escape(String text) {
        return HtmlUtils.htmlEscape(text);
    }
}
