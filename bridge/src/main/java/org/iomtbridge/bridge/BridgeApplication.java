package org.iomtbridge.bridge;

import com.nimbusds.jose.jwk.JWK;
import org.iomtbridge.bridge.fhirwrite.FhirSigningKeys;
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
import java.util.List;
import java.util.Optional;

/**
 * The bridge service, {@code ./iomt-bridge serve}; with the arguments {@code keys ...} it manages its keys instead and
 * exits: {@code keys rotate} rotates the token vault's keys, {@code keys rotate-fhir}, {@code keys retire-fhir [kid]}
 * and {@code keys jwks} the keys it signs its FHIR client assertions with.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class BridgeApplication {

    public static void main(String[] args) {
        if (args.length >= 2 && args[0].equals("keys") && args[1].equals("rotate")) {
            System.exit(rotateKeys(Arrays.copyOfRange(args, 2, args.length), System.out));
        }
        if (args.length >= 2 && args[0].equals("keys") && FHIR_KEY_COMMANDS.contains(args[1])) {
            System.exit(fhirKeys(args[1], Arrays.copyOfRange(args, 2, args.length), System.out));
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
        try (ConfigurableApplicationContext context = withoutServing(args)) {
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

    private static final List<String> FHIR_KEY_COMMANDS = List.of("rotate-fhir", "retire-fhir", "jwks");

    /**
     * The keys of SMART Backend Services: {@code rotate-fhir} adds a key, published at once (running bridges see it at
     * their next request) and signed with from then on; {@code retire-fhir [kid]} removes that key, or every key older
     * than the signer; {@code jwks} prints the public keys, to register the bridge at an authorization server. Each
     * makes the first key when there is none.
     *
     * @param args the key id to retire (for {@code retire-fhir}, optional), then the bridge's settings
     */
    static int fhirKeys(String command, String[] args, PrintStream out) {
        Optional<String> keyId = command.equals("retire-fhir") && args.length > 0 && !args[0].startsWith("--")
                ? Optional.of(args[0]) : Optional.empty();
        String[] settings = keyId.isPresent() ? Arrays.copyOfRange(args, 1, args.length) : args;
        try (ConfigurableApplicationContext context = withoutServing(settings)) {
            FhirSigningKeys keys = context.getBean(FhirSigningKeys.class);
            switch (command) {
                case "rotate-fhir" -> out.println("Added FHIR signing key " + keys.rotate().getKeyID()
                        + ": published now and signed with from now on. Retire the older keys once the authorization"
                        + " servers have fetched the new JWKS: keys retire-fhir");
                case "retire-fhir" -> {
                    try {
                        List<String> retired = keys.retire(keyId);
                        out.println(retired.isEmpty() ? "No FHIR signing key to retire."
                                : "Retired FHIR signing keys " + String.join(", ", retired) + "; still published: "
                                + keys.publicKeys().getKeys().stream().map(JWK::getKeyID).toList());
                    } catch (IllegalArgumentException refused) {
                        out.println(refused.getMessage());
                        return 1;
                    }
                }
                default -> {
                    if (keys.publicKeys().isEmpty()) {
                        keys.rotate();
                    }
                    out.println(keys.publicKeys().toString(true));
                }
            }
            return 0;
        }
    }

    private static ConfigurableApplicationContext withoutServing(String[] args) {
        return new SpringApplicationBuilder(BridgeApplication.class)
                .web(WebApplicationType.NONE)
                .properties("db-scheduler.enabled=false", "iomt.webhook.secret=not-serving-not-serving")
                .run(args);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
