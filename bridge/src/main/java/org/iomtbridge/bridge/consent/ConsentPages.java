package org.iomtbridge.bridge.consent;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.iomtbridge.bridge.web.WebProperties;
import org.iomtbridge.bridge.audit.AuditEntry;
import org.iomtbridge.bridge.audit.AuditTrail;
import org.iomtbridge.bridge.enrollment.BrowserBinding;
import org.iomtbridge.bridge.enrollment.Enrollments;
import org.iomtbridge.bridge.withings.WithingsClients;
import org.iomtbridge.bridge.web.MessagePage;
import org.iomtbridge.withings.AuthorizationRequest;
import org.iomtbridge.withings.Scope;
import org.iomtbridge.withings.WithingsException;
import org.iomtbridge.withings.WithingsTokens;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The patient's pages: the consent text behind an enrollment link, the trip to Withings' authorization page, and the
 * callback, which shows a clear page for every outcome. The callback finishes a trip only in the browser that started
 * it ({@link BrowserBinding}), and an enrollment link connects one Withings account, however many trips race.
 */
@Controller
class ConsentPages {

    private static final Logger LOG = LoggerFactory.getLogger(ConsentPages.class);
    private static final String CALLBACK = "oauth callback";

    private final Enrollments enrollments;
    private final WithingsClients withings;
    private final Onboarding onboarding;
    private final PatientLinks patientLinks;
    private final ConsentProperties properties;
    private final WebProperties web;
    private final BrowserBinding browsers;
    private final AuditTrail audit;

    public ConsentPages(Enrollments enrollments, WithingsClients withings, Onboarding onboarding,
                        PatientLinks patientLinks, ConsentProperties properties, WebProperties web,
                        BrowserBinding browsers,
                        AuditTrail audit) {
        this.browsers = browsers;
        this.audit = audit;
        this.patientLinks = patientLinks;
        this.enrollments = enrollments;
        this.withings = withings;
        this.onboarding = onboarding;
        this.properties = properties;
        this.web = web;
    }

    @GetMapping(path = "/enroll/{token}", produces = MediaType.TEXT_HTML_VALUE)
    public ModelAndView consentPage(@PathVariable String token) {
        if (enrollments.open(token).isEmpty()) {
            return linkGone();
        }
        ConsentProperties.Text consent = properties.consent();
        return new ModelAndView("patient/enrollment-consent", Map.of("consentText", consent.text(),
                "consentVersion", consent.version(), "action", "/enroll/" + token), HttpStatus.OK);
    }

    @PostMapping(path = "/enroll/{token}", produces = MediaType.TEXT_HTML_VALUE)
    public ModelAndView decide(@PathVariable String token, @RequestParam(defaultValue = "") String decision,
                               HttpServletRequest request, HttpServletResponse response) {
        Optional<Enrollments.Open> enrollment = enrollments.open(token);
        if (enrollment.isEmpty()) {
            return linkGone();
        }
        if (!decision.equals("accept")) {
            return MessagePage.of(HttpStatus.OK, "Nothing was shared",
                    "You declined. Your link still works if you change your mind.");
        }
        Enrollments.Trip trip = enrollments.newTrip(enrollment.get().id());
        URI authorize = withings.client().oauth().authorizeUrl(new AuthorizationRequest(callbackUri(), trip.state(),
                Set.of(Scope.USER_INFO, Scope.USER_METRICS, Scope.USER_ACTIVITY), false));
        response.addHeader(HttpHeaders.SET_COOKIE, browsers.issue(trip, request));
        return new ModelAndView("redirect:" + authorize);
    }

