package org.iomtbridge.fhirserver.http;

import ca.uhn.fhir.context.FhirContext;
import org.apache.catalina.core.StandardHost;
import org.iomtbridge.fhirserver.FhirServerProperties;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * The HTTP side of the server as FHIR clients expect it: FHIR's search syntax accepted as clients send it, every error
 * an OperationOutcome, and no body larger than {@code fhir-server.max-request-size}.
 */
@Configuration
public class HttpConfiguration {

    /**
     * FHIR token searches put {@code |} unencoded in the query ({@code identifier=system|value}), as every FHIR example
     * and curl user does, and clients send {@code [ ] { }} too; Tomcat refuses them unless told.
     */
    private static final String FHIR_SEARCH_CHARS = "|[]{}";

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> fhirFriendlyTomcat(FhirContext fhirContext) {
        return factory -> {
            factory.addConnectorCustomizers(connector -> {
                connector.setProperty("relaxedQueryChars", FHIR_SEARCH_CHARS);
                connector.setProperty("relaxedPathChars", FHIR_SEARCH_CHARS);
            });
            // The host installs its error report valve when it starts, unless one of that class is there already.
            factory.addContextCustomizers(context -> {
                StandardHost host = (StandardHost) context.getParent();
                host.setErrorReportValveClass(OperationOutcomeReportValve.class.getName());
                host.getPipeline().addValve(new OperationOutcomeReportValve(fhirContext));
            });
        };
    }

    @Bean
    FilterRegistrationBean<RequestSizeLimit> requestSizeLimit(FhirServerProperties properties) {
        FilterRegistrationBean<RequestSizeLimit> registration =
                new FilterRegistrationBean<>(new RequestSizeLimit(properties.maxRequestSize()));
        // Before authentication and before anything reads the body.
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}
