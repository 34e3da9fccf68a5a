package org.iomtbridge.e2e;

import ca.uhn.fhir.rest.api.SummaryEnum;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.iomtbridge.bridge.support.EmulatorControl;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.awaitility.Awaitility.await;

/**
 * From a patient's consent to their first Observation readable in FHIR, on demand
 * ({@code benchmarks/scripts/onboarding.sh}; the class name keeps it out of {@code mvn verify}). Patients enroll one
 * after another through the real flow — enrollment link, consent page, the emulator's authorization page — and the
 * clock runs from the browser's request to the bridge's OAuth callback until a search finds an Observation of the
 * patient. Each patient's whole backfill is in FHIR before the next one consents, so that every figure is one
 * patient's onboarding on an otherwise quiet bridge. Every line starting with {@code bench:} goes into BENCHMARKS.md.
 */
class OnboardingBenchmark {

    private static final int PATIENTS = Integer.getInteger("onboarding.patients", 20);
    private static final int DAYS = Integer.getInteger("onboarding.days", 30);
    private static final int RATE_LIMIT = Integer.getInteger("onboarding.rate-limit", 6000);

    @Test
    void run() {
        // The backfill reaches back over the whole history, as the ingest benchmark's does.
        try (Stack stack = Stack.start(Stack.Database.H2, RATE_LIMIT, "--iomt.withings.backfill=400d")) {
            EmulatorControl withings = new EmulatorControl(stack.emulatorUrl());
            FhirCopy fhir = new FhirCopy(stack.fhirBaseUrl());
            Enrolling enrolling = new Enrolling(stack, withings, fhir);
            System.out.printf("bench: onboarding: machine %d cores, H2, emulator rate limit %d/min, %d patients x %d"
                    + " days, one after another%n", Runtime.getRuntime().availableProcessors(), RATE_LIMIT, PATIENTS, DAYS);
            List<Long> pages = new ArrayList<>();
            List<Long> firsts = new ArrayList<>();
            List<Long> wholes = new ArrayList<>();
            for (int index = 0; index < PATIENTS; index++) {
                Enrolling.Invited invited = enrolling.invite(DAYS);
                long expected = Holdings.of(withings.holdings(invited.userid())).live().size();
                URI callback = enrolling.authorize(invited);
                long consented = System.nanoTime();
                enrolling.connected(invited, callback);
                pages.add(millisSince(consented));
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(25))
                        .until(() -> observations(fhir, invited.patient()) > 0);
                firsts.add(millisSince(consented));
                await().atMost(Duration.ofMinutes(15)).pollInterval(Duration.ofMillis(250))
                        .until(() -> observations(fhir, invited.patient()) >= expected);
                wholes.add(millisSince(consented));
            }
            report("callback page answered", pages);
            report("consent -> first Observation in FHIR", firsts);
            report("consent -> whole backfill in FHIR", wholes);
        }
    }

    private static void report(String what, List<Long> millis) {
        List<Long> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        System.out.printf("bench: onboarding: %s: p50 %d ms, p95 %d ms, max %d ms (each in order: %s)%n", what,
                IngestBenchmark.percentile(sorted, 50), IngestBenchmark.percentile(sorted, 95), sorted.get(sorted.size() - 1), millis);
    }

    private static long observations(FhirCopy fhir, String patient) {
        return fhir.client().search().forResource(Observation.class).where(Observation.SUBJECT.hasId(patient))
                .summaryMode(SummaryEnum.COUNT).returnBundle(Bundle.class).execute().getTotal();
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
