package org.iomtbridge.bridge.withings;

import io.github.bucket4j.Bucket;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import org.iomtbridge.withings.CallGate;
import org.iomtbridge.withings.WithingsCall;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Withings' application-wide rate limit as one token bucket: in PostgreSQL, shared by every instance of the bridge;
 * in memory on H2, where the bridge runs alone. The bucket holds a small burst and refills the rest of the limit,
 * less a 5 % margin, over each minute, so that no 60-second window — wherever it falls — holds more calls than the
 * limit. A 601 from Withings all the same empties the bucket for about a minute, for every instance.
 * <p>
 * Live syncs reserve their call: when the bucket is empty they take a token ahead and wait for it, which puts the
 * bucket in debt. Backfills only take a token that is there ({@link #enterYielding}): while any live call waits, the
 * bucket is in debt and they wait too, so a live call never queues behind the backfills of every instance.
 */
@Component
class WithingsRateLimit implements CallGate {

    private static final Logger LOG = LoggerFactory.getLogger(WithingsRateLimit.class);
    private static final long BUCKET_ID = 1;
    /** A yielding call looks again at least this often, and with up to this much jitter, so instances do not align. */
    private static final long MIN_YIELD_MILLIS = 50;
    private static final long MAX_YIELD_MILLIS = 2_000;

    private final Bucket bucket;
    private final long perMinute;

    private final Counter pauses;

    public WithingsRateLimit(DataSource dataSource, WithingsProperties properties, MeterRegistry meters) {
        this.pauses = meters.counter("iomt.withings.rate.limit.pauses");
        this.perMinute = properties.rateLimitPerMinute();
        // A call reaches Withings a little after it leaves the bucket, and the network bunches calls: a bucket that
        // admits exactly the limit in any 60 s lets Withings count a few more in its own window (a 601 for every
        // instance, and a waiting patient's code expired). 5 % of the limit, one call at least, is kept back.
        long usable = perMinute - Math.max(1, perMinute / 20);
        long burst = Math.max(1, usable / 12);
        BucketConfiguration configuration = BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(burst).refillGreedy(Math.max(1, usable - burst), Duration.ofMinutes(1))
                        .initialTokens(burst))
                .build();
        if (isPostgres(dataSource)) {
            ProxyManager<Long> buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                    .table("rate_limit_bucket").idColumn("id").stateColumn("state").build();
            this.bucket = buckets.builder().build(BUCKET_ID, () -> configuration);
        } else {
            this.bucket = Bucket.builder().addLimit(configuration.getBandwidths()[0]).build();
        }
    }

    @Override
    public void enter(WithingsCall call) {
        try {
            bucket.asBlocking().consume(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the Withings rate limit before " + call, e);
        }
    }

    /**
     * A call that gives way: it goes only when a token is free and no reserved call waits, checking again when the
     * bucket says the next token comes.
     */
    void enterYielding(WithingsCall call) {
        try {
            while (true) {
                ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
                if (probe.isConsumed()) {
                    return;
                }
                long waitMillis = Math.max(MIN_YIELD_MILLIS, probe.getNanosToWaitForRefill() / 1_000_000);
                Thread.sleep(Math.min(waitMillis, MAX_YIELD_MILLIS) + ThreadLocalRandom.current().nextLong(MIN_YIELD_MILLIS));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the Withings rate limit before " + call, e);
        }
    }

    public long perMinute() {
        return perMinute;
    }

    @Override
    public void limitReached(WithingsCall call) {
        // Only the first 601 of a storm pushes the bucket a minute into debt; the others find it there already.
        if (bucket.getAvailableTokens() > -perMinute / 2) {
            bucket.consumeIgnoringRateLimits(perMinute);
            pauses.increment();
            LOG.warn("Withings answered 601 (too many requests) to {}: every Withings call pauses for about a minute",
                    call);
        }
    }

    private static boolean isPostgres(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return connection.getMetaData().getDatabaseProductName().equalsIgnoreCase("PostgreSQL");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot tell which database the bridge uses: " + e.getMessage(), e);
        }
    }
}
