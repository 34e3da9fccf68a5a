package org.iomtbridge.mapping;

import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Resource;

import java.util.ArrayList;
import java.util.List;

/**
 * The FHIR resources of one Withings answer, and what a reader of the mapping should know about it.
 *
 * @param observations     one per distinct measurement; a measurement Withings lists twice is here once
 * @param devices          the devices the observations reference, and those of a device list
 * @param notes            reported facts: undocumented codes, values mapped with the Withings coding only, …
 * @param skippedByPolicy  measurements the attribution policy told to skip
 * @param duplicatesMerged measurements listed more than once by Withings (for example the same group with attrib 0 and 8)
 */
public record MappingResult(List<Observation> observations, List<Device> devices, List<String> notes,
                            int skippedByPolicy, int duplicatesMerged) {

    public MappingResult {
        observations = List.copyOf(observations);
        devices = List.copyOf(devices);
        notes = List.copyOf(notes);
    }

    /** Devices first, so that a writer creates what observations reference before them. */
    public List<Resource> resources() {
        List<Resource> resources = new ArrayList<>(devices);
        resources.addAll(observations);
        return resources;
    }
}
