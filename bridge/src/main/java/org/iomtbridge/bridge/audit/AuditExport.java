package org.iomtbridge.bridge.audit;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import org.iomtbridge.bridge.fhirwrite.FhirWriteException;
import org.iomtbridge.bridge.fhirwrite.FhirWriter;
import org.iomtbridge.bridge.fhirwrite.FhirWrites;
import org.iomtbridge.bridge.fhirwrite.WaitForFhir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * With {@code iomt.audit.fhir-export}, the audit trail is also written to the FHIR server as AuditEvents, in order,
 * by a recurring task (one instance at a time): a batch is sent, then the export's mark moves past it. A batch cut
 * short is sent again whole, and its ids make the second write replace the first.
 */
@Configuration
@ConditionalOnProperty(name = "iomt.audit.fhir-export", havingValue = "true")
class AuditExport {

    private static final Logger LOG = LoggerFactory.getLogger(AuditExport.class);
    private static final int BATCH = 200;

    @Bean
    FhirWrites auditEventsWritten() {
        return new FhirWrites("the audit export (iomt.audit.fhir-export)", Set.of("AuditEvent"), Set.of());
    }

    @Bean
    RecurringTask<Void> exportAuditEvents(AuditTrail trail, JdbcClient jdbc, FhirWriter writer,
                                          AuditProperties properties) {
        FhirAuditEvents events = new FhirAuditEvents();
        return Tasks.recurring("export-audit-events", FixedDelay.of(properties.exportInterval()))
                .onFailure(new WaitForFhir<>(writer, Duration.ofSeconds(30)))
                .execute((instance, context) -> {
                    List<AuditRecord> records;
                    do {
                        long last = jdbc.sql("select last_exported_id from audit_export where id = 1")
                                .query(Long.class).single();
                        records = trail.after(last, BATCH);
                        if (records.isEmpty()) {
                            return;
                        }
                        write(writer, events, records);
                        jdbc.sql("update audit_export set last_exported_id = :id where id = 1")
                                .param("id", records.get(records.size() - 1).id()).update();
                        LOG.debug("Wrote {} audit records to FHIR as AuditEvents", records.size());
                    } while (records.size() == BATCH);
                });
    }

    /** A batch the server refuses is written record by record, so that one refused record holds back no other. */
    private static void write(FhirWriter writer, FhirAuditEvents events, List<AuditRecord> records) {
        try {
            writer.writeRecords(records.stream().map(record -> events.toFhir(record, true)).toList());
        } catch (FhirWriteException refused) {
            if (refused.transientFailure()) {
                throw refused;
            }
            for (AuditRecord record : records) {
                try {
                    writer.writeRecords(List.of(events.toFhir(record, true)));
                } catch (FhirWriteException alone) {
                    if (alone.transientFailure()) {
                        throw alone;
                    }
                    LOG.warn("The FHIR server refused audit record {} as it was ({}); written naming its patient"
                            + " without a reference", record.id(), alone.getMessage());
                    writer.writeRecords(List.of(events.toFhir(record, false)));
                }
            }
        }
    }
}
