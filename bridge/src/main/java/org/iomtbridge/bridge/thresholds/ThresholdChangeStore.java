package org.iomtbridge.bridge.thresholds;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;

/** The threshold_change table: rows are added, never changed. */
@Repository
class ThresholdChangeStore {

    private final JdbcClient jdbc;

    ThresholdChangeStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void add(ThresholdChange change) {
        jdbc.sql("insert into threshold_change (patient_reference, loinc, bands, effective_from, changed_by, reason)"
                        + " values (:patient, :loinc, :bands, :from, :by, :reason)")
                .param("patient", change.patientReference().orElse(null))
                .param("loinc", change.loinc())
                .param("bands", change.bands().orElse(null))
                .param("from", Timestamp.from(change.effectiveFrom()))
                .param("by", change.changedBy())
                .param("reason", change.reason().orElse(null))
                .update();
    }

    /** The program's changes and the patient's, oldest first. */
    List<ThresholdChange> affecting(String patientReference) {
        return jdbc.sql("select * from threshold_change where patient_reference is null or patient_reference = :patient"
                        + " order by effective_from, id")
                .param("patient", patientReference)
                .query(ThresholdChangeStore::read).list();
    }

    /** The program's changes, oldest first. */
    List<ThresholdChange> programWide() {
        return jdbc.sql("select * from threshold_change where patient_reference is null order by effective_from, id")
                .query(ThresholdChangeStore::read).list();
    }

    private static ThresholdChange read(ResultSet row, int number) throws SQLException {
        return new ThresholdChange(row.getLong("id"), Optional.ofNullable(row.getString("patient_reference")),
                row.getString("loinc"), Optional.ofNullable(row.getString("bands")),
                row.getTimestamp("effective_from").toInstant(), row.getString("changed_by"),
                Optional.ofNullable(row.getString("reason")));
    }
}
