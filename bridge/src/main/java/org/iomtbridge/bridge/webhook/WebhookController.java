package org.iomtbridge.bridge.webhook;

import jakarta.servlet.http.HttpServletRequest;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /webhooks/withings/{secret}}: Withings' HEAD probe and its notifications. It only stores them — no call to
 * Withings or FHIR happens here — so it answers within milliseconds. A wrong secret is 404, as if nothing were there.
 */
@RestController
class WebhookController {

    private final NotificationInbox inbox;
    private final WebhookSecret secret;
    private final int maxBodyBytes;

    private final MeterRegistry meters;

    public WebhookController(NotificationInbox inbox, WebhookSecret secret, WebhookProperties properties,
                             MeterRegistry meters) {
        this.meters = meters;
        this.inbox = inbox;
        this.secret = secret;
        this.maxBodyBytes = properties.maxBodyBytes();
    }

    @RequestMapping(path = "/webhooks/withings/{secret}", method = RequestMethod.HEAD)
    public ResponseEntity<Void> probe(@PathVariable("secret") String given) {
        return secret.matches(given) ? ResponseEntity.ok().build() : ResponseEntity.notFound().build();
    }

    @RequestMapping(path = "/webhooks/withings/{secret}", method = RequestMethod.POST)
    public ResponseEntity<String> notify(@PathVariable("secret") String given, HttpServletRequest request)
            throws IOException {
        if (!secret.matches(given)) {
            return ResponseEntity.notFound().build();
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(maxBodyBytes + 1);
        }
        if (body.length > maxBodyBytes) {
            long size = Math.max(request.getContentLengthLong(), body.length);
            inbox.tooLarge(new String(body, 0, Math.min(body.length, 256), StandardCharsets.UTF_8), size, maxBodyBytes);
            meters.counter("iomt.notifications.received", "outcome", "too_large").increment();
            return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE)
                    .body("A Withings notification is at most " + maxBodyBytes + " bytes\n");
        }
        String raw = new String(body, StandardCharsets.UTF_8);
        NotificationInbox.Receipt receipt = inbox.receive(raw, decode(raw));
        String outcome = receipt.outcome().name().toLowerCase();
        meters.counter("iomt.notifications.received", "outcome", outcome).increment();
        // A rejected notification is answered 200 with its reason, not 4xx: Withings retries every non-200 answer for
        // about a day and drops a subscription it long cannot deliver to, so a 4xx for one odd notification would cost
        // the patient every later one. It is recorded in the inbox (status REJECTED, with the reason) either way.
        return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN)
                .body(outcome + receipt.problem().map(problem -> ": " + problem).orElse("") + "\n");
    }

    private static Map<String, String> decode(String form) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : form.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                fields.putIfAbsent(name, value);
            } catch (IllegalArgumentException e) {
                fields.putIfAbsent("_malformed", pair);
            }
        }
        return fields;
    }

    /** Compares in constant time, so that the secret cannot be guessed from response times. */
    static boolean constantTimeEquals(String expected, String given) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }
}
