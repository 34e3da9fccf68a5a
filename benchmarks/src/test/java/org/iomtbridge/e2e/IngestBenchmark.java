package org.iomtbridge.e2e;

import ca.uhn.fhir.rest.api.SummaryEnum;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import com.fasterxml.jackson.databind.JsonNode;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.iomtbridge.bridge.fhirwrite.FhirPages;
import org.iomtbridge.bridge.support.EmulatorControl;
import org.iomtbridge.bridge.support.ModuleProcess;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The bridge end to end against its limits, on demand ({@code benchmarks/scripts/ingest.sh}; the class name keeps it
 * out of {@code mvn verify}). Every line it prints starting with {@code bench:} goes into BENCHMARKS.md.
 * <ol>
 *   <li>Withings API economy: the calls of a one-year backfill of one user, and per notification;</li>
 *   <li>ingest: N users with D days of history consent at once; Observations per second until FHIR holds them all;</li>
 *   <li>steady load: new measures at a steady rate; from each measure to its Observation in FHIR;</li>
 *   <li>the raw limit: the same Observations posted straight to a fresh FHIR server as transaction bundles of the
 *       bridge's batch size, by one thread and by as many threads as the bridge runs tasks;</li>
 *   <li>footprint: the bridge's start-up time, and its memory at rest and under load.</li>
 * </ol>
 */
class IngestBenchmark {

    private static final int USERS = Integer.getInteger("ingest.users", 10);
    private static final int DAYS = Integer.getInteger("ingest.days", 30);
    private static final int RATE_LIMIT = Integer.getInteger("ingest.rate-limit", 6000);
    private static final int STEADY_MEASURES = Integer.getInteger("ingest.steady-measures", 60);
    private static final double STEADY_PER_SECOND = Double.parseDouble(System.getProperty("ingest.steady-per-second", "2"));
    private static final Stack.Database DATABASE = Stack.Database.valueOf(
            System.getProperty("ingest.database", "h2").toUpperCase());
    /** More --name=value settings of the bridge, separated by spaces: a setting's effect measured in the same run. */
    private static final List<String> BRIDGE_SETTINGS = Arrays.stream(System.getProperty("ingest.bridge-settings", "")
            .split(" ")).filter(setting -> !setting.isBlank()).toList();
    /** As the bridge's iomt.fhir.batch-size and db-scheduler.threads. */
    private static final int BATCH = 200;
    private static final int BRIDGE_THREADS = 4;
    private static final Pattern STARTED = Pattern.compile("Started BridgeApplication in ([0-9.]+) seconds");

    @Test
    void run() throws Exception {
        // The backfill reaches back a year (the default is 90 days), so that a one-year history comes in whole.
        List<String> bridgeSettings = new ArrayList<>(List.of("--iomt.withings.backfill=400d"));
        bridgeSettings.addAll(BRIDGE_SETTINGS);
        try (Stack stack = Stack.start(DATABASE, RATE_LIMIT, bridgeSettings.toArray(String[]::new))) {
            EmulatorControl withings = new EmulatorControl(stack.emulatorUrl());
            FhirCopy fhir = new FhirCopy(stack.fhirBaseUrl());
            Enrolling enrolling = new Enrolling(stack, withings, fhir);
            long bridgePid = stack.bridge().pid();
            System.out.printf("bench: bridge settings %s%n", bridgeSettings);
            System.out.printf("bench: machine %d cores, database %s, emulator rate limit %d/min%n",
                    Runtime.getRuntime().availableProcessors(), DATABASE, RATE_LIMIT);
            System.out.printf("bench: footprint: bridge started in %s s; resident memory at rest %d MB%n",
                    startupSeconds(stack.bridge().log()), residentMegabytes(bridgePid, "VmRSS"));

            apiEconomy(withings, fhir, enrolling);
            List<Enrolling.Connected> ingested = ingest(stack, withings, fhir, enrolling, bridgePid);
            steadyLatency(withings, fhir, ingested);
            System.out.printf("bench: footprint: bridge resident memory after the load %d MB, peak %d MB%n",
                    residentMegabytes(bridgePid, "VmRSS"), residentMegabytes(bridgePid, "VmHWM"));
            rawLimit(fhir, ingested);
        }
    }

