package org.iomtbridge.bridge.fhirwrite;

import java.util.Set;

/**
 * What one feature writes to the FHIR server, declared as a bean by that feature so that the target server can be
 * checked for it before anything is written: the resource types it puts (always to their own ids) and deletes.
 *
 * @param feature what writes them and the setting that turns it on, for the message when the server cannot take them,
 *                for example {@code the audit export (iomt.audit.fhir-export)}
 */
public record FhirWrites(String feature, Set<String> updates, Set<String> deletes) {

    public FhirWrites {
        updates = Set.copyOf(updates);
        deletes = Set.copyOf(deletes);
    }
}
