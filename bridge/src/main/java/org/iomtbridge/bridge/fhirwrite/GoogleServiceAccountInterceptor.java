package org.iomtbridge.bridge.fhirwrite;

import ca.uhn.fhir.rest.client.api.IClientInterceptor;
import ca.uhn.fhir.rest.client.api.IHttpRequest;
import ca.uhn.fhir.rest.client.api.IHttpResponse;
import com.google.auth.oauth2.ServiceAccountCredentials;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A Google service account towards the FHIR server (Cloud Healthcare API): Google's auth library signs a JWT with the
 * key of the service account's key file and exchanges it by the JWT bearer grant at the key's {@code token_uri}; the
 * access token is kept by the library and renewed before it expires. A 401 has the next request ask for a new one.
 */
final class GoogleServiceAccountInterceptor implements IClientInterceptor {

    static final String CLOUD_HEALTHCARE_SCOPE = "https://www.googleapis.com/auth/cloud-healthcare";

    private final ServiceAccountCredentials credentials;
    private volatile boolean refused;

    private GoogleServiceAccountInterceptor(ServiceAccountCredentials credentials) {
        this.credentials = credentials;
    }

    /**
     * @param keyFile the service account's JSON key, readable by this user only
     * @param scope   space-separated OAuth2 scopes; blank for the Cloud Healthcare API's
     */
    static GoogleServiceAccountInterceptor fromKeyFile(Path keyFile, String scope) {
        refuseIfOthersCanRead(keyFile);
        try (InputStream in = Files.newInputStream(keyFile)) {
            ServiceAccountCredentials credentials = ServiceAccountCredentials.fromStream(in);
            List<String> scopes = scope == null || scope.isBlank() ? List.of(CLOUD_HEALTHCARE_SCOPE)
                    : List.of(scope.trim().split("\\s+"));
            return new GoogleServiceAccountInterceptor((ServiceAccountCredentials) credentials.createScoped(scopes));
        } catch (IOException e) {
            // The library's message names the missing field; it never quotes the key.
            throw new IllegalStateException("iomt.fhir.auth.credentials-file " + keyFile
                    + " is not a readable Google service account key (JSON with client_email, private_key,"
                    + " private_key_id and token_uri): " + e.getMessage(), e);
        }
    }

    private static void refuseIfOthersCanRead(Path keyFile) {
        if (!Files.isRegularFile(keyFile)) {
            throw new IllegalStateException("iomt.fhir.auth.credentials-file " + keyFile + " is not a file");
        }
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        try {
            Set<PosixFilePermission> open = EnumSet.noneOf(PosixFilePermission.class);
            Files.getPosixFilePermissions(keyFile).stream()
                    .filter(permission -> !permission.name().startsWith("OWNER_")).forEach(open::add);
            if (!open.isEmpty()) {
                throw new IllegalStateException("iomt.fhir.auth.credentials-file " + keyFile
                        + " holds a private key but other users have access to it (" + open + "); make it"
                        + " owner-only: chmod 600 " + keyFile);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the permissions of " + keyFile, e);
        }
    }

    @Override
    public void interceptRequest(IHttpRequest request) {
        request.addHeader("Authorization", "Bearer " + token());
    }

    @Override
    public void interceptResponse(IHttpResponse response) {
        if (response.getStatus() == 401) {
            refused = true;
        }
    }

    private String token() {
        try {
            if (refused) {
                refused = false;
                credentials.refresh();
            } else {
                credentials.refreshIfExpired();
            }
            return credentials.getAccessToken().getTokenValue();
        } catch (IOException e) {
            throw new UncheckedIOException("The token endpoint " + credentials.getTokenServerUri() + " gave the service"
                    + " account " + credentials.getClientEmail() + " no access token; check its key, its roles and"
                    + " iomt.fhir.auth.scope: " + e.getMessage(), e);
        }
    }
}
