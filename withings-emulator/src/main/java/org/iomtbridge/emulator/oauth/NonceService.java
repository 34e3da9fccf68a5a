package org.iomtbridge.emulator.oauth;

import org.iomtbridge.emulator.api.WithingsError;
import org.springframework.stereotype.Service;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Withings' request signatures: a nonce lives 30 minutes and works once. */
@Service
public class NonceService {

    private static final Duration NONCE_LIFETIME = Duration.ofMinutes(30);

    private final Map<String, Instant> nonces = new ConcurrentHashMap<>();
    private final RegisteredClient client;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public NonceService(RegisteredClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    /** {@code getnonce}: the signature is over {@code getnonce,<client_id>,<timestamp>}. */
    public String issue(String clientId, String timestamp, String signature) {
        requireClient(clientId);
        if (timestamp == null || signature == null
                || !client.sign("getnonce," + clientId + "," + timestamp).equals(signature)) {
            throw new WithingsError(264, "Invalid signature");
        }
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        String nonce = HexFormat.of().formatHex(bytes);
        nonces.put(nonce, clock.instant());
        return nonce;
    }

    /** Checks a signed call: signature over {@code <action>,<client_id>,<nonce>}; the nonce is then spent. */
    public void verify(String action, String clientId, String nonce, String signature) {
        requireClient(clientId);
        Instant issued = nonce == null ? null : nonces.remove(nonce);
        if (issued == null || clock.instant().isAfter(issued.plus(NONCE_LIFETIME))) {
            throw new WithingsError(264, "Invalid nonce");
        }
        if (signature == null || !client.sign(action + "," + clientId + "," + nonce).equals(signature)) {
            throw new WithingsError(264, "Invalid signature");
        }
    }

    private void requireClient(String clientId) {
        if (!client.id().equals(clientId)) {
            throw new WithingsError(503, "Invalid Params: invalid client_id");
        }
    }
}
