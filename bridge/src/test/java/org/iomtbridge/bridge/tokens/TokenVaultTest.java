package org.iomtbridge.bridge.tokens;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Sealed tokens open only in their own row and column, and keep opening across key rotations. */
class TokenVaultTest {

    @TempDir
    Path directory;

    @Test
    void aTokenOpensOnlyForItsUserAndColumn() throws Exception {
        TokenVault vault = new TokenVault(KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM));
        byte[] sealed = vault.seal("access-token-of-alice", "1001", TokenVault.Column.ACCESS_TOKEN);

        assertThat(vault.open(sealed, "1001", TokenVault.Column.ACCESS_TOKEN)).isEqualTo("access-token-of-alice");
        assertThat(new String(sealed, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("access-token");
        assertThatThrownBy(() -> vault.open(sealed, "1002", TokenVault.Column.ACCESS_TOKEN))
                .isInstanceOf(VaultException.class)
                .hasMessageContaining("Withings user 1002")
                .hasMessageNotContaining("access-token-of-alice");
        assertThatThrownBy(() -> vault.open(sealed, "1001", TokenVault.Column.REFRESH_TOKEN))
                .isInstanceOf(VaultException.class);
    }

    @Test
    void theKeysetFileIsCreatedOnceOwnerReadableAndRotationKeepsOldCiphertextsOpen() throws Exception {
        Path file = directory.resolve("vault/keyset.json");
        FileKeysetSource source = new FileKeysetSource(file, true);
        KeyRing ring = new KeyRing(source);
        byte[] before = ring.seal("refresh-1", "7", TokenVault.Column.REFRESH_TOKEN);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(new KeyRing(new FileKeysetSource(file, false)).open(before, "7", TokenVault.Column.REFRESH_TOKEN))
                .as("a second start reads the same keyset").isEqualTo("refresh-1");

        int[] resealed = new int[1];
        int keys = ring.rotate(vault -> resealed[0] = 1);

        assertThat(keys).isEqualTo(2);
        assertThat(resealed[0]).isEqualTo(1);
        assertThat(ring.open(before, "7", TokenVault.Column.REFRESH_TOKEN)).isEqualTo("refresh-1");
        KeyRing restarted = new KeyRing(new FileKeysetSource(file, false));
        byte[] after = restarted.seal("refresh-2", "7", TokenVault.Column.REFRESH_TOKEN);
        assertThat(restarted.open(after, "7", TokenVault.Column.REFRESH_TOKEN)).isEqualTo("refresh-2");
    }

    @Test
    void aMissingKeysetIsAClearErrorUnlessCreationIsAllowed() {
        Path file = directory.resolve("absent.json");

        assertThatThrownBy(() -> new KeyRing(new FileKeysetSource(file, false)))
                .hasMessageContaining(file.toAbsolutePath().toString())
                .hasMessageContaining("iomt.vault.create-if-missing");
        assertThatThrownBy(() -> new KeyRing(new EnvironmentKeysetSource("IOMT_TEST_KEYSET", name -> null)))
                .hasMessageContaining("IOMT_TEST_KEYSET");
    }
}
