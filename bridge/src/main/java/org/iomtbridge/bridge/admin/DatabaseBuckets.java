package org.iomtbridge.bridge.admin;

import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ClientSideConfig;
import io.github.bucket4j.distributed.proxy.generic.compare_and_swap.AbstractCompareAndSwapBasedProxyManager;
import io.github.bucket4j.distributed.proxy.generic.compare_and_swap.AsyncCompareAndSwapOperation;
import io.github.bucket4j.distributed.proxy.generic.compare_and_swap.CompareAndSwapOperation;
import io.github.bucket4j.distributed.remote.RemoteBucketState;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Bucket4j's buckets in the {@code login_throttle} table, by compare-and-swap of their state: shared by every instance,
 * on PostgreSQL and on H2 alike (Bucket4j's own PostgreSQL backend speaks a dialect H2 does not). A row expires when
 * its bucket is full again, as if it had never been used.
 */
final class DatabaseBuckets extends AbstractCompareAndSwapBasedProxyManager<String> {

    private static final ExpirationAfterWriteStrategy UNTIL_FULL =
            ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ZERO);

    private final JdbcClient jdbc;

    DatabaseBuckets(JdbcClient jdbc) {
        super(ClientSideConfig.getDefault());
        this.jdbc = jdbc;
    }

    /** Deletes the rows of buckets that are full again. */
    void forgetFullBuckets() {
        jdbc.sql("delete from login_throttle where expires_at < :now").param("now", Timestamp.from(Instant.now()))
                .update();
    }

    @Override
    protected CompareAndSwapOperation beginCompareAndSwapOperation(String key) {
        return new CompareAndSwapOperation() {
            @Override
            public Optional<byte[]> getStateData(Optional<Long> timeoutNanos) {
                return jdbc.sql("select state from login_throttle where subject = :key").param("key", key)
                        .query(byte[].class).optional();
            }

            @Override
            public boolean compareAndSwap(byte[] original, byte[] updated, RemoteBucketState state,
                                          Optional<Long> timeoutNanos) {
                long nowNanos = currentTimeNanos();
                Timestamp expires = Timestamp.from(Instant.ofEpochMilli(nowNanos / 1_000_000
                        + UNTIL_FULL.calculateTimeToLiveMillis(state, nowNanos)));
                if (original == null) {
                    return jdbc.sql("insert into login_throttle (subject, state, expires_at) values (:key, :state,"
                                    + " :expires) on conflict do nothing")
                            .param("key", key).param("state", updated).param("expires", expires).update() == 1;
                }
                return jdbc.sql("update login_throttle set state = :state, expires_at = :expires"
                                + " where subject = :key and state = :original")
                        .param("state", updated).param("expires", expires).param("key", key)
                        .param("original", original).update() == 1;
            }
        };
    }

    @Override
    protected AsyncCompareAndSwapOperation beginAsyncCompareAndSwapOperation(String key) {
        throw new UnsupportedOperationException("the login throttle is used synchronously");
    }

    @Override
    public void removeProxy(String key) {
        jdbc.sql("delete from login_throttle where subject = :key").param("key", key).update();
    }

    @Override
    protected CompletableFuture<Void> removeAsync(String key) {
        throw new UnsupportedOperationException("the login throttle is used synchronously");
    }

    @Override
    public boolean isAsyncModeSupported() {
        return false;
    }
}
