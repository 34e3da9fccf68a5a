package org.iomtbridge.bridge.tokens;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.AeadConfig;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

/**
 * Seals tokens with Tink's AEAD (AES-256-GCM). The associated data binds each ciphertext to its owner and column:
 * a ciphertext copied to another user's row, or from the refresh to the access column, does not open.
 */
public final class TokenVault {

    /** Which token a ciphertext holds. */
    public enum Column { ACCESS_TOKEN, REFRESH_TOKEN }

    static {
        try {
            AeadConfig.register();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Aead aead;

    public TokenVault(KeysetHandle keyset) {
        try {
            this.aead = keyset.getPrimitive(RegistryConfiguration.get(), Aead.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The vault's keyset holds no usable AEAD key", e);
        }
    }

    public byte[] seal(String plaintext, String withingsUserId, Column column) {
        try {
            return aead.encrypt(plaintext.getBytes(StandardCharsets.UTF_8), associatedData(withingsUserId, column));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot seal a token of Withings user " + withingsUserId, e);
        }
    }

    /**
     * @throws VaultException when the ciphertext was not sealed for this user and column, or with a key the vault
     *                        no longer holds
     */
    public String open(byte[] ciphertext, String withingsUserId, Column column) {
        try {
            return new String(aead.decrypt(ciphertext, associatedData(withingsUserId, column)), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new VaultException("The " + column.name().toLowerCase().replace('_', ' ') + " of Withings user "
                    + withingsUserId + " does not open: it was sealed for another row or with a key the vault no longer"
                    + " holds. The user must authorize again.", e);
        }
    }

    /**
     * Seals a secret of the bridge's own (such as its signing keys) for one purpose: a ciphertext sealed for one
     * purpose does not open for another.
     */
    public byte[] sealSecret(byte[] plaintext, String purpose) {
        try {
            return aead.encrypt(plaintext, secretAssociatedData(purpose));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot seal the bridge's " + purpose, e);
        }
    }

    /** @throws VaultException when the ciphertext was not sealed for this purpose, or with a key the vault no longer holds */
    public byte[] openSecret(byte[] ciphertext, String purpose) {
        try {
            return aead.decrypt(ciphertext, secretAssociatedData(purpose));
        } catch (GeneralSecurityException e) {
            throw new VaultException("The bridge's sealed " + purpose + " do not open: they were sealed with a key the"
                    + " token vault's keyset no longer holds, or changed on disk", e);
        }
    }

    private static byte[] secretAssociatedData(String purpose) {
        return ("iomt-bridge/secret/v1/" + purpose).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] associatedData(String withingsUserId, Column column) {
        return ("iomt-bridge/token/v1/" + withingsUserId + "/" + column.name()).getBytes(StandardCharsets.UTF_8);
    }
}
