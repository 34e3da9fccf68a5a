package org.iomtbridge.emulator.oauth;

import org.iomtbridge.emulator.EmulatorProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;

/**
 * The Withings application registered with the emulator. Without a configured secret, one is generated on first start
 * and kept in {@code <data-dir>/client.properties} (owner-readable only, in the owner-only data folder), so that the
 * bridge of the demo can read it.
 */
@Component
public class RegisteredClient {

    private static final Logger LOG = LoggerFactory.getLogger(RegisteredClient.class);
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private final String id;
    private final String secret;
    private final List<String> redirectUriPrefixes;

    public RegisteredClient(EmulatorProperties properties) {
        this.id = properties.client().id();
        this.redirectUriPrefixes = properties.client().redirectUriPrefixes();
        String configured = properties.client().secret();
        this.secret = configured == null || configured.isBlank() ? storedOrNewSecret(properties.dataDir()) : configured;
    }

    public String id() {
        return id;
    }

    public boolean secretMatches(String candidate) {
        return secret.equals(candidate);
    }

    public boolean redirectAllowed(String redirectUri) {
        return redirectUri != null && redirectUriPrefixes.stream().anyMatch(redirectUri::startsWith);
    }

    /** Hex HMAC-SHA256 keyed with the client secret, as Withings signs requests. */
    public String sign(String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private String storedOrNewSecret(Path dataDir) {
        Path file = dataDir.resolve("client.properties");
        try {
            Properties stored = new Properties();
            if (Files.exists(file)) {
                try (var in = Files.newBufferedReader(file)) {
                    stored.load(in);
                }
                if (id.equals(stored.getProperty("client.id")) && stored.getProperty("client.secret") != null) {
                    return stored.getProperty("client.secret");
                }
            }
            byte[] bytes = new byte[24];
            new SecureRandom().nextBytes(bytes);
            String generated = HexFormat.of().formatHex(bytes);
            Files.createDirectories(dataDir);
            stored.setProperty("client.id", id);
            stored.setProperty("client.secret", generated);
            Files.deleteIfExists(file);
            Files.createFile(file);
            if (POSIX) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            }
            try (var out = Files.newBufferedWriter(file)) {
                stored.store(out, "Withings emulator client; read by the demo's bridge");
            }
            LOG.info("Generated a client secret for client {} in {}", id, file.toAbsolutePath());
            return generated;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot keep the emulator's client secret in " + file
                    + ": set emulator.client.secret or a writable emulator.data-dir", e);
        }
    }
}
