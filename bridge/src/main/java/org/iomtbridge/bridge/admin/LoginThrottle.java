package org.iomtbridge.bridge.admin;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;
import org.iomtbridge.bridge.shared.SecretTokens;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Counts failed sign-ins per user name and per client address, each in a token bucket of Bucket4j kept in the
 * database, so that every instance sees the same counts. A bucket holds one token per allowed failure and refills at
 * {@code maxFailures} per {@code lockDuration}. When a failure takes the last token, the bucket is pushed into debt
 * so that its next token comes a whole {@code lockDuration} later: that is the lock.
 */
@Component
class LoginThrottle {

    private final AdminProperties.Login settings;
    private final DatabaseBuckets buckets;
    private final BucketConfiguration perUser;
    private final BucketConfiguration perAddress;

    LoginThrottle(AdminProperties properties, JdbcClient jdbc) {
        this.settings = properties.dashboard().login();
        this.buckets = new DatabaseBuckets(jdbc);
        this.perUser = allowing(settings.maxFailures(), settings.lockDuration());
        this.perAddress = allowing(settings.maxFailuresPerAddress(), settings.lockDuration());
    }

    /** What a failure leads to: the delay before answering it, and the lock it set off, if any. */
    record Failure(Duration delay, Optional<Duration> lockedFor) {
    }

    /** How long signing in as this user name, or from this address, stays refused; empty when it is not. */
    Optional<Duration> lockedFor(String username, String address) {
        return Stream.of(user(username), address(address))
                .map(bucket -> bucket.estimateAbilityToConsume(1))
                .filter(probe -> !probe.canBeConsumed())
                .map(EstimationProbe::getNanosToWaitForRefill)
                .max(Long::compare)
                .map(Duration::ofNanos);
    }

    Failure failed(String username, String address) {
        buckets.forgetFullBuckets();
        Bucket user = user(username);
        Bucket client = address(address);
        long userFailures = settings.maxFailures() - consume(user);
        long addressFailures = settings.maxFailuresPerAddress() - consume(client);
        boolean locked = lockIfSpent(user, settings.maxFailures()) | lockIfSpent(client, settings.maxFailuresPerAddress());
        return new Failure(settings.delayAfter(Math.max(userFailures, addressFailures)),
                locked ? Optional.of(settings.lockDuration()) : Optional.empty());
    }

    /** A successful sign-in forgives the user name's failures; the address's drain on their own. */
    void succeeded(String username) {
        user(username).reset();
    }

    private static long consume(Bucket bucket) {
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        return probe.getRemainingTokens();
    }

    private static boolean lockIfSpent(Bucket bucket, int capacity) {
        if (bucket.getAvailableTokens() > 0) {
            return false;
        }
        // From zero, the next token comes after one refill period per token: owe capacity - 1 more.
        bucket.consumeIgnoringRateLimits(capacity - 1);
        return true;
    }

    private Bucket user(String username) {
        // The name as typed may be someone's password typed in the wrong field: only its hash is kept.
        return buckets.builder().build("user:" + SecretTokens.hash(username == null ? "" : username), () -> perUser);
    }

    private Bucket address(String address) {
        return buckets.builder().build("address:" + (address == null ? "-" : address), () -> perAddress);
    }

    private static BucketConfiguration allowing(int failures, Duration period) {
        return BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(failures).refillGreedy(failures, period))
                .build();
    }
}
