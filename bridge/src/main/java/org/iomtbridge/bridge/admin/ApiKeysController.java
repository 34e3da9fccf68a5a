package org.iomtbridge.bridge.admin;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/** {@code /api/v1/api-keys}: admin API keys and their roles, for administrators. A new key is shown once. */
@RestController
class ApiKeysController {

    private final ApiKeys keys;

    public ApiKeysController(ApiKeys keys) {
        this.keys = keys;
    }

    /** A key to create. */
    public record NewKey(String label, List<String> roles) {
    }

    /** The created key: the only time the bridge shows it. */
    public record Created(long id, String label, Set<Role> roles, Instant createdAt, String key) {
    }

    @GetMapping("/api/v1/api-keys")
    public Map<String, List<ApiKeys.ApiKey>> list() {
        return Map.of("items", keys.list());
    }

    @PostMapping("/api/v1/api-keys")
    public ResponseEntity<Created> create(@RequestBody NewKey wanted) {
        ApiKeys.NewKey created = keys.create(wanted.label(), Role.named(wanted.roles()));
        ApiKeys.ApiKey listing = created.listing();
        return ResponseEntity.status(HttpStatus.CREATED).header("Cache-Control", "no-store")
                .body(new Created(listing.id(), listing.label(), listing.roles(), listing.createdAt(), created.key()));
    }

    @DeleteMapping("/api/v1/api-keys/{id}")
    public ResponseEntity<Void> revoke(@PathVariable long id) {
        if (!keys.revoke(id)) {
            throw new NoSuchElementException("no API key " + id);
        }
        return ResponseEntity.noContent().build();
    }
}
