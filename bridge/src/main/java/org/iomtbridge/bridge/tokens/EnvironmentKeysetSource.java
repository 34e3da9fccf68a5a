package org.iomtbridge.bridge.tokens;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;

import java.security.GeneralSecurityException;
import java.util.function.Function;

/** A Tink JSON keyset in an environment variable, as a secret manager injects it. Read-only. */
public final class EnvironmentKeysetSource implements KeysetSource {

    private final String variable;
    private final Function<String, String> environment;

    public EnvironmentKeysetSource(String variable, Function<String, String> environment) {
        this.variable = variable;
        this.environment = environment;
    }

    @Override
    public KeysetHandle load() {
        String json = environment.apply(variable);
        if (json == null || json.isBlank()) {
            throw new IllegalStateException("The environment variable " + variable
                    + " named by iomt.vault.keyset-env is empty: put the vault's Tink JSON keyset in it");
        }
        try {
            return TinkJsonProtoKeysetFormat.parseKeyset(json, InsecureSecretKeyAccess.get());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The environment variable " + variable + " does not hold a valid Tink keyset", e);
        }
    }

    @Override
    public void store(KeysetHandle keyset) {
        throw new UnsupportedOperationException("The keyset comes from the environment variable " + variable
                + ", which the bridge cannot change: rotate with a keyset file (iomt.vault.keyset-file), then put the"
                + " new keyset in " + variable);
    }

    @Override
    public String describe() {
        return "environment variable " + variable;
    }
}
