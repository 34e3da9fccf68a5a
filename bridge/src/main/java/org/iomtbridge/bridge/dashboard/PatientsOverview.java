package org.iomtbridge.bridge.dashboard;

import org.iomtbridge.bridge.accounts.AccountStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The patients at a glance: consent, last sync, devices and what needs someone's attention. */
@Service
public class PatientsOverview {

    private static final Logger LOG = LoggerFactory.getLogger(PatientsOverview.class);

    /**
     * @param name              the patient's name from FHIR, when the FHIR server answered
     * @param openDeadLetters   Withings answers of theirs waiting for an operator
     * @param lastSyncProblem   what stopped the latest sync, when it failed
     */
    public record Row(String patient, String withingsUserId, Optional<String> name, AccountStatus status,
                      Optional<Instant> lastSyncedAt, Optional<String> lastSyncProblem, long openDeadLetters,
                      List<FhirRecords.DeviceSummary> devices) {

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

    private record Account(String withingsUserId, String patient, AccountStatus status, Optional<Instant> lastSyncedAt,
                           Optional<String> problem, long openDeadLetters) {
    }

    private final JdbcClient jdbc;
    private final FhirRecords fhir;

    public PatientsOverview(JdbcClient jdbc, FhirRecords fhir) {
        this.jdbc = jdbc;
        this.fhir = fhir;
    }

    public Page page(int page, int size) {
        List<Account> accounts = jdbc.sql("""
                        select a.withings_user_id, a.patient_reference, a.status, a.last_synced_at, a.last_sync_problem,
                               (select count(*) from dead_letter d
                                where d.withings_user_id = a.withings_user_id and d.status = 'OPEN')
                        from withings_account a order by a.created_at desc, a.withings_user_id
                        limit :limit offset :offset""")
                .param("limit", size).param("offset", page * size)
                .query((row, number) -> new Account(row.getString(1), row.getString(2),
                        AccountStatus.valueOf(row.getString(3)),
                        Optional.ofNullable(row.getTimestamp(4)).map(Timestamp::toInstant),
                        Optional.ofNullable(row.getString(5)), row.getLong(6)))
                .list();
        long total = jdbc.sql("select count(*) from withings_account").query(Long.class).single();
        List<String> patients = accounts.stream().map(Account::patient).distinct().toList();
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
        for (Account account : accounts) {
            List<FhirRecords.DeviceSummary> theirs = devices.stream()
                    .filter(device -> device.patient().equals(account.patient())).toList();
            rows.add(new Row(account.patient(), account.withingsUserId(),
                    Optional.ofNullable(names.get(account.patient())), account.status(), account.lastSyncedAt(),
                    account.problem(), account.openDeadLetters(), theirs));
        }
        return new Page(rows, total, page, size, fhirAnswered);
    }
}
