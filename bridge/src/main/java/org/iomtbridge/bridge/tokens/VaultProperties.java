package org.iomtbridge.bridge.tokens;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;

/**
 * Where the token vault's keyset comes from, under {@code iomt.vault.*}: a file (created on first run when
 * {@code createIfMissing}), or an environment variable holding the keyset JSON. A KMS-held key plugs in through
 * {@code KeysetSource}.
 *
 * @param keysetFile      a Tink JSON keyset file
 * @param keysetEnv       the name of an environment variable with the keyset JSON; it wins over the file
 * @param createIfMissing create the file with a new key when it does not exist (embedded default)
 */
@ConfigurationProperties("iomt.vault")
public record VaultProperties(Path keysetFile, String keysetEnv, boolean createIfMissing) {
}
