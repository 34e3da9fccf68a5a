package org.iomtbridge.emulator.state;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The SHA-256 of a secret — a token, an authorization code, a simulated user's password — as the emulator keeps it:
 * the world file holds no secret itself, only what a presented one is compared with.
 */
public final class Hashed {

    private Hashed() {
    }

    public static String sha256(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** Whether {@code candidate} hashes to {@code hash}, in time that does not depend on where they differ. */
    public static boolean matches(String candidate, String hash) {
        return candidate != null && MessageDigest.isEqual(sha256(candidate).getBytes(StandardCharsets.US_ASCII),
                hash.getBytes(StandardCharsets.US_ASCII));
    }
}
