package org.iomtbridge.bridge.tokens;

import com.google.crypto.tink.KeysetHandle;

/**
 * Where the vault's keys live: a file, an environment variable, or a key management service. Rotation writes a
 * keyset back; a read-only source refuses that with a message saying where to put the new keyset.
 */
public interface KeysetSource {

    KeysetHandle load();

    void store(KeysetHandle keyset);

    /** Where the keyset is, for messages: never the key material. */
    String describe();
}
