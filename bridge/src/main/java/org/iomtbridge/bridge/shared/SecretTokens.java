package org.iomtbridge.bridge.shared;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * The bridge's bearer secrets — links, OAuth states, API keys: random, URL-safe, and stored only as their SHA-256, so
 * that a database dump opens nothing.
 */
public final class SecretTokens {

    private static final SecureRandom RANDOM = new SecureRandom();

    private SecretTokens() {
    }

    /** 256 random bits, URL-safe Base64. */
    public static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** What is stored of a token: its lowercase hex SHA-256. */
    public static String hash(String token) {
        return Sha256.hex(token);
    }

    /** Whether the token is the one whose hash was stored, compared in constant time; false when either is missing. */
    public static boolean sameHash(Optional<String> storedHash, Optional<String> token) {
        if (storedHash.isEmpty() || token.isEmpty()) {
            return false;
        }
        return MessageDigest.isEqual(storedHash.get().getBytes(StandardCharsets.US_ASCII),
                hash(token.get()).getBytes(StandardCharsets.US_ASCII));
    }
}
