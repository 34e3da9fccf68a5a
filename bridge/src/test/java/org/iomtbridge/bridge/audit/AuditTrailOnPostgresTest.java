package org.iomtbridge.bridge.audit;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Patient;
import org.iomtbridge.bridge.BridgeTest;
import org.iomtbridge.bridge.admin.ApiKeys;
import org.iomtbridge.bridge.support.SharedServers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The audit trail on PostgreSQL: every admin API call is recorded with who made it, refusals included; the trail is
 * read back through the admin API with filters; no one, not even the bridge's own database user, changes or removes
 * a record; and the records reach the FHIR server as AuditEvents.
 */
class AuditTrailOnPostgresTest extends BridgeTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;
    @Autowired
    ApiKeys apiKeys;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    AuditTrail trail;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        usePostgres(registry);
        registry.add("iomt.fhir.base-url", SharedServers::fhirBaseUrl);
        registry.add("iomt.audit.fhir-export", () -> "true");
        registry.add("iomt.audit.export-interval", () -> "1s");
    }

    @Test
    void everyAdminCallIsRecordedWithItsCallerAndRefusalsToo() throws Exception {
        String key = apiKeys.create("night-shift-script", java.util.EnumSet.allOf(org.iomtbridge.bridge.admin.Role.class)).key();
        String user = String.valueOf(900_000_000L + (long) (Math.random() * 1_000_000));
        assertThat(get("/api/v1/consents/" + user, key).statusCode()).isEqualTo(404);
        assertThat(get("/api/v1/dead-letters", "iomt_not-a-key").statusCode()).isEqualTo(401);

        JsonNode aboutUser = JSON.readTree(get("/api/v1/audit-events?withingsUserId=" + user, key).body());
        assertThat(aboutUser.get("total").asLong()).isEqualTo(1);
        JsonNode read = aboutUser.get("items").get(0);
        assertThat(read.get("action").asText()).isEqualTo("api.read");
        assertThat(read.get("actorType").asText()).isEqualTo("API_CLIENT");
        assertThat(read.get("actor").asText()).contains("night-shift-script");
        assertThat(read.get("clientAddress").asText()).isEqualTo("127.0.0.1");
        assertThat(read.get("detail").asText()).isEqualTo("GET /api/v1/consents/{withingsUserId} 404");

        JsonNode refused = JSON.readTree(get("/api/v1/audit-events?actor=-&action=api.read&size=5", key).body());
        assertThat(refused.get("items")).anySatisfy(item -> {
            assertThat(item.get("actorType").asText()).isEqualTo("ANONYMOUS");
            assertThat(item.get("outcome").asText()).isEqualTo("REFUSED");
            assertThat(item.get("detail").asText()).isEqualTo("GET /api/v1/dead-letters 401");
        });
        assertThat(get("/api/v1/audit-events?actor=-&action=api.read&size=5", key).body())
                .doesNotContain(key).doesNotContain("iomt_not-a-key");
    }

    @Test
    void badFiltersAreRefusedWithTheReason() throws Exception {
        String key = apiKeys.create("filters", java.util.EnumSet.allOf(org.iomtbridge.bridge.admin.Role.class)).key();
        for (String query : List.of("page=-1", "size=0", "size=100000", "from=yesterday", "page=2147483647",
                "actor=" + "x".repeat(300))) {
            HttpResponse<String> answer = get("/api/v1/audit-events?" + query, key);
            assertThat(answer.statusCode()).as(query).isEqualTo(400);
            assertThat(answer.body()).as(query).contains("\"error\"");
        }
    }

    @Test
    void noRecordCanBeChangedOrRemovedEvenByTheBridgesDatabaseUser() {
        trail.record(AuditEntry.of("consent.revoked", AuditEntry.Outcome.SUCCESS).withingsUser("4242")
                .by(AuditEntry.ActorType.SYSTEM, "test"));
        assertThatThrownBy(() -> jdbc.sql("update audit_event set actor = 'someone else' where withings_user_id = '4242'")
                .update()).hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("delete from audit_event").update()).hasMessageContaining("append-only");
        assertThat(jdbc.sql("select count(*) from audit_event where withings_user_id = '4242' and actor = 'test'")
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void theRecordsReachTheFhirServerAsAuditEventsEvenOneOfAPatientTheServerDoesNotHold() {
        IGenericClient fhir = FhirContext.forR4Cached().newRestfulGenericClient(SharedServers.fhirBaseUrl());
        String patient = "Patient/" + fhir.create().resource(new Patient().addName(new HumanName().setFamily("Audit")))
                .execute().getId().getIdPart();
        String unknown = "Patient/no-such-" + UUID.randomUUID().toString().substring(0, 8);
        trail.record(AuditEntry.of("dashboard.read", AuditEntry.Outcome.REFUSED).patient(unknown)
                .by(AuditEntry.ActorType.USER, "nurse.jones").detail("GET /dashboard/patients/{id} 404"));
        long refusedRead = lastRecordOf(unknown);
        trail.record(AuditEntry.of("dashboard.read", AuditEntry.Outcome.SUCCESS).patient(patient)
                .by(AuditEntry.ActorType.USER, "nurse.jones").detail("GET /dashboard/patients/{id} 200"));
        long read = lastRecordOf(patient);

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(auditEvent(fhir, read)).isNotNull());
        AuditEvent event = auditEvent(fhir, read);
        assertThat(event.getType().getCode()).isEqualTo("rest");
        assertThat(event.getAction()).isEqualTo(AuditEvent.AuditEventAction.R);
        assertThat(event.getSubtypeFirstRep().getCode()).isEqualTo("dashboard.read");
        assertThat(event.getAgentFirstRep().getWho().getIdentifier().getValue()).isEqualTo("nurse.jones");
        assertThat(event.getAgentFirstRep().getRequestor()).isTrue();
        assertThat(event.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._0);
        assertThat(event.getEntityFirstRep().getWhat().getReference()).isEqualTo(patient);

        AuditEvent refused = auditEvent(fhir, refusedRead);
        assertThat(refused.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._4);
        assertThat(refused.getEntityFirstRep().getWhat().getDisplay()).isEqualTo(unknown);
    }

    private long lastRecordOf(String patient) {
        return jdbc.sql("select max(id) from audit_event where patient = :patient").param("patient", patient)
                .query(Long.class).single();
    }

    private static AuditEvent auditEvent(IGenericClient fhir, long record) {
        Bundle found = fhir.search().forResource(AuditEvent.class)
                .where(AuditEvent.RES_ID.exactly().code("iomt-audit-" + record)).returnBundle(Bundle.class).execute();
        return found.getEntry().isEmpty() ? null : (AuditEvent) found.getEntryFirstRep().getResource();
    }

    private HttpResponse<String> get(String path, String key) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofString());
    }
}
