package org.iomtbridge.bridge.fhirwrite;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement.SystemRestfulInteraction;
import org.hl7.fhir.r4.model.CapabilityStatement.TypeRestfulInteraction;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iomtbridge.bridge.fhirwrite.Statements.BRIDGE_DEFAULTS;
import static org.iomtbridge.bridge.fhirwrite.Statements.handMade;

/** What the bridge makes of a server's capability statement: the bundles it sends, and when it refuses to write. */
class TargetServerTest {

    private static final Set<TypeRestfulInteraction> READ_WRITE = Set.of(TypeRestfulInteraction.READ,
            TypeRestfulInteraction.UPDATE, TypeRestfulInteraction.DELETE, TypeRestfulInteraction.SEARCHTYPE);

    @Test
    void hapiTakesEverythingTheBridgeWritesAndGetsTransactionsThoughItListsNoBundleInteraction() {
        TargetServer hapi = TargetServer.of(Statements.hapi());

        assertThat(hapi.transaction()).isFalse();
        assertThat(hapi.batch()).isFalse();
        assertThat(hapi.interactions().get("Observation")).contains(TypeRestfulInteraction.UPDATE,
                TypeRestfulInteraction.DELETE);
        assertThat(hapi.refusal(List.of(BRIDGE_DEFAULTS.get(0), BRIDGE_DEFAULTS.get(1),
                new FhirWrites("the audit export (iomt.audit.fhir-export)", Set.of("AuditEvent"), Set.of()),
                new FhirWrites("the erasure", Set.of(), Set.of("Observation", "Provenance"))))).isEmpty();
        assertThat(hapi.bundleType(TargetServer.BundleTypeSetting.AUTO)).isEqualTo(Bundle.BundleType.TRANSACTION);
        assertThat(hapi.bundleType(TargetServer.BundleTypeSetting.BATCH)).isEqualTo(Bundle.BundleType.BATCH);
    }

    @Test
    void aServerListingOnlyBatchGetsBatchesUnlessTransactionsAreForced() {
        TargetServer batchOnly = TargetServer.of(handMade(Set.of(SystemRestfulInteraction.BATCH), Map.of(
                "Observation", READ_WRITE, "Device", READ_WRITE, "Provenance", READ_WRITE, "Consent", READ_WRITE)));

        assertThat(batchOnly.refusal(BRIDGE_DEFAULTS)).isEmpty();
        assertThat(batchOnly.bundleType(TargetServer.BundleTypeSetting.AUTO)).isEqualTo(Bundle.BundleType.BATCH);
        assertThat(batchOnly.bundleType(TargetServer.BundleTypeSetting.TRANSACTION))
                .isEqualTo(Bundle.BundleType.TRANSACTION);
        TargetServer both = TargetServer.of(handMade(Set.of(SystemRestfulInteraction.BATCH,
                SystemRestfulInteraction.TRANSACTION), Map.of()));
        assertThat(both.bundleType(TargetServer.BundleTypeSetting.AUTO)).isEqualTo(Bundle.BundleType.TRANSACTION);
    }

    @Test
    void aServerWithoutProvenanceIsRefusedNamingTheResourceAndWhatToDo() {
        TargetServer noProvenance = TargetServer.of(handMade(Set.of(SystemRestfulInteraction.TRANSACTION), Map.of(
                "Observation", READ_WRITE, "Device", READ_WRITE, "Consent", READ_WRITE)));

        assertThat(noProvenance.refusal(BRIDGE_DEFAULTS)).hasValueSatisfying(reason -> assertThat(reason)
                .contains("it lists no Provenance resource")
                .contains("the FHIR Consent of each patient and the sync of Withings data write")
                .contains("every batch carries a Provenance")
                .contains("enable these resource types on the server, or point iomt.fhir.base-url at one that has them")
                .doesNotContain("Observation"));
    }

    @Test
    void aServerThatCannotUpdateObservationsIsRefusedNamingTheTypeTheFeatureAndWhatToDo() {
        Set<TypeRestfulInteraction> createOnly = Set.of(TypeRestfulInteraction.CREATE, TypeRestfulInteraction.READ);
        TargetServer noUpdate = TargetServer.of(handMade(Set.of(SystemRestfulInteraction.TRANSACTION), Map.of(
                "Observation", createOnly, "Device", READ_WRITE, "Provenance", READ_WRITE, "Consent", READ_WRITE)));

        assertThat(noUpdate.refusal(BRIDGE_DEFAULTS)).hasValue("it does not allow update (PUT) on Observation, which"
                + " the sync of Withings data writes to their own deterministic ids, so that a write repeated changes"
                + " nothing: allow update with client-assigned ids for these types");
    }

    @Test
    void anOptionalFeatureTheServerCannotServeIsNamedWithItsSetting() {
        TargetServer noAuditEvents = TargetServer.of(handMade(Set.of(SystemRestfulInteraction.BATCH), Map.of(
                "Observation", Set.of(TypeRestfulInteraction.UPDATE), "Device", READ_WRITE,
                "Provenance", READ_WRITE, "Consent", READ_WRITE)));

        assertThat(noAuditEvents.refusal(List.of(BRIDGE_DEFAULTS.get(0), BRIDGE_DEFAULTS.get(1),
                new FhirWrites("the audit export (iomt.audit.fhir-export)", Set.of("AuditEvent"), Set.of()),
                new FhirWrites("the erasure of a revoked patient's data (iomt.revocation.erase-data)", Set.of(),
                        Set.of("Observation", "Provenance"))))).hasValueSatisfying(reason -> assertThat(reason)
                .contains("it lists no AuditEvent resource, which the audit export (iomt.audit.fhir-export) writes")
                .contains("it does not allow delete on Observation, which the erasure of a revoked patient's data"
                        + " (iomt.revocation.erase-data) deletes: allow delete for these types, or turn that feature off")
                .doesNotContain("update (PUT)"));
    }
}
