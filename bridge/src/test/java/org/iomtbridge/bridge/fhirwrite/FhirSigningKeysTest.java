package org.iomtbridge.bridge.fhirwrite;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import org.iomtbridge.bridge.tokens.FileKeysetSource;
import org.iomtbridge.bridge.tokens.KeyRing;
import org.iomtbridge.bridge.tokens.SealedFile;
import org.iomtbridge.bridge.tokens.VaultException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The bridge's SMART Backend Services keys: sealed at rest, published without private parts, rotated without a gap. */
class FhirSigningKeysTest {

    @TempDir
    Path directory;

    private FhirSigningKeys keys(Path file, Path keyset, FhirWriterProperties.SigningAlgorithm algorithm) {
        KeyRing vault = new KeyRing(new FileKeysetSource(keyset, true));
        return new FhirSigningKeys(new SealedFile(file, vault, FhirSigningKeys.PURPOSE), algorithm, Clock.systemUTC());
    }

    @Test
    void theFirstKeyIsMadeOnFirstUseSealedOwnerOnlyAndOpensOnlyWithTheVaultsKeyset() throws Exception {
        Path file = directory.resolve("bridge/fhir-signing-keys.sealed");
        FhirSigningKeys keys = keys(file, directory.resolve("bridge/token-keyset.json"),
                FhirWriterProperties.SigningAlgorithm.RS384);
        assertThat(keys.publicKeys().getKeys()).as("nothing published before the first use").isEmpty();
        assertThat(file).doesNotExist();

        RSAKey signer = keys.signer().toRSAKey();

        assertThat(signer.isPrivate()).isTrue();
        assertThat(signer.getAlgorithm().getName()).isEqualTo("RS384");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        String atRest = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        assertThat(atRest).doesNotContain(signer.getPrivateExponent().toString(), signer.getModulus().toString(),
                signer.getKeyID(), "\"kty\"");
        FhirSigningKeys withAnotherKeyset = keys(file, directory.resolve("other/token-keyset.json"),
                FhirWriterProperties.SigningAlgorithm.RS384);
        assertThatThrownBy(withAnotherKeyset::publicKeys).isInstanceOf(VaultException.class)
                .hasMessageContaining("FHIR signing keys");
        assertThat(keys.signer().getKeyID()).as("made once").isEqualTo(signer.getKeyID());
    }

    @Test
    void theJwksHasOnlyPublicPartsOfEveryKey() {
        FhirSigningKeys keys = keys(directory.resolve("keys.sealed"), directory.resolve("keyset.json"),
                FhirWriterProperties.SigningAlgorithm.ES384);
        ECKey signer = keys.signer().toECKey();

        JWKSet published = keys.publicKeys();
        String json = published.toString(false);

        assertThat(signer.getCurve().getName()).isEqualTo("P-384");
        assertThat(published.getKeys()).hasSize(1);
        assertThat(published.getKeys()).noneMatch(JWK::isPrivate);
        assertThat(json).contains(signer.getKeyID(), "\"alg\":\"ES384\"", "\"use\":\"sig\"")
                .doesNotContain("\"d\"", signer.getD().toString());
    }

    @Test
    void aRotatedKeyIsPublishedAtOnceSignsInARunningBridgeAndTheOldStaysPublishedUntilRetired() {
        Path file = directory.resolve("keys.sealed");
        Path keyset = directory.resolve("keyset.json");
        FhirSigningKeys running = keys(file, keyset, FhirWriterProperties.SigningAlgorithm.RS384);
        String first = running.signer().getKeyID();
        // ./iomt-bridge keys rotate-fhir: another process, the same files.
        FhirSigningKeys command = keys(file, keyset, FhirWriterProperties.SigningAlgorithm.RS384);

        String second = command.rotate().getKeyID();

        assertThat(second).isNotEqualTo(first);
        assertThat(running.publicKeys().getKeys()).extracting(JWK::getKeyID).containsExactly(first, second);
        assertThat(running.signer().getKeyID()).as("the running bridge signs with the new key").isEqualTo(second);
        assertThatThrownBy(() -> command.retire(Optional.of(second))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("signs with");
        assertThatThrownBy(() -> command.retire(Optional.of("no-such-key")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(first);

        assertThat(command.retire(Optional.empty())).containsExactly(first);

        assertThat(running.publicKeys().getKeys()).extracting(JWK::getKeyID).containsExactly(second);
        assertThat(running.signer().getKeyID()).isEqualTo(second);
        assertThat(command.retire(Optional.empty())).isEqualTo(List.of());
    }
}
