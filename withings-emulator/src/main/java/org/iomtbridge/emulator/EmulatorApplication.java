package org.iomtbridge.emulator;

import org.iomtbridge.datafolder.OwnerOnlyDataFolder;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

import java.nio.file.Path;
import java.time.Clock;

/** A local Withings cloud for demos and tests: {@code ./iomt-bridge emulator}. */
@SpringBootApplication
@EnableScheduling
@EnableConfigurationProperties(EmulatorProperties.class)
public class EmulatorApplication {

    public static void main(String[] args) {
        SpringApplication.run(EmulatorApplication.class, args);
    }

    /** The world file and the client secret are the owner's only: the folder 0700 before any bean writes in it. */
    @Bean
    static OwnerOnlyDataFolder ownerOnlyDataFolder() {
        return new OwnerOnlyDataFolder("emulator.data-dir", Path.of("data", "emulator"));
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
