package org.iomtbridge.bridge.fhirwrite;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BasicAuthInterceptor;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import io.micrometer.core.instrument.MeterRegistry;
import org.iomtbridge.mapping.fhir.FhirJson;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

import java.time.Clock;

/** The FHIR client of the writer, from {@code iomt.fhir.*}. */
@Configuration
public class FhirWriterConfiguration {

    /** The client of the configured FHIR server, shared by the writer and by what reads back (reconciliation). */
    @Bean
    IGenericClient fhirClient(FhirWriterProperties properties) {
        return client(properties);
    }

    @Bean
    FhirWriter fhirWriter(IGenericClient fhirClient, FhirWriterProperties properties, MeterRegistry meters,
                          TargetServerWatch targetServer) {
        return new FhirWriter(fhirClient, properties, meters, targetServer);
    }

    /** The target's capabilities, against what the enabled features declare they write ({@link FhirWrites} beans). */
    @Bean
    TargetServerWatch targetServer(IGenericClient fhirClient, ObjectProvider<FhirWrites> writes,
                                   FhirWriterProperties properties, Clock clock) {
        return new TargetServerWatch(TargetServerWatch.reading(fhirClient), writes.orderedStream().toList(), properties,
                clock);
    }

    /** The target is read once the bridge started, so that a server that cannot take the writes is named at once. */
    @EventListener
    void readTargetAtStart(ApplicationReadyEvent started) {
        started.getApplicationContext().getBean(TargetServerWatch.class).refresh();
    }

    /** A generic client of the configured server, authenticated as configured. */
    public static IGenericClient client(FhirWriterProperties properties) {
        if (properties.baseUrl() == null || properties.baseUrl().isBlank()) {
            throw new IllegalStateException("iomt.fhir.base-url is not set: give the FHIR R4 base URL the bridge writes"
                    + " to, for example http://localhost:8082/fhir");
        }
        FhirContext context = FhirJson.context();
        context.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
        context.getRestfulClientFactory().setSocketTimeout((int) properties.timeout().toMillis());
        IGenericClient client = context.newRestfulGenericClient(properties.baseUrl());
        FhirWriterProperties.Auth auth = properties.auth();
        switch (auth.type()) {
            case BASIC -> client.registerInterceptor(new BasicAuthInterceptor(required(auth.username(), "username"),
                    required(auth.password(), "password")));
            case BEARER -> client.registerInterceptor(new BearerTokenAuthInterceptor(required(auth.token(), "token")));
            case CLIENT_CREDENTIALS -> client.registerInterceptor(new ClientCredentialsInterceptor(
                    java.net.URI.create(required(auth.tokenUrl() == null ? null : auth.tokenUrl().toString(), "token-url")),
                    required(auth.clientId(), "client-id"), required(auth.clientSecret(), "client-secret"), auth.scope(),
                    java.time.Clock.systemUTC()));
            case NONE -> {
            }
        }
        return client;
    }

    private static String required(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("iomt.fhir.auth." + name + " is not set, but iomt.fhir.auth.type asks for it");
        }
        return value;
    }
}
