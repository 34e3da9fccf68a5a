package org.iomtbridge.emulator;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Settings of the emulator, under {@code emulator.*}.
 *
 * @param client            the one registered Withings application
 * @param rateLimitPerMinute requests per client in any 60 seconds before status 601
 * @param pageSize          groups (or items) per page of the paged calls
 * @param users             simulated users created at start
 * @param historyDays       days of history generated for each of them
 * @param seed              seed of the generated histories: the same seed gives the same data
 * @param timeScale         divides Withings' notification retry delays (1 = real time; 1000 turns 10 s into 10 ms)
 * @param dataDir           where a generated client secret is written when none is configured
 */
@ConfigurationProperties("emulator")
public record EmulatorProperties(Client client, int rateLimitPerMinute, int pageSize, int users, int historyDays,
                                 long seed, double timeScale, Path dataDir, Duration notificationTimeout) {

    public EmulatorProperties {
        client = client == null ? new Client(null, null, null) : client;
        rateLimitPerMinute = rateLimitPerMinute <= 0 ? 120 : rateLimitPerMinute;
        pageSize = pageSize <= 0 ? 100 : pageSize;
        users = users < 0 ? 3 : users;
        timeScale = timeScale <= 0 ? 1 : timeScale;
        dataDir = dataDir == null ? Path.of("data", "emulator") : dataDir;
        notificationTimeout = notificationTimeout == null ? Duration.ofSeconds(2) : notificationTimeout;
    }

    /**
     * @param id                 the client id
     * @param secret             the client secret; generated and written to {@code dataDir/client.properties} when empty
     * @param redirectUriPrefixes the redirect URIs the application registered, as prefixes
     */
    public record Client(String id, String secret, List<String> redirectUriPrefixes) {

        public Client {
            id = id == null || id.isBlank() ? "iomt-bridge-demo" : id;
            redirectUriPrefixes = redirectUriPrefixes == null || redirectUriPrefixes.isEmpty()
                    ? List.of("http://localhost", "http://127.0.0.1") : List.copyOf(redirectUriPrefixes);
        }
    }
}
