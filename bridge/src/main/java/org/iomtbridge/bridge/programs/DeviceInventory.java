package org.iomtbridge.bridge.programs;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.Observation;
import org.iomtbridge.mapping.fhir.ResourceIds;
import org.springframework.stereotype.Service;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Which of the program's devices is with whom, since when, with its battery and last reading as the FHIR server has
 * them: what the Devices and Observations the bridge wrote answer.
 */
@Service
class DeviceInventory {

    static final int PAGE_SIZE = 25;

    /**
     * One assignment of a device.
     *
     * @param patient    with whom the device is, or was until {@code releasedAt}
     * @param battery    the level Withings last reported, as the FHIR Device has it
     * @param lastReading when the device's latest Observation in FHIR was taken, and what it was
     */
    record Line(String macAddress, Optional<String> model, String patient, Optional<String> withingsUserId,
                Instant since, Optional<Instant> releasedAt, Optional<ProgramMembers.Handover> released,
                Optional<String> battery, Optional<Instant> lastReading, Optional<String> lastReadingWhat) {

        public boolean current() {
            return releasedAt.isEmpty();
        }
    }

    private final ProgramMembers members;
    private final IGenericClient fhir;

    DeviceInventory(ProgramMembers members, IGenericClient fhirClient) {
        this.members = members;
        this.fhir = fhirClient;
    }

    List<Line> page(int page) {
        return members.inventory(page * PAGE_SIZE, PAGE_SIZE).stream().map(this::line).toList();
    }

    private Line line(ProgramMembers.Assignment assignment) {
        Optional<Device> device = Optional.empty();
        Optional<Observation> latest = Optional.empty();
        if (assignment.deviceId().isPresent() && assignment.current()) {
            String id = ResourceIds.device("withings", assignment.deviceId().get());
            device = read(id);
            latest = latestReading(id);
        }
        return new Line(assignment.macAddress().value(), assignment.model(), assignment.patientReference(),
                assignment.withingsUserId(), assignment.since(), assignment.releasedAt(), assignment.released(),
                device.flatMap(DeviceInventory::battery),
                latest.filter(Observation::hasEffectiveDateTimeType)
                        .map(observation -> observation.getEffectiveDateTimeType().getValue().toInstant()),
                latest.map(observation -> observation.getCode().hasText() ? observation.getCode().getText()
                        : observation.getCode().getCodingFirstRep().getDisplay()));
    }

    private Optional<Device> read(String id) {
        try {
            return Optional.of(fhir.read().resource(Device.class).withId(id).execute());
        } catch (BaseServerResponseException notThere) {
            return Optional.empty();
        }
    }

    private Optional<Observation> latestReading(String deviceId) {
        try {
            Bundle found = fhir.search().forResource(Observation.class)
                    .where(Observation.DEVICE.hasId("Device/" + deviceId))
                    .sort().descending(Observation.DATE).count(1).returnBundle(Bundle.class).execute();
            return found.getEntry().stream().map(entry -> (Observation) entry.getResource()).findFirst();
        } catch (BaseServerResponseException notThere) {
            return Optional.empty();
        }
    }

    private static Optional<String> battery(Device device) {
        return device.getProperty().stream().filter(property -> "battery level".equals(property.getType().getText()))
                .flatMap(property -> property.getValueCode().stream()).map(code -> code.getText()).findFirst();
    }
}