    private void apiEconomy(EmulatorControl withings, FhirCopy fhir, Enrolling enrolling) {
        Enrolling.Invited invited = enrolling.invite(365);
        long expected = Holdings.of(withings.holdings(invited.userid())).live().size();
        long before = observationCount(fhir.client());
        withings.resetStats();
        Enrolling.Connected year = enrolling.consent(invited);
        // Counting is cheap; reading back 20,000 Observations on every poll would load the FHIR server being measured.
        await().atMost(Duration.ofMinutes(15)).pollInterval(Duration.ofSeconds(1))
                .until(() -> observationCount(fhir.client()) >= before + expected);
        Map<String, Long> backfillCalls = callsByEndpoint(withings.stats());
        long total = backfillCalls.values().stream().mapToLong(Long::longValue).sum();
        System.out.printf("bench: economy: one-year backfill of one user: %d Withings calls for %d observations %s%n",
                total, expected, backfillCalls);

        int weighIns = 20;
        withings.resetStats();
        for (int index = 0; index < weighIns; index++) {
            long grpid = withings.addMeasure(year.userid(), 1, new BigDecimal("80.0").add(BigDecimal.valueOf(index, 1)));
            String id = "withings-" + year.userid() + "-grp-" + grpid + "-1";
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> exists(fhir.client(), id));
        }
        Map<String, Long> perNotification = callsByEndpoint(withings.stats());
        long calls = perNotification.values().stream().mapToLong(Long::longValue).sum();
        System.out.printf("bench: economy: %d weigh-ins, one notification each: %d Withings calls, %.2f per notification %s%n",
                weighIns, calls, calls / (double) weighIns, perNotification);
    }

    private List<Enrolling.Connected> ingest(Stack stack, EmulatorControl withings, FhirCopy fhir, Enrolling enrolling,
                                             long bridgePid) throws Exception {
        List<Enrolling.Invited> invited = new ArrayList<>();
        long expected = 0;
        for (int index = 0; index < USERS; index++) {
            Enrolling.Invited invitation = enrolling.invite(DAYS);
            invited.add(invitation);
            expected += Holdings.of(withings.holdings(invitation.userid())).live().size();
        }
        long before = observationCount(fhir.client());
        withings.resetStats();
        Instant started = Instant.now();
        List<Enrolling.Connected> connected = new ArrayList<>();
        invited.forEach(invitation -> connected.add(enrolling.consent(invitation)));
        long target = before + expected;
        long[] peakRss = {0};
        await().atMost(Duration.ofMinutes(20)).pollInterval(Duration.ofMillis(250)).until(() -> {
            peakRss[0] = Math.max(peakRss[0], residentMegabytes(bridgePid, "VmRSS"));
            return observationCount(fhir.client()) >= target;
        });
        double seconds = Duration.between(started, Instant.now()).toMillis() / 1000.0;
        long calls = callsByEndpoint(withings.stats()).values().stream().mapToLong(Long::longValue).sum();
        System.out.printf("bench: ingest: %d users x %d days: %d observations in %.1f s = %.0f observations/s"
                        + " (%d Withings calls; busiest 60 s at Withings: %s); bridge resident memory under load up to %d MB%n",
                USERS, DAYS, expected, seconds, expected / seconds, calls, withings.stats().path("maxRequestsIn60Seconds"),
                peakRss[0]);
        assertThat(Exactly.awaitAllHold(withings, fhir, connected, Duration.ofMinutes(2))).isEqualTo((int) expected);
        if (DATABASE == Stack.Database.POSTGRES) {
            timeline(stack, started);
        }
        return connected;
    }

    /**
     * When the backfills' Withings calls were answered and when the backfills finished, in seconds after the first
     * consent, from the bridge's archive: whether the calls or the writes after them set the time.
     */
    private static void timeline(Stack stack, Instant started) throws Exception {
        StringBuilder line = new StringBuilder("bench: timeline (s after the first consent):");
        try (Connection bridge = DriverManager.getConnection(stack.bridgeDatabaseUrl(), "postgres", "");
             Statement statement = bridge.createStatement()) {
            try (ResultSet calls = statement.executeQuery("""
                    select call_name, count(*), min(received_at), max(received_at) from raw_response
                    group by call_name order by min(received_at)""")) {
                while (calls.next()) {
                    line.append(String.format(" %s x%d %.1f-%.1f;", calls.getString(1), calls.getInt(2),
                            after(started, calls.getTimestamp(3)), after(started, calls.getTimestamp(4))));
                }
            }
            try (ResultSet finished = statement.executeQuery("select max(finished_at) from backfill")) {
                finished.next();
                line.append(String.format(" last backfill finished %.1f", after(started, finished.getTimestamp(1))));
            }
        }
        System.out.println(line);
    }

    private static double after(Instant started, Timestamp at) {
        return Duration.between(started, at.toInstant()).toMillis() / 1000.0;
    }

    private void steadyLatency(EmulatorControl withings, FhirCopy fhir, List<Enrolling.Connected> users)
            throws Exception {
        ExecutorService watchers = Executors.newCachedThreadPool();
        List<Future<Long>> latencies = new ArrayList<>();
        long pause = Math.round(1000 / STEADY_PER_SECOND);
        for (int index = 0; index < STEADY_MEASURES; index++) {
            Enrolling.Connected user = users.get(index % users.size());
            long added = System.nanoTime();
            long grpid = withings.addMeasure(user.userid(), 1, new BigDecimal("70.0").add(BigDecimal.valueOf(index % 50, 1)));
            String id = "withings-" + user.userid() + "-grp-" + grpid + "-1";
            latencies.add(watchers.submit(() -> {
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(25))
                        .until(() -> exists(fhir.client(), id));
                return (System.nanoTime() - added) / 1_000_000;
            }));
            Thread.sleep(pause);
        }
        List<Long> millis = new ArrayList<>();
        for (Future<Long> latency : latencies) {
            millis.add(latency.get());
        }
        watchers.shutdown();
        Collections.sort(millis);
        System.out.printf("bench: latency: %d new measures at %.1f/s over %d users, measure -> FHIR commit:"
                        + " p50 %d ms, p95 %d ms, max %d ms (polled every 25 ms)%n", millis.size(), STEADY_PER_SECOND,
                users.size(), percentile(millis, 50), percentile(millis, 95), millis.get(millis.size() - 1));
    }

    /** The same Observations, posted straight to a fresh FHIR server by a tight loop. */
    private void rawLimit(FhirCopy fhir, List<Enrolling.Connected> users) throws Exception {
        List<Resource> patients = new ArrayList<>();
        List<Resource> devices = new ArrayList<>();
        List<Observation> observations = new ArrayList<>();
        for (Enrolling.Connected user : users) {
            patients.add(fhir.client().read().resource(Patient.class).withId(user.patient()).execute());
            collect(fhir.client(), fhir.client().search().forResource(Device.class)
                    .where(Device.PATIENT.hasId(user.patient())).count(500).returnBundle(Bundle.class).execute(), devices);
            List<Resource> theirs = new ArrayList<>();
            collect(fhir.client(), fhir.client().search().forResource(Observation.class)
                    .where(Observation.SUBJECT.hasId(user.patient())).count(500).returnBundle(Bundle.class).execute(), theirs);
            theirs.forEach(resource -> observations.add((Observation) resource));
        }
        List<String> arguments = new ArrayList<>(List.of("--fhir-server.data-dir={data}"));
        String database = null;
        if (DATABASE == Stack.Database.POSTGRES) {
            database = Stack.newPostgresDatabase("bench_raw_fhir");
            arguments.addAll(List.of("--spring.datasource.url=" + Stack.POSTGRES + database,
                    "--spring.datasource.username=postgres", "--spring.datasource.password="));
        }
        try (ModuleProcess server = ModuleProcess.start("fhir-server", "/fhir/metadata", arguments.toArray(String[]::new))) {
            // A bundle of 200 PUTs into a fresh server can take longer than the client's 10 s default on two cores.
            ca.uhn.fhir.context.FhirContext.forR4Cached().getRestfulClientFactory().setSocketTimeout(300_000);
            IGenericClient raw = new FhirCopy(server.url("/fhir")).client();
            post(raw, patients, 1);
            post(raw, devices, 1);
            for (int threads : List.of(1, BRIDGE_THREADS)) {
                List<Resource> copies = new ArrayList<>();
                // New ids of the same length (a FHIR id has 64 characters at most), so that each run creates.
                String prefix = "t" + threads + "-";
                for (Observation observation : observations) {
                    Observation copy = observation.copy();
                    copy.setId(prefix + observation.getIdElement().getIdPart().substring(prefix.length()));
                    copy.getMeta().setVersionId(null).setLastUpdated(null);
                    copies.add(copy);
                }
                long started = System.nanoTime();
                post(raw, copies, threads);
                double seconds = (System.nanoTime() - started) / 1e9;
                System.out.printf("bench: raw limit: %d observations as transaction bundles of %d (PUT), %d thread(s):"
                        + " %.1f s = %.0f observations/s%n", copies.size(), BATCH, threads, seconds,
                        copies.size() / seconds);
            }
        } finally {
            if (database != null) {
                Stack.postgres("drop database if exists " + database + " with (force)");
            }
        }
    }

    private static void post(IGenericClient fhir, List<Resource> resources, int threads) throws Exception {
        List<List<Resource>> batches = new ArrayList<>();
        for (int from = 0; from < resources.size(); from += BATCH) {
            batches.add(resources.subList(from, Math.min(resources.size(), from + BATCH)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> done = new ArrayList<>();
        for (List<Resource> batch : batches) {
            done.add(pool.submit(() -> {
                Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
                for (Resource resource : batch) {
                    String type = resource.fhirType();
                    String id = resource.getIdElement().getIdPart();
                    transaction.addEntry().setFullUrl(type + "/" + id).setResource(resource).getRequest()
                            .setMethod(Bundle.HTTPVerb.PUT).setUrl(type + "/" + id);
                }
                fhir.transaction().withBundle(transaction).execute();
            }));
        }
        for (Future<?> batch : done) {
            batch.get();
        }
        pool.shutdown();
    }

    private static void collect(IGenericClient fhir, Bundle page, List<Resource> into) {
        FhirPages.forEach(fhir, page, resource -> {
            resource.setId(resource.getIdElement().toUnqualifiedVersionless());
            resource.getMeta().setVersionId(null).setLastUpdated(null);
            into.add(resource);
        });
    }

    private static boolean exists(IGenericClient fhir, String observationId) {
        try {
            fhir.read().resource(Observation.class).withId(observationId).execute();
            return true;
        } catch (ResourceNotFoundException e) {
            return false;
        }
    }

    private static long observationCount(IGenericClient fhir) {
        return fhir.search().forResource(Observation.class).summaryMode(SummaryEnum.COUNT).returnBundle(Bundle.class)
                .execute().getTotal();
    }

    private static Map<String, Long> callsByEndpoint(JsonNode stats) {
        Map<String, Long> calls = new TreeMap<>();
        stats.path("callsByEndpoint").fields().forEachRemaining(entry -> calls.put(entry.getKey(), entry.getValue().asLong()));
        return calls;
    }

    /** The value at this percentile of values sorted in ascending order (nearest rank). */
    static long percentile(List<Long> sorted, int percent) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percent / 100.0 * sorted.size()) - 1));
    }

    private static String startupSeconds(Path log) throws Exception {
        Matcher matcher = STARTED.matcher(Files.readString(log));
        return matcher.find() ? matcher.group(1) : "?";
    }

    private static long residentMegabytes(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the memory of process " + pid, e);
        }
        return -1;
    }
}
