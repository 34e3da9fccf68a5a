package org.iomtbridge.bridge.tokens;

import org.springframework.stereotype.Service;

/** {@code ./iomt-bridge keys rotate}: a new primary key, and every stored token sealed again with it. */
@Service
public class KeyRotation {

    /**
     * What a rotation did.
     *
     * @param unreadableUsers users whose stored tokens no longer open; they must authorize again
     */
    public record Result(int keysInKeyset, int usersResealed, java.util.List<String> unreadableUsers) {
    }

    private final KeyRing keys;
    private final TokenStore tokens;

    public KeyRotation(KeyRing keys, TokenStore tokens) {
        this.keys = keys;
        this.tokens = tokens;
    }

    public Result rotate() {
        TokenStore.Resealed[] resealed = new TokenStore.Resealed[1];
        int keysInKeyset = keys.rotate(vault -> {
            resealed[0] = tokens.resealAll(vault);
            return resealed[0].users();
        });
        return new Result(keysInKeyset, resealed[0].users(), resealed[0].unreadable());
    }
}
