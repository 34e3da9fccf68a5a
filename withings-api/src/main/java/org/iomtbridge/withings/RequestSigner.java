package org.iomtbridge.withings;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

/**
 * Withings' request signatures: the hex HMAC-SHA256, keyed with the client secret, of the signed values sorted by
 * parameter name and joined with commas.
 */
final class RequestSigner {

    private final ClientCredentials credentials;

    RequestSigner(ClientCredentials credentials) {
        this.credentials = credentials;
    }

    /** The signature of {@code action=getnonce}: over {@code getnonce,<client_id>,<timestamp>}. */
    String nonceRequestSignature(long timestamp) {
        return hmac("getnonce," + credentials.clientId() + "," + timestamp);
    }

    /** The signature of a signed call: over {@code <action>,<client_id>,<nonce>}. */
    String actionSignature(String action, String nonce) {
        return hmac(action + "," + credentials.clientId() + "," + nonce);
    }

    private String hmac(String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(credentials.clientSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }
}
