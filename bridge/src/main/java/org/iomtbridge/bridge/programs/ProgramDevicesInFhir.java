package org.iomtbridge.bridge.programs;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.iomtbridge.bridge.fhirwrite.FhirWriter;
import org.iomtbridge.bridge.shared.Sha256;
import org.iomtbridge.bridge.sync.DeviceLabels;
import org.iomtbridge.mapping.WithingsFhirMapper;
import org.iomtbridge.mapping.fhir.FhirSystems;
import org.iomtbridge.mapping.normalized.DeviceRef;
import org.iomtbridge.withings.model.MacAddress;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A program's devices in FHIR: the Device the sync writes for a member's device carries its MAC address, so that which
 * device is with whom, its last reading and its battery can be asked of FHIR; when a program ends, the Device says
 * the device is no longer in use, and with no patient once it was given back.
 */
@Component
class ProgramDevicesInFhir implements DeviceLabels {

    private final ProgramMembers members;
    private final FhirWriter writer;
    private final Clock clock;
    private final WithingsFhirMapper mapper = WithingsFhirMapper.standard();

    ProgramDevicesInFhir(ProgramMembers members, FhirWriter writer, Clock clock) {
        this.members = members;
        this.writer = writer;
        this.clock = clock;
    }

    @Override
    public void label(Device device) {
        device.getIdentifier().stream().filter(id -> FhirSystems.WITHINGS_DEVICE_ID.equals(id.getSystem())).findFirst()
                .flatMap(id -> members.assignedByDeviceId(id.getValue()))
                .ifPresent(assignment -> withMacAddress(device, assignment.macAddress()));
    }

    /** The Devices of a member whose program ended: not in use, and with no patient when given back. */
    void released(List<ProgramMembers.Assignment> devices, ProgramMembers.Handover handover) {
        List<Device> resources = devices.stream().filter(assignment -> assignment.deviceId().isPresent())
                .map(assignment -> {
                    Device device = mapper.builder().device(new DeviceRef(assignment.deviceId().get(),
                            assignment.model(), OptionalInt.empty(), assignment.type(), Optional.empty()),
                            new Reference(assignment.patientReference()));
                    device.setStatus(Device.FHIRDeviceStatus.INACTIVE);
                    if (handover == ProgramMembers.Handover.RETURNED) {
                        device.setPatient(null);
                    }
                    return withMacAddress(device, assignment.macAddress());
                }).toList();
        if (!resources.isEmpty()) {
            String what = "end of a program: devices " + handover.name().toLowerCase() + " " + devices.stream()
                    .map(assignment -> assignment.macAddress().value()).toList();
            writer.write(resources, batch -> mapper.builder().provenance(batch, Sha256.hex(what), what,
                    clock.instant()));
        }
    }

    private static Device withMacAddress(Device device, MacAddress macAddress) {
        boolean labelled = device.getIdentifier().stream()
                .anyMatch(id -> FhirSystems.DEVICE_MAC_ADDRESS.equals(id.getSystem()));
        if (!labelled) {
            device.addIdentifier(new Identifier().setSystem(FhirSystems.DEVICE_MAC_ADDRESS)
                    .setType(new CodeableConcept().setText("MAC address")).setValue(macAddress.value()));
        }
        return device;
    }
}
