package org.iomtbridge.bridge.tokens;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The vault's keyset source, from {@code iomt.vault.*}. */
@Configuration
public class VaultConfiguration {

    @Bean
    KeysetSource keysetSource(VaultProperties vault) {
        if (vault.keysetEnv() != null && !vault.keysetEnv().isBlank()) {
            return new EnvironmentKeysetSource(vault.keysetEnv(), System::getenv);
        }
        if (vault.keysetFile() == null) {
            throw new IllegalStateException("The token vault has no keyset: set iomt.vault.keyset-file (a Tink JSON"
                    + " keyset file) or iomt.vault.keyset-env (a variable holding one)");
        }
        return new FileKeysetSource(vault.keysetFile(), vault.createIfMissing());
    }

    @Bean
    KeyRing keyRing(KeysetSource source) {
        return new KeyRing(source);
    }
}
