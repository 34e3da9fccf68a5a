package org.iomtbridge.e2e;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.hl7.fhir.r4.model.Observation;
import org.iomtbridge.bridge.support.Browser;
import org.iomtbridge.bridge.support.EmulatorControl;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.awaitility.Awaitility.await;

/**
 * A cohort at the rate limit, on demand ({@code benchmarks/scripts/cohort.sh}; the class name keeps it out of
 * {@code mvn verify}): N emulated patients with short histories enroll within minutes of each other into three bridges
 * on one PostgreSQL database, the emulator and the bridges at Withings' 120 calls a minute times a factor. While the
 * backlog lasts, live measures arrive for patients already connected. Every line starting with {@code bench:} goes into
 * BENCHMARKS.md: live latency, the use of the budget in every 60 s, the time to finish against the floor the calls
 * impose, and how evenly patients were served.
 */
class CohortBenchmark {

    private static final int PATIENTS = Integer.getInteger("cohort.patients", 1000);
    private static final int DAYS = Integer.getInteger("cohort.days", 2);
    private static final int FACTOR = Integer.getInteger("cohort.factor", 10);
    private static final int INSTANCES = Integer.getInteger("cohort.instances", 3);
    private static final int ENROLLING_THREADS = Integer.getInteger("cohort.enrolling-threads", 6);
    private static final long LIVE_EVERY_MILLIS = Long.getLong("cohort.live-every-millis", 2000);
    private static final int WITHINGS_LIMIT = 120;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The emulator's count of calls at one moment. */
    private record Sample(long atMillis, long calls) {
    }

    @Test
    void run() throws Exception {
        int rate = WITHINGS_LIMIT * FACTOR;
        // The backfill reaches back over the whole history (the default is 90 days).
        String backfill = "--iomt.withings.backfill=" + Math.max(90, DAYS + 1) + "d";
        try (Stack stack = Stack.start(Stack.Database.POSTGRES, rate, backfill)) {
            for (int instance = 1; instance < INSTANCES; instance++) {
                stack.startAnotherBridge();
            }
            EmulatorControl withings = new EmulatorControl(stack.emulatorUrl());
            FhirCopy fhir = new FhirCopy(stack.fhirBaseUrl());
            System.out.printf("bench: cohort: machine %d cores, load before the run %s; %d bridges on PostgreSQL,"
                            + " emulator and bridges at %d calls/min (Withings' %d x factor %d)%n",
                    Runtime.getRuntime().availableProcessors(), load(), INSTANCES, rate, WITHINGS_LIMIT, FACTOR, FACTOR);

            // The care team's preparation: users at "Withings", FHIR Patients and enrollment links.
            ExecutorService workers = Executors.newFixedThreadPool(ENROLLING_THREADS);
            List<Enrolling.Invited> invited = Collections.synchronizedList(new ArrayList<>());
            List<Future<?>> preparing = new ArrayList<>();
            ThreadLocal<Enrolling> enrolling = ThreadLocal.withInitial(() -> new Enrolling(stack, withings, fhir));
            for (int index = 0; index < PATIENTS; index++) {
                preparing.add(workers.submit(() -> invited.add(enrolling.get().invite(DAYS))));
            }
            for (Future<?> done : preparing) {
                done.get();
            }

            withings.resetStats();
            List<Sample> samples = new CopyOnWriteArrayList<>();
            AtomicBoolean backlog = new AtomicBoolean(true);
            ExecutorService watchers = Executors.newCachedThreadPool();
            watchers.submit(() -> sampleCalls(withings, samples, backlog));
            long started = System.currentTimeMillis();
            Map<Long, Long> consentedAt = new ConcurrentHashMap<>();
            List<Long> connected = new CopyOnWriteArrayList<>();
            List<Future<?>> consenting = new ArrayList<>();
            for (Enrolling.Invited invitation : invited) {
                consenting.add(workers.submit(() -> {
                    enrolling.get().consent(invitation);
                    consentedAt.put(invitation.userid(), System.currentTimeMillis());
                    connected.add(invitation.userid());
                }));
            }
            List<Future<Long>> latencies = new ArrayList<>();
            watchers.submit(() -> injectLive(withings, fhir.client(), connected, backlog, latencies, watchers,
                    new LateMeasure(withings, stack.bridgeDatabaseUrl(), consentedAt)));
            for (Future<?> done : consenting) {
                done.get();
            }
            long enrolled = System.currentTimeMillis();
            String apiKey = stack.apiKey();
            Browser operator = stack.browser("Mozilla/5.0 (cohort operator)");
            await().atMost(Duration.ofMinutes(60)).pollInterval(Duration.ofSeconds(2)).until(() -> {
                HttpResponse<String> cohort = operator.json("GET", stack.publicUrl("/api/v1/backfills"), apiKey, null);
                return JSON.readTree(cohort.body()).get("backfills").asInt() == 0;
            });
            long finished = System.currentTimeMillis();
            backlog.set(false);
            List<Long> millis = new ArrayList<>();
            for (Future<Long> latency : List.copyOf(latencies)) {
                millis.add(latency.get());
            }
            watchers.shutdown();
            workers.shutdown();
            watchers.awaitTermination(1, TimeUnit.MINUTES);

            JsonNode stats = withings.stats();
            Map<String, Long> calls = new TreeMap<>();
            stats.path("callsByEndpoint").fields().forEachRemaining(entry -> calls.put(entry.getKey(), entry.getValue().asLong()));
            long total = calls.values().stream().mapToLong(Long::longValue).sum();
            double seconds = (finished - started) / 1000.0;
            double floor = total * 60.0 / rate;
            System.out.printf("bench: cohort: %d patients x %d days: enrolled in %.0f s, every backfill finished"
                            + " %.0f s after the first consent; %d Withings calls %s; floor %d calls / %d per min = %.0f s;"
                            + " finish / floor = %.2f%n", PATIENTS, DAYS, (enrolled - started) / 1000.0, seconds, total,
                    calls, total, rate, floor, seconds / floor);
            budget(samples, started, finished, rate, stats);
            Collections.sort(millis);
            if (!millis.isEmpty()) {
                System.out.printf("bench: cohort: live: %d new measures during the backlog, measure -> FHIR: p50 %d ms,"
                                + " p95 %d ms, max %d ms%n", millis.size(), percentile(millis, 50), percentile(millis, 95),
                        millis.get(millis.size() - 1));
            }
            fairness(stack.bridgeDatabaseUrl(), consentedAt);
        }
    }

