package org.iomtbridge.bridge.fhirwrite;

import ca.uhn.fhir.rest.client.api.IClientInterceptor;
import ca.uhn.fhir.rest.client.api.IHttpRequest;
import ca.uhn.fhir.rest.client.api.IHttpResponse;
import ca.uhn.fhir.rest.client.apache.ApacheHttpRequest;
import org.apache.http.HttpEntity;
import org.apache.http.HttpEntityEnclosingRequest;
import org.apache.http.util.EntityUtils;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * AWS Signature Version 4 on every request to the FHIR server (AWS HealthLake), with the AWS SDK's own signer: the
 * method, path, query, {@code Host}, {@code X-Amz-Date}, the {@code Content-Type} and the SHA-256 of the body are
 * signed, so a request changed on the way is refused. The credentials come from the provider on each request, so
 * temporary ones (roles) are renewed by the provider, never kept here.
 */
final class AwsSigV4Interceptor implements IClientInterceptor {

    /** The headers the signer adds; an earlier attempt's are replaced, not signed again. */
    private static final Set<String> SIGNATURE_HEADERS = Set.of("Host", "Authorization", "X-Amz-Date",
            "X-Amz-Security-Token", "x-amz-content-sha256");

    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private final AwsCredentialsProvider credentials;
    private final String region;
    private final String service;
    private final Clock clock;

    AwsSigV4Interceptor(AwsCredentialsProvider credentials, String region, String service, Clock clock) {
        this.credentials = credentials;
        this.region = region;
        this.service = service;
        this.clock = clock;
    }

    @Override
    public void interceptRequest(IHttpRequest request) {
        SIGNATURE_HEADERS.forEach(request::removeHeaders);
        Map<String, String> given = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        request.getAllHeaders().entrySet().stream()
                .filter(header -> header.getKey().equalsIgnoreCase("Content-Type") && !header.getValue().isEmpty())
                .forEach(header -> given.put(header.getKey(), header.getValue().get(0)));
        // Host is sent as signed: the HTTP client then keeps it rather than writing its own.
        signatureHeaders(request.getHttpVerbName(), URI.create(request.getUri()), given, body(request))
                .forEach((name, values) -> {
                    if (!given.containsKey(name)) {
                        values.forEach(value -> request.addHeader(name, value));
                    }
                });
    }

    @Override
    public void interceptResponse(IHttpResponse response) {
        // Nothing to keep: each request is signed on its own.
    }

    /**
     * The headers of the request once signed: those given, and what the signature adds ({@code Host},
     * {@code X-Amz-Date}, {@code Authorization}, {@code X-Amz-Security-Token} for temporary credentials).
     */
    Map<String, List<String>> signatureHeaders(String method, URI uri, Map<String, String> headers, byte[] body) {
        SdkHttpRequest.Builder unsigned = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method)).uri(uri);
        headers.forEach(unsigned::putHeader);
        SignedRequest signedRequest = signer.sign(signing -> signing
                .identity(credentials.resolveCredentials())
                .request(unsigned.build())
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, clock));
        return signedRequest.request().headers();
    }

    /** The body exactly as it will be sent: HAPI's Apache request holds it as a repeatable entity. */
    private static byte[] body(IHttpRequest request) {
        try {
            if (request instanceof ApacheHttpRequest apache
                    && apache.getApacheRequest() instanceof HttpEntityEnclosingRequest enclosing) {
                HttpEntity entity = enclosing.getEntity();
                if (entity == null) {
                    return new byte[0];
                }
                if (!entity.isRepeatable()) {
                    throw new IllegalStateException("A FHIR request body that can be read only once cannot be signed");
                }
                return EntityUtils.toByteArray(entity);
            }
            String body = request.getRequestBodyFromStream();
            return body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("The FHIR request's body could not be read to sign it", e);
        }
    }
}
