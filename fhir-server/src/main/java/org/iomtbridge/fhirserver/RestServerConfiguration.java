package org.iomtbridge.fhirserver;

import ca.uhn.fhir.batch2.jobs.export.BulkDataExportProvider;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.provider.IJpaSystemProvider;
import ca.uhn.fhir.jpa.provider.JpaCapabilityStatementProvider;
import ca.uhn.fhir.jpa.search.DatabaseBackedPagingProvider;
import ca.uhn.fhir.narrative2.NullNarrativeGenerator;
import ca.uhn.fhir.rest.server.IncomingRequestAddressStrategy;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.interceptor.CorsInterceptor;
import ca.uhn.fhir.rest.server.interceptor.ResponseHighlighterInterceptor;
import ca.uhn.fhir.rest.server.provider.ResourceProviderFactory;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import org.iomtbridge.fhirserver.access.ScopeAuthorization;
import org.springframework.beans.factory.config.AutowireCapableBeanFactory;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.cors.CorsConfiguration;

import java.util.List;

/**
 * The FHIR REST API at {@code /fhir}: HAPI's resource and system providers, bulk export, paging, CORS, and — unless
 * anyone may do anything — the authorization rules of the caller.
 */
@Configuration
public class RestServerConfiguration {

    @Bean
    public RestfulServer restfulServer(IFhirSystemDao<?, ?> systemDao, ResourceProviderFactory resourceProviders,
                                       IJpaSystemProvider systemProvider, JpaStorageSettings storageSettings,
                                       ISearchParamRegistry searchParamRegistry, IValidationSupport validationSupport,
                                       DatabaseBackedPagingProvider pagingProvider,
                                       BulkDataExportProvider bulkDataExportProvider,
                                       FhirServerProperties properties) {
        RestfulServer server = new RestfulServer(systemDao.getContext());
        systemDao.getContext().setNarrativeGenerator(new NullNarrativeGenerator());
        server.registerProviders(resourceProviders.createProviders());
        server.registerProvider(systemProvider);
        server.registerProvider(bulkDataExportProvider);
        server.setServerConformanceProvider(new JpaCapabilityStatementProvider(server, systemDao, storageSettings,
                searchParamRegistry, validationSupport));
        server.setPagingProvider(pagingProvider);
        server.setServerAddressStrategy(new IncomingRequestAddressStrategy());
        server.registerInterceptor(new ResponseHighlighterInterceptor());
        if (properties.auth().type() != FhirServerProperties.AuthType.NONE) {
            server.registerInterceptor(new ScopeAuthorization());
        }
        if (!properties.corsAllowedOrigins().isEmpty()) {
            server.registerInterceptor(cors(properties.corsAllowedOrigins()));
        }
        server.registerInterceptor(new BundleInteractions(properties.transactions()));
        return server;
    }

    @Bean
    public ServletRegistrationBean<RestfulServer> fhirServlet(RestfulServer server, AutowireCapableBeanFactory beanFactory) {
        beanFactory.autowireBean(server);
        ServletRegistrationBean<RestfulServer> registration = new ServletRegistrationBean<>(server, "/fhir/*");
        registration.setLoadOnStartup(1);
        return registration;
    }

    private static CorsInterceptor cors(List<String> origins) {
        CorsConfiguration config = new CorsConfiguration();
        List.of("Origin", "Accept", "Content-Type", "Authorization", "Cache-Control", "X-Requested-With", "Prefer")
                .forEach(config::addAllowedHeader);
        origins.forEach(config::addAllowedOriginPattern);
        config.addExposedHeader("Location");
        config.addExposedHeader("Content-Location");
        config.setAllowedMethods(List.of("GET", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "HEAD"));
        return new CorsInterceptor(config);
    }
}
