package org.iomtbridge.bridge.tokens;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.PredefinedAeadParameters;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

/**
 * A Tink JSON keyset in a file, readable by its owner only. The embedded default creates it on first run; in
 * production it is provisioned, or replaced by a KMS-backed source.
 */
public final class FileKeysetSource implements KeysetSource {

    private final Path file;
    private final boolean createIfMissing;

    public FileKeysetSource(Path file, boolean createIfMissing) {
        this.file = file;
        this.createIfMissing = createIfMissing;
    }

    @Override
    public KeysetHandle load() {
        try {
            if (!Files.exists(file)) {
                if (!createIfMissing) {
                    throw new IllegalStateException("The token vault's keyset file " + file.toAbsolutePath()
                            + " does not exist: provision it, or set iomt.vault.create-if-missing=true to create one");
                }
                KeysetHandle created = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
                store(created);
                return created;
            }
            return TinkJsonProtoKeysetFormat.parseKeyset(Files.readString(file, StandardCharsets.UTF_8),
                    InsecureSecretKeyAccess.get());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the token vault's keyset file " + file.toAbsolutePath(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The token vault's keyset file " + file.toAbsolutePath()
                    + " is not a valid Tink keyset", e);
        }
    }

    @Override
    public void store(KeysetHandle keyset) {
        try {
            OwnerOnlyFiles.replace(file, TinkJsonProtoKeysetFormat.serializeKeyset(keyset, InsecureSecretKeyAccess.get())
                    .getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the token vault's keyset file " + file.toAbsolutePath(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot serialize the token vault's keyset", e);
        }
    }

    @Override
    public String describe() {
        return "file " + file.toAbsolutePath();
    }
}
