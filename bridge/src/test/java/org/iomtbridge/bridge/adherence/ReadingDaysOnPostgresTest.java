package org.iomtbridge.bridge.adherence;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The same readings recorded by two transactions at once — two writes of the same Observations side by side — on
 * PostgreSQL, where the second insert waits for the first's row: both writes succeed and the reading counts once.
 */
class ReadingDaysOnPostgresTest {

    private static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final String DATABASE = "reading_days_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private static DriverManagerDataSource dataSource;

    @BeforeAll
    static void database() throws Exception {
        admin("create database " + DATABASE);
        dataSource = new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:5432/" + DATABASE, "postgres", "");
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
    }

    @AfterAll
    static void dropDatabase() throws Exception {
        admin("drop database if exists " + DATABASE + " with (force)");
    }

    @Test
    void twoWritesOfTheSameReadingAtOnceBothSucceedAndItCountsOnce() throws Exception {
        ReadingDays days = new ReadingDays(JdbcClient.create(dataSource));
        TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        ReadingDays.Reading reading = new ReadingDays.Reading("withings-7-grp-42-1", "7", "Patient/p7", "weight",
                LocalDate.of(2026, 12, 1), 3600, Instant.parse("2026-12-01T07:30:00Z"), Optional.of("Body+"));
        CountDownLatch firstRecorded = new CountDownLatch(1);
        CountDownLatch firstMayCommit = new CountDownLatch(1);
        ExecutorService writers = Executors.newFixedThreadPool(2);
        try {
            Future<?> first = writers.submit(() -> transactions.executeWithoutResult(status -> {
                days.record(List.of(reading));
                firstRecorded.countDown();
                awaitQuietly(firstMayCommit);
            }));
            assertThat(firstRecorded.await(30, TimeUnit.SECONDS)).isTrue();
            Future<?> second = writers.submit(() -> transactions.executeWithoutResult(status ->
                    days.record(List.of(reading))));
            await().atMost(Duration.ofSeconds(30)).until(() -> waitingForALock() == 1);
            firstMayCommit.countDown();

            first.get(30, TimeUnit.SECONDS);
            second.get(30, TimeUnit.SECONDS);
        } finally {
            firstMayCommit.countDown();
            writers.shutdownNow();
        }
        assertThat(JdbcClient.create(dataSource).sql("select count(*) from reading_day where observation_id = :id")
                .param("id", reading.observationId()).query(Integer.class).single()).isEqualTo(1);
    }

    private static int waitingForALock() {
        return JdbcClient.create(dataSource).sql("""
                        select count(*) from pg_stat_activity where datname = :database and wait_event_type = 'Lock'""")
                .param("database", DATABASE).query(Integer.class).single();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void admin(String sql) throws Exception {
        try (Connection admin = DriverManager.getConnection(ADMIN_URL, "postgres", "");
             Statement statement = admin.createStatement()) {
            statement.execute(sql);
        }
    }
}
