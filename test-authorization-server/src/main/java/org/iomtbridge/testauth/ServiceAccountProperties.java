package org.iomtbridge.testauth;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Set;

/**
 * A stand-in for a Google service account, under {@code test-authorization-server.service-account.*}: who it is and
 * the public half of its key, with which the JWT bearer grant checks its assertions. Absent, the grant is refused.
 *
 * @param clientEmail the account's id, the {@code iss} of its assertions (Google's {@code client_email})
 * @param publicKey   its RSA public key, Base64 of the X.509 SubjectPublicKeyInfo
 * @param scopes      the scopes it may be given
 * @param audience    the {@code aud} its assertions must name; this server's token endpoint unless set. Google's
 *                    library names Google's token endpoint ({@code https://oauth2.googleapis.com/token}) whatever the
 *                    key's {@code token_uri}, so a stand-in for Google accepts that
 */
@ConfigurationProperties("test-authorization-server.service-account")
public record ServiceAccountProperties(String clientEmail, String publicKey, Set<String> scopes, String audience) {

    public ServiceAccountProperties {
        scopes = scopes == null ? Set.of() : Set.copyOf(scopes);
    }

    boolean configured() {
        return clientEmail != null && !clientEmail.isBlank() && publicKey != null && !publicKey.isBlank();
    }

    RSAPublicKey rsaPublicKey() {
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(publicKey.strip())));
        } catch (Exception e) {
            throw new IllegalStateException("test-authorization-server.service-account.public-key is not the Base64 of"
                    + " an RSA public key (X.509 SubjectPublicKeyInfo)", e);
        }
    }
}