    /** The emulator's call count every second, until the backlog is done. */
    private static void sampleCalls(EmulatorControl withings, List<Sample> samples, AtomicBoolean backlog) {
        while (backlog.get()) {
            long calls = 0;
            for (JsonNode count : withings.stats().path("callsByClient")) {
                calls += count.asLong();
            }
            samples.add(new Sample(System.currentTimeMillis(), calls));
            if (samples.size() % 30 == 0) {
                // Partial figures, in case the run is cut short.
                System.out.printf("bench: cohort: progress: %d s, %d Withings calls, load %s%n", samples.size(), calls,
                        load());
            }
            sleep(1000);
        }
    }

    /** A weigh-in for a patient already connected every few seconds while the backlog lasts, each one watched. */
    private static void injectLive(EmulatorControl withings, IGenericClient fhir, List<Long> connected,
                                   AtomicBoolean backlog, List<Future<Long>> latencies, ExecutorService watchers,
                                   LateMeasure late) {
        while (backlog.get()) {
            sleep(LIVE_EVERY_MILLIS);
            if (connected.isEmpty()) {
                continue;
            }
            long userid = connected.get(ThreadLocalRandom.current().nextInt(connected.size()));
            long added = System.nanoTime();
            Instant addedAt = Instant.now();
            long grpid = withings.addMeasure(userid, 1, new BigDecimal("72.5"));
            String id = "withings-" + userid + "-grp-" + grpid + "-1";
            latencies.add(watchers.submit(() -> {
                try {
                    await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(100))
                            .until(() -> exists(fhir, id));
                } catch (RuntimeException e) {
                    // Printed while the stack still runs, before the harness stops at this measure.
                    late.report(userid, grpid, id, addedAt, e);
                    throw e;
                }
                return (System.nanoTime() - added) / 1_000_000;
            }));
        }
    }

    /**
     * What the bridges and the emulator knew of a live measure that did not reach FHIR in time: the patient's
     * consent, their rows in the bridges' database (inbox, tasks, cursors, backfill, archive, dead letters) and the
     * emulator's subscriptions and notification attempts, so that the run itself tells where the measure stopped.
     */
    private record LateMeasure(EmulatorControl withings, String bridgeDatabase, Map<Long, Long> consentedAt) {

        private static final String PREFIX = "bench: cohort: late live measure: ";

        synchronized void report(long userid, long grpid, String observationId, Instant addedAt, RuntimeException why) {
            String user = String.valueOf(userid);
            Long consented = consentedAt.get(userid);
            System.out.printf(PREFIX + "Withings user %d, grpid %d, Observation/%s, added at %s (%s after the consent"
                            + " page answered), now %s: %s%n", userid, grpid, observationId, addedAt,
                    consented == null ? "?" : Duration.ofMillis(addedAt.toEpochMilli() - consented), Instant.now(),
                    why);
            try (Connection connection = DriverManager.getConnection(bridgeDatabase, "postgres", "")) {
                rows(connection, "account", "select withings_user_id, status, scopes, created_at, updated_at"
                        + " from withings_account where withings_user_id = ?", user);
                rows(connection, "inbox", "select id, received_at, appli, start_date, end_date, action, status,"
                        + " processed_at, duplicates, problem, raw_form from notification_inbox"
                        + " where withings_user_id = ? order by id", user);
                rows(connection, "task", "select task_name, task_instance, execution_time, picked, picked_by,"
                        + " last_heartbeat, last_success, last_failure, consecutive_failures, priority, version"
                        + " from scheduled_tasks where task_instance = ? or task_instance like ? || '/%'", user, user);
                rows(connection, "cursor", "select data_kind, last_update, to_timestamp(last_update) as last_update_at,"
                        + " updated_at from sync_cursor where withings_user_id = ? order by data_kind", user);
                rows(connection, "backfill", "select * from backfill where withings_user_id = ?", user);
                rows(connection, "backfill kind", "select * from backfill_kind where withings_user_id = ?"
                        + " order by data_kind", user);
                rows(connection, "archived answer", "select id, call_name, received_at, sha256 from raw_response"
                        + " where withings_user_id = ? and received_at >= ? order by id", user, Timestamp.from(addedAt
                        .minusSeconds(60)));
                rows(connection, "dead letter", "select id, data_kind, raw_response_ids, reason, attempts, status,"
                        + " first_failed_at, last_failed_at from dead_letter where withings_user_id = ?", user);
            } catch (SQLException | RuntimeException e) {
                System.out.println(PREFIX + "the bridges' database could not be read: " + e);
            }
            try {
                System.out.println(PREFIX + "subscribed at the emulator to appli " + withings.subscribedApplis(userid));
                for (JsonNode attempt : withings.notifications()) {
                    if (attempt.path("userid").asLong() == userid) {
                        System.out.println(PREFIX + "notification attempt " + attempt);
                    }
                }
            } catch (RuntimeException | AssertionError e) {
                System.out.println(PREFIX + "the emulator could not be read: " + e);
            }
        }

        private static void rows(Connection connection, String what, String sql, Object... parameters)
                throws SQLException {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (int index = 0; index < parameters.length; index++) {
                    statement.setObject(index + 1, parameters[index]);
                }
                try (ResultSet rows = statement.executeQuery()) {
                    ResultSetMetaData columns = rows.getMetaData();
                    int count = 0;
                    while (rows.next()) {
                        StringBuilder line = new StringBuilder(PREFIX).append(what).append(':');
                        for (int column = 1; column <= columns.getColumnCount(); column++) {
                            line.append(' ').append(columns.getColumnLabel(column)).append('=')
                                    .append(rows.getString(column));
                        }
                        System.out.println(line);
                        count++;
                    }
                    if (count == 0) {
                        System.out.println(PREFIX + what + ": none");
                    }
                }
            }
        }
    }

    /** Calls in each 60 s window that starts after the first minute and ends by the finish, from the samples. */
    private static void budget(List<Sample> samples, long started, long finished, int rate, JsonNode stats) {
        List<Long> windows = new ArrayList<>();
        for (Sample from : samples) {
            if (from.atMillis() < started || from.atMillis() + 60_000 > finished) {
                continue;
            }
            samples.stream().filter(to -> to.atMillis() >= from.atMillis() + 60_000).findFirst()
                    .ifPresent(to -> windows.add(to.calls() - from.calls()));
        }
        long max = windows.stream().mapToLong(Long::longValue).max().orElse(0);
        double mean = windows.stream().mapToLong(Long::longValue).average().orElse(0);
        long min = windows.stream().mapToLong(Long::longValue).min().orElse(0);
        System.out.printf("bench: cohort: budget: %d windows of 60 s inside the backlog (sampled every 1 s): mean %.0f"
                        + " calls = %.1f %% of %d, min %d, max %d; the emulator's exact busiest 60 s: %s; 601 answers: %s%n",
                windows.size(), mean, 100.0 * mean / rate, rate, min, max, stats.path("maxRequestsIn60Seconds"),
                stats.path("tooManyRequests"));
    }

    /** From each consent to the backfill's first answer, and to its finish, across the cohort. */
    private static void fairness(String bridgeDatabase, Map<Long, Long> consentedAt) throws Exception {
        List<Long> firstData = new ArrayList<>();
        List<Long> done = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(bridgeDatabase, "postgres", "");
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("""
                     select b.withings_user_id, (select min(r.received_at) from raw_response r
                            where r.withings_user_id = b.withings_user_id), b.finished_at from backfill b""")) {
            while (rows.next()) {
                Long consented = consentedAt.get(Long.parseLong(rows.getString(1)));
                if (consented == null || rows.getTimestamp(2) == null) {
                    continue;
                }
                firstData.add(rows.getTimestamp(2).getTime() - consented);
                done.add(rows.getTimestamp(3).getTime() - consented);
            }
        }
        Collections.sort(firstData);
        Collections.sort(done);
        System.out.printf("bench: cohort: fairness over %d patients: consent -> first backfill answer p50 %.0f s, p95 %.0f s,"
                        + " max %.0f s; consent -> backfill finished p50 %.0f s, p95 %.0f s, max %.0f s%n", done.size(),
                percentile(firstData, 50) / 1000.0, percentile(firstData, 95) / 1000.0,
                firstData.get(firstData.size() - 1) / 1000.0, percentile(done, 50) / 1000.0,
                percentile(done, 95) / 1000.0, done.get(done.size() - 1) / 1000.0);
    }

    private static boolean exists(IGenericClient fhir, String observationId) {
        try {
            fhir.read().resource(Observation.class).withId(observationId).execute();
            return true;
        } catch (ResourceNotFoundException e) {
            return false;
        }
    }

    private static long percentile(List<Long> sorted, int percent) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percent / 100.0 * sorted.size()) - 1));
    }

    private static String load() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
