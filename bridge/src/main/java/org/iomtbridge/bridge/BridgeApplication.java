package org.iomtbridge.bridge;

import org.iomtbridge.bridge.tokens.KeyRotation;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import java.io.PrintStream;
import java.time.Clock;
import java.util.Arrays;

/**
 * The bridge service, {@code ./iomt-bridge serve}; with the arguments {@code keys rotate} it rotates the token vault's
 * keys instead ({@code ./iomt-bridge keys rotate}) and exits.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class BridgeApplication {

    public static void main(String[] args) {
        if (args.length >= 2 && args[0].equals("keys") && args[1].equals("rotate")) {
            System.exit(rotateKeys(Arrays.copyOfRange(args, 2, args.length), System.out));
        }
        SpringApplication.run(BridgeApplication.class, args);
    }

    /**
     * Rotates the vault's keys with the bridge's configuration and database, without serving: a new primary key, and
     * every stored token sealed again with it. Running bridges pick the new keyset up when a token does not open.
     *
     * @return the exit code: 0 when every token was resealed, 1 when some no longer open
     */
    static int rotateKeys(String[] args, PrintStream out) {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(BridgeApplication.class)
                .web(WebApplicationType.NONE)
                .properties("db-scheduler.enabled=false", "iomt.webhook.secret=not-serving-not-serving")
                .run(args)) {
            KeyRotation.Result result = context.getBean(KeyRotation.class).rotate();
            out.println("Rotated the token vault's keys: " + result.keysInKeyset() + " keys in the keyset, "
                    + result.usersResealed() + " users' tokens sealed with the new primary key.");
            if (!result.unreadableUsers().isEmpty()) {
                out.println("These users' tokens no longer open and were left as they are; they must authorize again: "
                        + String.join(", ", result.unreadableUsers()));
                return 1;
            }
            return 0;
        }
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
