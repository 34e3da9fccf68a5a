package org.iomtbridge.bridge.fhirwrite;

import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;
import java.util.Map;

/**
 * The public parts of the bridge's signing keys, where authorization servers (Epic, Oracle Health, …) fetch them to
 * check its client assertions: a stable public URL, no authentication, never a private part.
 */
@RestController
class SigningKeysController {

    private final FhirSigningKeys keys;

    SigningKeysController(FhirSigningKeys keys) {
        this.keys = keys;
    }

    @GetMapping(path = "/.well-known/jwks.json", produces = {"application/json", "application/jwk-set+json"})
    ResponseEntity<Map<String, Object>> jwks() {
        // Short, so that a rotated key is seen soon by caches between the bridge and the authorization server.
        return ResponseEntity.ok().cacheControl(CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic())
                .body(keys.publicKeys().toJSONObject(true));
    }
}
