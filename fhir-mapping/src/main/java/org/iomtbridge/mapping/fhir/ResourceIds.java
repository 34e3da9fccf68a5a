package org.iomtbridge.mapping.fhir;

import org.iomtbridge.mapping.normalized.SourceKey;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Deterministic FHIR resource ids: the same source always gives the same id, so writes are idempotent PUTs. Ids are
 * readable ({@code withings-12345678-grp-4815757309-1}) when the source fits FHIR's {@code [A-Za-z0-9\-.]{1,64}}, and a
 * SHA-256 of the source otherwise.
 */
public final class ResourceIds {

    private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");
    private static final Pattern NOT_ID_CHARACTER = Pattern.compile("[^A-Za-z0-9\\-.]");

    private ResourceIds() {
    }

    public static String observation(SourceKey source) {
        StringBuilder id = new StringBuilder(source.vendor()).append('-').append(source.userId()).append('-').append(source.record().shortName()).append('-')
                .append(source.recordId());
        source.item().ifPresent(item -> id.append('-').append(item));
        source.position().ifPresent(position -> id.append("-p").append(position));
        return readableOrHashed("obs", id.toString().replace('_', '.'), source.asText());
    }

    public static String device(String vendor, String hashDeviceId) {
        return readableOrHashed("dev", vendor + "-" + hashDeviceId, vendor + "/device/" + hashDeviceId);
    }

    public static String consent(String vendor, String userId) {
        return readableOrHashed("consent", vendor + "-consent-" + userId, vendor + "/consent/" + userId);
    }

    public static String provenance(String sourceSha256) {
        return readableOrHashed("prov", "prov-" + sourceSha256.substring(0, Math.min(40, sourceSha256.length())),
                "provenance/" + sourceSha256);
    }

    /** The lowercase hex SHA-256 of the bytes. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    private static String readableOrHashed(String prefix, String readable, String source) {
        if (FHIR_ID.matcher(readable).matches()) {
            return readable;
        }
        String cleaned = NOT_ID_CHARACTER.matcher(readable).replaceAll("");
        String hash = sha256(source.getBytes(StandardCharsets.UTF_8)).substring(0, 32);
        String head = cleaned.substring(0, Math.min(cleaned.length(), 64 - hash.length() - 1));
        return (head.isEmpty() ? prefix : head) + "-" + hash;
    }
}
