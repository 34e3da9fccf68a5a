package org.iomtbridge.bridge.tokens;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.aead.PredefinedAeadParameters;

import java.security.GeneralSecurityException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The vault of the current keyset. Another instance may rotate the keys: a ciphertext that does not open makes the
 * ring read the keyset again once before it gives up.
 */
public final class KeyRing {

    private final KeysetSource source;
    private final AtomicReference<TokenVault> vault;

    public KeyRing(KeysetSource source) {
        this.source = source;
        this.vault = new AtomicReference<>(new TokenVault(source.load()));
    }

    public byte[] seal(String plaintext, String withingsUserId, TokenVault.Column column) {
        return vault.get().seal(plaintext, withingsUserId, column);
    }

    public String open(byte[] ciphertext, String withingsUserId, TokenVault.Column column) {
        return opened(current -> current.open(ciphertext, withingsUserId, column));
    }

    /** Seals a secret of the bridge's own with the primary key; see {@link TokenVault#sealSecret}. */
    public byte[] sealSecret(byte[] plaintext, String purpose) {
        return vault.get().sealSecret(plaintext, purpose);
    }

    /** Opens a sealed secret, reading the keyset again once when it was sealed with a key this ring does not hold yet. */
    public byte[] openSecret(byte[] ciphertext, String purpose) {
        return opened(current -> current.openSecret(ciphertext, purpose));
    }

    private <T> T opened(Function<TokenVault, T> open) {
        try {
            return open.apply(vault.get());
        } catch (VaultException first) {
            TokenVault reloaded = new TokenVault(source.load());
            vault.set(reloaded);
            return open.apply(reloaded);
        }
    }

    /**
     * Adds a new primary key and keeps the old ones, stores the keyset, and hands the new vault to {@code reseal}
     * (which re-encrypts every ciphertext); returns the number of keys now in the keyset.
     */
    public int rotate(Function<TokenVault, Integer> reseal) {
        try {
            KeysetHandle current = source.load();
            KeysetHandle rotated = KeysetHandle.newBuilder(current)
                    .addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
                            .withRandomId().makePrimary())
                    .build();
            source.store(rotated);
            TokenVault next = new TokenVault(rotated);
            vault.set(next);
            reseal.apply(next);
            return rotated.size();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot add a key to the vault's keyset in " + source.describe(), e);
        }
    }
}
