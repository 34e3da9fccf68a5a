package org.iomtbridge.bridge.tokens;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * A secret of the bridge's own kept in a file, sealed with the token vault's AEAD for one purpose and owner-only: a
 * copy of the file alone, without the vault's keyset, reveals nothing.
 */
public final class SealedFile {

    /** Which content of the file a reader saw: another process that replaced it makes a different version. */
    public record Version(Object fileKey, long modifiedNanos, long size) {
    }

    private final Path file;
    private final KeyRing keys;
    private final String purpose;

    public SealedFile(Path file, KeyRing keys, String purpose) {
        this.file = file;
        this.keys = keys;
        this.purpose = purpose;
    }

    /** The opened content, or empty when the file does not exist yet. */
    public Optional<byte[]> read() {
        try {
            return Optional.of(keys.openSecret(Files.readAllBytes(file), purpose));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the bridge's " + purpose + " from " + file.toAbsolutePath(), e);
        }
    }

    /** Seals the content with the vault's primary key and replaces the file with it. */
    public void write(byte[] content) {
        try {
            OwnerOnlyFiles.replace(file, keys.sealSecret(content, purpose));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the bridge's " + purpose + " to " + file.toAbsolutePath(), e);
        }
    }

    /** The file's version now; empty when it does not exist. */
    public Optional<Version> version() {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return Optional.of(new Version(attributes.fileKey(),
                    attributes.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS), attributes.size()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the bridge's " + purpose + " at " + file.toAbsolutePath(), e);
        }
    }

    public Path path() {
        return file;
    }
}
