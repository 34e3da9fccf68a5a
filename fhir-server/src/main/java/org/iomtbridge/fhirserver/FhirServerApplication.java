package org.iomtbridge.fhirserver;

import ca.uhn.fhir.batch2.jobs.config.Batch2JobsConfig;
import ca.uhn.fhir.jpa.api.config.ThreadPoolFactoryConfig;
import ca.uhn.fhir.jpa.batch2.JpaBatch2Config;
import ca.uhn.fhir.jpa.config.r4.JpaR4Config;
import ca.uhn.fhir.jpa.subscription.channel.config.SubscriptionChannelConfig;
import ca.uhn.fhir.jpa.subscription.match.config.SubscriptionProcessorConfig;
import ca.uhn.fhir.jpa.subscription.match.config.WebsocketDispatcherConfig;
import ca.uhn.fhir.jpa.subscription.submit.config.SubscriptionSubmitterConfig;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;

/**
 * An embedded HAPI FHIR JPA server (R4) at {@code /fhir}: {@code ./iomt-bridge fhir-server}. HAPI's own
 * configurations bring the storage, subscriptions (rest-hook and websocket) and batch jobs (bulk export); this
 * application adds the database, the servlet and the server settings.
 */
@SpringBootApplication
@EnableConfigurationProperties(FhirServerProperties.class)
@Import({
        JpaR4Config.class,
        ThreadPoolFactoryConfig.class,
        SubscriptionSubmitterConfig.class,
        SubscriptionProcessorConfig.class,
        SubscriptionChannelConfig.class,
        WebsocketDispatcherConfig.class,
        JpaBatch2Config.class,
        Batch2JobsConfig.class})
public class FhirServerApplication {

    public static void main(String[] args) {
        SpringApplication.run(FhirServerApplication.class, args);
    }
}
