package org.iomtbridge.fhirserver;

import ca.uhn.fhir.jpa.subscription.match.deliver.email.IEmailSender;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Subscriptions deliver by rest-hook and websocket; this server has no mail channel. */
@Configuration
public class SubscriptionConfiguration {

    /**
     * HAPI's subscription processor wants a mail sender even when the email channel is off (it is not among the
     * supported channel types, so no email subscription can be created); one that refuses says so if it is ever called.
     */
    @Bean
    public IEmailSender emailSender() {
        return details -> {
            throw new UnsupportedOperationException("This FHIR server has no email channel; use rest-hook or websocket"
                    + " subscriptions");
        };
    }
}
