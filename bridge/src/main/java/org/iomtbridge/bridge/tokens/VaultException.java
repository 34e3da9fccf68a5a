package org.iomtbridge.bridge.tokens;

/** A sealed token that does not open. The message names the user and column, never the token. */
public final class VaultException extends RuntimeException {

    public VaultException(String message, Throwable cause) {
        super(message, cause);
    }
}
