package org.iomtbridge.bridge.fhirwrite;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import org.iomtbridge.bridge.tokens.SealedFile;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * The bridge's own keys for SMART Backend Services: it signs its client assertions with the newest, and publishes the
 * public parts of all of them (its JWKS), so that an authorization server knows a new key before the bridge uses it
 * and still knows the old one until it is retired. Kept sealed with the token vault's keyset; another process that
 * rotates them ({@code ./iomt-bridge keys rotate-fhir}) replaces the file, which this one notices at its next use.
 */
public final class FhirSigningKeys {

    static final String PURPOSE = "FHIR signing keys";

    private record Loaded(Optional<SealedFile.Version> version, JWKSet keys) {
    }

    private final SealedFile file;
    private final FhirWriterProperties.SigningAlgorithm algorithmOfNewKeys;
    private final Clock clock;
    private Loaded loaded = new Loaded(Optional.empty(), new JWKSet());

    public FhirSigningKeys(SealedFile file, FhirWriterProperties.SigningAlgorithm algorithmOfNewKeys, Clock clock) {
        this.file = file;
        this.algorithmOfNewKeys = algorithmOfNewKeys;
        this.clock = clock;
    }

    /** The public parts of every key, as published at {@code /.well-known/jwks.json}; none before the first is made. */
    public synchronized JWKSet publicKeys() {
        return current().toPublicJWKSet();
    }

    /** The key to sign with: the newest, made on first use. */
    synchronized JWK signer() {
        List<JWK> keys = current().getKeys();
        return keys.isEmpty() ? add() : keys.get(keys.size() - 1);
    }

    /** Adds a new key, published at once and the signer from now on; the older keys stay published. */
    public synchronized JWK rotate() {
        return add().toPublicJWK();
    }

    private JWK add() {
        List<JWK> keys = new ArrayList<>(current().getKeys());
        JWK added = generate();
        keys.add(added);
        store(keys);
        return added;
    }

    /**
     * Removes the key {@code keyId}, or with none every key older than the signer, once the authorization servers no
     * longer need them; the signer itself cannot be retired.
     *
     * @return the ids of the keys removed
     */
    public synchronized List<String> retire(Optional<String> keyId) {
        List<JWK> keys = new ArrayList<>(current().getKeys());
        if (keys.isEmpty()) {
            return List.of();
        }
        JWK signer = keys.get(keys.size() - 1);
        if (keyId.filter(signer.getKeyID()::equals).isPresent()) {
            throw new IllegalArgumentException("Key " + signer.getKeyID() + " is the one the bridge signs with: rotate"
                    + " first (keys rotate-fhir), then retire it");
        }
        List<JWK> retired = keys.stream().filter(key -> key != signer)
                .filter(key -> keyId.map(key.getKeyID()::equals).orElse(true)).toList();
        if (keyId.isPresent() && retired.isEmpty()) {
            throw new IllegalArgumentException("There is no FHIR signing key " + keyId.get() + "; the keys are "
                    + keys.stream().map(JWK::getKeyID).toList());
        }
        keys.removeAll(retired);
        store(keys);
        return retired.stream().map(JWK::getKeyID).toList();
    }

    private JWKSet current() {
        Optional<SealedFile.Version> now = file.version();
        if (!now.equals(loaded.version())) {
            JWKSet keys = file.read().map(FhirSigningKeys::parse).orElseGet(JWKSet::new);
            loaded = new Loaded(now, keys);
        }
        return loaded.keys();
    }

    private void store(List<JWK> keys) {
        JWKSet set = new JWKSet(keys);
        file.write(set.toString(false).getBytes(StandardCharsets.UTF_8));
        loaded = new Loaded(file.version(), set);
    }

    private JWK generate() {
        Date now = Date.from(clock.instant());
        try {
            return switch (algorithmOfNewKeys) {
                case RS384 -> new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS384)
                        .keyIDFromThumbprint(true).issueTime(now).generate();
                case ES384 -> new ECKeyGenerator(Curve.P_384).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES384)
                        .keyIDFromThumbprint(true).issueTime(now).generate();
            };
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot make a " + algorithmOfNewKeys + " signing key", e);
        }
    }

    private static JWKSet parse(byte[] json) {
        try {
            return JWKSet.parse(new String(json, StandardCharsets.UTF_8));
        } catch (ParseException e) {
            throw new IllegalStateException("The bridge's FHIR signing keys opened but are not a JWK set", e);
        }
    }
}
