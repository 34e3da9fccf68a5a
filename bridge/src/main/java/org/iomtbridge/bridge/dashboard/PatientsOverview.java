package org.iomtbridge.bridge.dashboard;

import org.iomtbridge.bridge.accounts.AccountStatus;
import org.iomtbridge.bridge.accounts.AccountStore;
import org.iomtbridge.bridge.archive.DeadLetters;
import org.iomtbridge.bridge.sync.BackfillProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The patients at a glance: consent, last sync, devices and what needs someone's attention. */
@Service
class PatientsOverview {

    private static final Logger LOG = LoggerFactory.getLogger(PatientsOverview.class);

    /**
     * @param name              the patient's name from FHIR, when the FHIR server answered
     * @param openDeadLetters   Withings answers of theirs waiting for an operator
     * @param lastSyncProblem   what stopped the latest sync, when it failed
     * @param backfill          how far their history has come in, when it has a backfill
     */
    public record Row(String patient, String withingsUserId, Optional<String> name, AccountStatus status,
                      Optional<Instant> lastSyncedAt, Optional<String> lastSyncProblem, long openDeadLetters,
                      List<FhirRecords.DeviceSummary> devices, Optional<BackfillProgress.Progress> backfill) {

        /** What needs attention, in words; empty when all is well. */
        public List<String> problems() {
            List<String> problems = new ArrayList<>();
            if (status == AccountStatus.REAUTHORIZATION_NEEDED) {
                problems.add("re-authorization needed");
            }
            if (openDeadLetters > 0) {
                problems.add(openDeadLetters + (openDeadLetters == 1 ? " dead letter" : " dead letters"));
            }
            lastSyncProblem.ifPresent(problem -> problems.add("last sync failed: " + problem));
            return problems;
        }

        /** The patient's id in FHIR, for links. */
        public String patientId() {
            return patient.substring(patient.indexOf('/') + 1);
        }
    }

    /** @param fhirAnswered false when names and devices could not be read from the FHIR server */
    public record Page(List<Row> rows, long total, int page, int size, boolean fhirAnswered) {

        public boolean hasNext() {
            return (long) (page + 1) * size < total;
        }
    }

    private final AccountStore accounts;
    private final DeadLetters deadLetters;
    private final FhirRecords fhir;
    private final BackfillProgress backfills;

    PatientsOverview(AccountStore accounts, DeadLetters deadLetters, FhirRecords fhir, BackfillProgress backfills) {
        this.backfills = backfills;
        this.accounts = accounts;
        this.deadLetters = deadLetters;
        this.fhir = fhir;
    }

    public Page page(int page, int size) {
        List<AccountStore.Watched> watched = accounts.watched(page * size, size);
        long total = accounts.count();
        Map<String, Long> openDeadLetters = deadLetters.openByUser(
                watched.stream().map(AccountStore.Watched::withingsUserId).toList());
        Map<String, BackfillProgress.Progress> progress = backfills.of(
                watched.stream().map(AccountStore.Watched::withingsUserId).toList());
        List<String> patients = watched.stream().map(AccountStore.Watched::patientReference).distinct().toList();
        Map<String, String> names = Map.of();
        List<FhirRecords.DeviceSummary> devices = List.of();
        boolean fhirAnswered = true;
        try {
            names = fhir.names(patients);
            devices = fhir.devices(patients);
        } catch (RuntimeException e) {
            LOG.warn("The dashboard could not read patients' names and devices from FHIR: {}", e.getMessage());
            fhirAnswered = false;
        }
        List<Row> rows = new ArrayList<>();
        for (AccountStore.Watched account : watched) {
            List<FhirRecords.DeviceSummary> theirs = devices.stream()
                    .filter(device -> device.patient().equals(account.patientReference())).toList();
            rows.add(new Row(account.patientReference(), account.withingsUserId(),
                    Optional.ofNullable(names.get(account.patientReference())), account.status(),
                    account.lastSyncedAt(), account.lastSyncProblem(),
                    openDeadLetters.getOrDefault(account.withingsUserId(), 0L), theirs,
                    Optional.ofNullable(progress.get(account.withingsUserId()))));
        }
        return new Page(rows, total, page, size, fhirAnswered);
    }
}
