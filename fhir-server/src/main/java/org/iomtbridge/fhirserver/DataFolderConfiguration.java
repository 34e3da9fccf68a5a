package org.iomtbridge.fhirserver;

import org.iomtbridge.datafolder.OwnerOnlyDataFolder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.nio.file.Path;

/** The FHIR server's data folder, {@code fhir-server.data-dir}: the H2 database with every patient's resources. */
@Configuration
class DataFolderConfiguration {

    @Bean
    static OwnerOnlyDataFolder ownerOnlyDataFolder() {
        return new OwnerOnlyDataFolder("fhir-server.data-dir", Path.of("data", "fhir-server"));
    }
}
