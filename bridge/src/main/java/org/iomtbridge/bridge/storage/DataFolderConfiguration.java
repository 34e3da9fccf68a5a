package org.iomtbridge.bridge.storage;

import org.iomtbridge.datafolder.OwnerOnlyDataFolder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.nio.file.Path;

/** The bridge's data folder, {@code iomt.data-dir}: the H2 database with the patients' data, the vault's keyset. */
@Configuration
class DataFolderConfiguration {

    @Bean
    static OwnerOnlyDataFolder ownerOnlyDataFolder() {
        return new OwnerOnlyDataFolder("iomt.data-dir", Path.of("data", "bridge"));
    }
}
