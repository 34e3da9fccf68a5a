package org.iomtbridge.bridge;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Settings of the bridge, under {@code iomt.*}.
 *
 * @param webhook notifications from Withings
 * @param vault   the keys that seal tokens
 */
@ConfigurationProperties("iomt")
public record BridgeProperties(Webhook webhook, Vault vault) {

    public BridgeProperties {
        webhook = webhook == null ? new Webhook(null, 0) : webhook;
        vault = vault == null ? new Vault(null, null, false) : vault;
    }

    /**
     * @param secret       the unguessable path segment of the callback URL, {@code /webhooks/withings/{secret}}
     * @param maxBodyBytes a larger notification body is refused with 413; Withings' are about 100 bytes
     */
    public record Webhook(String secret, int maxBodyBytes) {

        public Webhook {
            maxBodyBytes = maxBodyBytes <= 0 ? 8192 : maxBodyBytes;
        }

        public Optional<String> configuredSecret() {
            return Optional.ofNullable(secret).filter(value -> !value.isBlank());
        }
    }

    /**
     * Where the token vault's keyset comes from: a file (created on first run when {@code createIfMissing}), or an
     * environment variable holding the keyset JSON. A KMS-held key plugs in through {@code KeysetSource}.
     *
     * @param keysetFile      a Tink JSON keyset file
     * @param keysetEnv       the name of an environment variable with the keyset JSON; it wins over the file
     * @param createIfMissing create the file with a new key when it does not exist (embedded default)
     */
    public record Vault(Path keysetFile, String keysetEnv, boolean createIfMissing) {
    }
}
