package org.iomtbridge.bridge.withings;

import org.iomtbridge.withings.WithingsCall;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two bridge instances' rate limits on one PostgreSQL bucket, six threads calling as fast as they can: however the
 * calls fall, no window of time admits more than the burst plus what the limit refills in it.
 */
class WithingsRateLimitTest {

    private static final int PER_MINUTE = 120;
    private static final int BURST = PER_MINUTE / 12;
    private static String database;

    @BeforeAll
    static void database() throws Exception {
        database = "ratelimit_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        admin("create database " + database);
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + database,
                "postgres", ""); Statement statement = connection.createStatement()) {
            statement.execute("create table rate_limit_bucket (id bigint primary key, state bytea)");
        }
    }

    @AfterAll
    static void drop() throws Exception {
        admin("drop database if exists " + database + " with (force)");
    }

    @Test
    void twoInstancesTogetherNeverExceedTheLimitInAnyWindow() throws Exception {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl("jdbc:postgresql://127.0.0.1:5432/" + database);
        dataSource.setUser("postgres");
        WithingsProperties properties = new WithingsProperties(null, null, null, false, null, PER_MINUTE, null, 0);
        List<WithingsRateLimit> instances = List.of(new WithingsRateLimit(dataSource, properties, new io.micrometer.core.instrument.simple.SimpleMeterRegistry()),
                new WithingsRateLimit(dataSource, properties, new io.micrometer.core.instrument.simple.SimpleMeterRegistry()));
        List<Long> admitted = new CopyOnWriteArrayList<>();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(6);
        ExecutorService callers = Executors.newFixedThreadPool(6);
        for (int caller = 0; caller < 6; caller++) {
            WithingsRateLimit instance = instances.get(caller % 2);
            callers.submit(() -> {
                while (System.nanoTime() < end) {
                    instance.enter(WithingsCall.MEASURE_GETMEAS);
                    admitted.add(System.nanoTime());
                }
                return null;
            });
        }
        callers.shutdown();
        assertThat(callers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        List<Long> times = new ArrayList<>(admitted);
        Collections.sort(times);
        double refillPerNano = (PER_MINUTE - BURST) / (double) TimeUnit.MINUTES.toNanos(1);
        for (int first = 0; first < times.size(); first++) {
            for (int last = first; last < times.size(); last++) {
                int calls = last - first + 1;
                double allowed = BURST + refillPerNano * (times.get(last) - times.get(first)) + 1;
                assertThat((double) calls).as("calls %d..%d", first, last).isLessThanOrEqualTo(allowed);
            }
        }
        assertThat(times).as("the bucket lets calls through").hasSizeGreaterThanOrEqualTo(BURST);
    }

    private static void admin(String sql) throws Exception {
        try (Connection admin = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");
             Statement statement = admin.createStatement()) {
            statement.execute(sql);
        }
    }
}
