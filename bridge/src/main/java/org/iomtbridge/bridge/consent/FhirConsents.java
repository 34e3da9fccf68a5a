package org.iomtbridge.bridge.consent;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.iomtbridge.bridge.fhirwrite.FhirWriter;
import org.iomtbridge.mapping.WithingsFhirMapper;
import org.iomtbridge.mapping.fhir.FhirSystems;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** Keeps the FHIR Consent of a Withings user in step with the bridge's consent record: active, or inactive once revoked. */
@Component
class FhirConsents {

    private final JdbcClient jdbc;
    private final FhirWriter writer;
    private final WithingsFhirMapper mapper = WithingsFhirMapper.standard();
    private final Clock clock;

    public FhirConsents(JdbcClient jdbc, FhirWriter writer, Clock clock) {
        this.jdbc = jdbc;
        this.writer = writer;
        this.clock = clock;
    }

    /** Writes the FHIR Consent of the user's latest consent record. */
    public void write(String withingsUserId) {
        record Latest(String patient, String status, String version, String sha, Timestamp granted, Timestamp updated,
                      Optional<String> capturedBy, Optional<String> signedDocument) {
        }
        Optional<Latest> latest = jdbc.sql("""
                        select patient_reference, status, text_version, text_sha256, granted_at, updated_at, captured_by,
                        signed_document from consent where withings_user_id = :user order by id desc""")
                .param("user", withingsUserId)
                .query((row, number) -> new Latest(row.getString(1), row.getString(2), row.getString(3), row.getString(4),
                        row.getTimestamp(5), row.getTimestamp(6), Optional.ofNullable(row.getString(7)),
                        Optional.ofNullable(row.getString(8))))
                .list().stream().findFirst();
        latest.ifPresent(consent -> {
            boolean active = ConsentStatus.valueOf(consent.status()) == ConsentStatus.ACTIVE;
            Consent resource = mapper.builder().consent(withingsUserId, new Reference(consent.patient()), active,
                    consent.granted().toInstant(),
                    active ? Optional.empty() : Optional.of(consent.updated().toInstant()),
                    consent.version(), consent.sha());
            consent.signedDocument().ifPresent(document -> resource.setSource(new Reference(document)));
            writer.write(List.of(resource), batch -> {
                Provenance provenance = mapper.builder().provenance(batch, consent.sha(), "consent of Withings user "
                        + withingsUserId + ", text version " + consent.version(), clock.instant());
                // Who took the consent in person is part of its evidence, as the patient's own OAuth grant is otherwise.
                consent.capturedBy().ifPresent(name -> provenance.addAgent()
                        .setType(new CodeableConcept().addCoding(new Coding(FhirSystems.PROVENANCE_PARTICIPANT_TYPE,
                                "enterer", "Enterer")))
                        .setWho(new Reference().setDisplay(name)));
                return provenance;
            });
        });
    }
}
