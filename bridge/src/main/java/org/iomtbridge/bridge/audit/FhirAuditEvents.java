package org.iomtbridge.bridge.audit;

import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Reference;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;

/**
 * Turns audit records into FHIR R4 {@code AuditEvent}s after the IHE Basic Audit Log Patterns: the type and action
 * from {@code audit-event-types.tsv}, the actor as the requesting agent with its network address, the bridge as the
 * source, the patient (when the record names one) as the entity. Ids follow the record's id, so writing one again
 * replaces it instead of adding a second.
 */
final class FhirAuditEvents {

    private static final String TABLE = "/audit-event-types.tsv";
    private static final String BASE = "https://iomt-bridge.org/fhir/";
    static final String ACTION_SYSTEM = BASE + "CodeSystem/audit-action";
    private static final String ACTOR_SYSTEM = BASE + "sid/audit-actor/";
    private static final String SOURCE_TYPE = "http://terminology.hl7.org/CodeSystem/security-source-type";
    private static final String OBJECT_ROLE = "http://terminology.hl7.org/CodeSystem/object-role";
    private static final String OBJECT_TYPE = "http://terminology.hl7.org/CodeSystem/audit-entity-type";

    private record EventType(String prefix, Coding type, AuditEvent.AuditEventAction action) {
    }

    private final List<EventType> types;

    FhirAuditEvents() {
        this.types = load();
    }

    /**
     * @param patientOnServer whether the record's patient may be referenced: a server that checks references refuses
     *                        an AuditEvent of a Patient it does not hold (an id someone tried, a Patient since deleted),
     *                        which then names the patient without a reference
     */
    AuditEvent toFhir(AuditRecord record, boolean patientOnServer) {
        EventType kind = types.stream().filter(type -> record.action().startsWith(type.prefix())).findFirst()
                .orElseThrow(() -> new IllegalStateException(TABLE + " has no catch-all line"));
        AuditEvent event = new AuditEvent();
        event.setId("iomt-audit-" + record.id());
        event.setType(kind.type().copy());
        event.addSubtype(new Coding(ACTION_SYSTEM, record.action(), null));
        event.setAction(kind.action());
        event.setRecorded(Date.from(record.occurredAt()));
        event.setOutcome(switch (record.outcome()) {
            case "SUCCESS" -> AuditEvent.AuditEventOutcome._0;
            case "REFUSED" -> AuditEvent.AuditEventOutcome._4;
            default -> AuditEvent.AuditEventOutcome._8;
        });
        if (record.detail() != null) {
            event.setOutcomeDesc(record.detail());
        }
        AuditEvent.AuditEventAgentComponent agent = event.addAgent().setRequestor(true);
        agent.setWho(new Reference().setDisplay(record.actor()).setIdentifier(
                new org.hl7.fhir.r4.model.Identifier().setSystem(ACTOR_SYSTEM + record.actorType().toLowerCase())
                        .setValue(record.actor())));
        if (record.clientAddress() != null) {
            agent.getNetwork().setAddress(record.clientAddress())
                    .setType(AuditEvent.AuditEventAgentNetworkType._2);
        }
        event.getSource().setObserver(new Reference().setDisplay("IoMT FHIR Bridge"))
                .addType(new Coding(SOURCE_TYPE, "4", "Application Server"));
        if (record.patient() != null) {
            event.addEntity().setWhat(patientOnServer ? new Reference(record.patient())
                            : new Reference().setDisplay(record.patient()))
                    .setType(new Coding(OBJECT_TYPE, "1", "Person"))
                    .setRole(new Coding(OBJECT_ROLE, "1", "Patient"));
        }
        return event;
    }

    private static List<EventType> load() {
        List<EventType> loaded = new ArrayList<>();
        try (InputStream in = FhirAuditEvents.class.getResourceAsStream(TABLE);
             BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] cells = line.split("\t", -1);
                if (cells.length != 5) {
                    throw new IllegalStateException(TABLE + ": five tab-separated cells expected in: " + line);
                }
                loaded.add(new EventType(cells[0], new Coding(cells[1], cells[2], cells[3]),
                        AuditEvent.AuditEventAction.fromCode(cells[4])));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (org.hl7.fhir.exceptions.FHIRException e) {
            throw new IllegalStateException(TABLE + ": " + e.getMessage(), e);
        }
        loaded.sort(Comparator.comparingInt((EventType type) -> type.prefix().length()).reversed());
        return List.copyOf(loaded);
    }
}
