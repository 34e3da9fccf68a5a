package org.iomtbridge.fhirserver;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.boot.web.embedded.tomcat.TomcatWebServer;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/** The FHIR server started as the launcher starts it, on a free port, reached over HTTP with HAPI's generic client. */
final class RunningFhirServer implements AutoCloseable {

    private static final FhirContext FHIR = FhirContext.forR4Cached();

    private final ConfigurableApplicationContext context;
    private final String baseUrl;

    private RunningFhirServer(ConfigurableApplicationContext context) {
        this.context = context;
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        this.baseUrl = "http://127.0.0.1:" + port + "/fhir";
    }

    static RunningFhirServer start(String... properties) {
        List<String> args = new ArrayList<>(List.of("--server.port=0"));
        for (String property : properties) {
            args.add("--" + property);
        }
        return new RunningFhirServer(new SpringApplicationBuilder(FhirServerApplication.class)
                .run(args.toArray(String[]::new)));
    }

    String baseUrl() {
        return baseUrl;
    }

    int port() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    /** The address the server's own connector says it is bound to. */
    InetAddress boundAddress() {
        return (InetAddress) ((TomcatWebServer) ((WebServerApplicationContext) context).getWebServer()).getTomcat()
                .getConnector().getProperty("address");
    }

    IGenericClient client() {
        FHIR.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
        FHIR.getRestfulClientFactory().setSocketTimeout(60_000);
        return FHIR.newRestfulGenericClient(baseUrl);
    }

    @Override
    public void close() {
        context.close();
    }
}