    @GetMapping(path = "/oauth/callback", produces = MediaType.TEXT_HTML_VALUE)
    public ModelAndView callback(@RequestParam(required = false) String code,
                                 @RequestParam(required = false) String state,
                                 @RequestParam(required = false) String error, HttpServletRequest request,
                                 HttpServletResponse response) {
        Enrollments.Callback spent = enrollments.spendState(state, browsers.presented(request));
        if (spent instanceof Enrollments.Ready ready) {
            // The trip ends here, whatever its outcome: the browser gives back its key.
            response.addHeader(HttpHeaders.SET_COOKIE, browsers.clear(request));
            return finish(ready.enrollment(), code, error, request);
        }
        if (spent instanceof Enrollments.OtherBrowser other) {
            audit.record(AuditEntry.of("enrollment.callback.refused", AuditEntry.Outcome.REFUSED)
                    .by(AuditEntry.ActorType.PATIENT, CALLBACK).patient(other.patientReference())
                    .detail("the authorization was finished in a browser that did not start it"));
            return MessagePage.of(HttpStatus.BAD_REQUEST, "Finish in the browser where you started",
                    "For your safety, connecting works only in the browser where you opened your enrollment link"
                            + " and agreed. Nothing was shared. Open your enrollment link again in this browser"
                            + " to start over.");
        }
        if (spent instanceof Enrollments.LinkUsed used) {
            return linkAlreadyUsed(used.patientReference());
        }
        return MessagePage.of(HttpStatus.BAD_REQUEST, "This authorization cannot be used",
                "It has expired or was already used. Open your enrollment link again to start over.");
    }

    private ModelAndView finish(Enrollments.Open enrollment, String code, String error, HttpServletRequest request) {
        if (error != null || code == null || code.isBlank()) {
            return MessagePage.of(HttpStatus.OK, "Nothing was shared",
                    "You did not authorize at Withings. Open your enrollment link again if you change your mind.");
        }
        WithingsTokens granted;
        try {
            granted = withings.client().oauth().exchangeCode(code, callbackUri());
        } catch (WithingsException e) {
            LOG.warn("Withings did not exchange the authorization code of {}'s consent: {}",
                    enrollment.patientReference(), e.getMessage());
            return MessagePage.of(HttpStatus.BAD_GATEWAY, "Withings did not confirm your authorization",
                    "Please open your enrollment link again and retry. If it keeps failing, tell your care team.");
        }
        String user;
        try {
            user = onboarding.complete(enrollment, granted, request.getRemoteAddr(),
                    Optional.ofNullable(request.getHeader("User-Agent")).orElse(""));
        } catch (Enrollments.LinkAlreadyUsed e) {
            return linkAlreadyUsed(enrollment.patientReference());
        } catch (Onboarding.PlanFull full) {
            return planFull(enrollment.patientReference(), granted, full.getMessage());
        }
        return new ModelAndView("patient/connected", Map.of("recipient", properties.consent().recipient(),
                "ownLink", patientLinks.create(user)), HttpStatus.OK);
    }

    /**
     * The authorization is given back to Withings, so that the user does not count against the plan either there;
     * the enrollment link stays unused, for when a place is free.
     */
    private ModelAndView planFull(String patientReference, WithingsTokens granted, String reason) {
        try {
            withings.client().oauth().revokeUser(granted.userId());
        } catch (WithingsException e) {
            LOG.warn("Withings user {} was refused (the plan is full) but their authorization was not revoked at"
                    + " Withings: {}", granted.userId(), e.getMessage());
        }
        audit.record(AuditEntry.of("consent.refused", AuditEntry.Outcome.REFUSED)
                .by(AuditEntry.ActorType.PATIENT, CALLBACK).withingsUser(granted.userId()).patient(patientReference)
                .detail(reason));
        return MessagePage.of(HttpStatus.CONFLICT, "Your care team cannot connect more patients right now",
                "Nothing was shared: your care team's Withings plan has no place for another connected patient."
                        + " Please tell your care team; your enrollment link still works once they have made room.");
    }

    private ModelAndView linkAlreadyUsed(String patientReference) {
        audit.record(AuditEntry.of("enrollment.link.reused", AuditEntry.Outcome.REFUSED)
                .by(AuditEntry.ActorType.PATIENT, CALLBACK).patient(patientReference)
                .detail("another authorization had already used the enrollment link; nothing was linked"));
        return MessagePage.of(HttpStatus.CONFLICT, "This link was already used",
                "Your enrollment link has already connected a Withings account, so nothing was linked this time."
                        + " If that was not you, tell your care team.");
    }

    private static ModelAndView linkGone() {
        return MessagePage.of(HttpStatus.GONE, "This link no longer works",
                "It has expired or was already used. Ask your care team for a new one.");
    }

    private URI callbackUri() {
        return URI.create(web.publicBaseUrl() + "/oauth/callback");
    }
}
